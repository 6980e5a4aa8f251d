package io.aiosedge.federated.internal;

import java.util.Random;

/**
 * Client-side Gaussian noise for differential privacy (the Gaussian mechanism of DP-FedAvg): after clipping to
 * norm C, each value gets N(0, (multiplier·C)²) added before the update leaves the gateway. Multiplier 0 adds
 * nothing. The privacy budget this buys depends on the rounds and participants; it is not accounted here.
 */
public final class GaussianNoise {

    private final double sigma;
    private final Random random;

    /**
     * @param multiplier noise standard deviation as a multiple of the clipping norm (finite, ≥ 0)
     * @param clip the clipping norm (finite, &gt; 0)
     * @param seed seed of the draws
     * @throws IllegalArgumentException naming the multiplier or clip when out of range
     */
    public GaussianNoise(double multiplier, double clip, long seed) {
        if (!(multiplier >= 0) || !Double.isFinite(multiplier)) {
            throw new IllegalArgumentException("noise multiplier must be a finite number >= 0, not " + multiplier);
        }
        if (!(clip > 0) || !Double.isFinite(clip)) {
            throw new IllegalArgumentException("clipping norm must be a finite number > 0, not " + clip);
        }
        this.sigma = multiplier * clip;
        this.random = new Random(seed);
    }

    /** @return the standard deviation added to each value */
    public double sigma() {
        return sigma;
    }

    /** @return a noisy copy (the delta itself when sigma is 0) */
    public float[] apply(float[] delta) {
        if (sigma == 0) {
            return delta;
        }
        float[] out = new float[delta.length];
        for (int i = 0; i < delta.length; i++) {
            out[i] = (float) (delta[i] + sigma * random.nextGaussian());
        }
        return out;
    }
}
