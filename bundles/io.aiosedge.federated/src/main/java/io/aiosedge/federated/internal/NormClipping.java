package io.aiosedge.federated.internal;

/**
 * Bounds an update's L2 norm: a longer delta is scaled down to the bound, a shorter one is left alone. It limits
 * what one gateway can move the global model by, and it is the sensitivity the Gaussian noise is scaled to.
 */
public final class NormClipping {

    private final double bound;

    /**
     * @param bound largest L2 norm (finite, &gt; 0)
     * @throws IllegalArgumentException naming the bound when it is not
     */
    public NormClipping(double bound) {
        if (!(bound > 0) || !Double.isFinite(bound)) {
            throw new IllegalArgumentException("clipping norm must be a finite number > 0, not " + bound);
        }
        this.bound = bound;
    }

    public double bound() {
        return bound;
    }

    /** @return the delta itself when its norm is within the bound, else a scaled copy whose norm is the bound */
    public float[] clip(float[] delta) {
        double norm = WeightVector.norm(delta);
        if (norm <= bound) {
            return delta;
        }
        double scale = bound / norm;
        float[] out = new float[delta.length];
        for (int i = 0; i < delta.length; i++) {
            out[i] = (float) (delta[i] * scale);
        }
        return out;
    }
}
