package io.aiosedge.federated.internal;

import java.util.SplittableRandom;

import io.aiosedge.models.learning.ModelTrainer;
import io.aiosedge.models.learning.TrainableModel;

/**
 * What a participant does in a round, without the messaging: set the round's global weights into its in-process
 * model, take {@code steps} Adam steps on random batches of its own windows, and return the delta to the global
 * weights, clipped to the norm bound and (multiplier &gt; 0) with Gaussian noise added. Only the delta and the
 * sample count leave; the windows never do.
 */
public final class LocalTraining {

    /**
     * @param steps Adam steps (≥ 1)
     * @param batchSize windows per step (≥ 1; capped at the windows there are)
     * @param learningRate Adam step size (&gt; 0)
     * @param clip largest L2 norm of the delta (&gt; 0)
     * @param noise Gaussian noise standard deviation as a multiple of {@code clip} (≥ 0)
     */
    public record Settings(int steps, int batchSize, float learningRate, double clip, double noise) {

        /** @throws IllegalArgumentException naming the setting out of range */
        public Settings {
            if (steps < 1 || steps > 100_000) {
                throw new IllegalArgumentException("local steps must be 1-100000, not " + steps);
            }
            if (batchSize < 1 || batchSize > 4096) {
                throw new IllegalArgumentException("batch size must be 1-4096, not " + batchSize);
            }
            if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
                throw new IllegalArgumentException("learning rate must be a finite number > 0, not " + learningRate);
            }
            new NormClipping(clip);
            if (!(noise >= 0) || !Double.isFinite(noise)) {
                throw new IllegalArgumentException("noise multiplier must be a finite number >= 0, not " + noise);
            }
        }
    }

    /**
     * @param delta clipped (and noisy) change to the global weights
     * @param samples windows trained on
     * @param rawNorm the delta's norm before clipping
     * @param lastLoss mean cross-entropy of the last step's batch, nats
     */
    public record Result(float[] delta, long samples, double rawNorm, float lastLoss) {
    }

    private LocalTraining() {
    }

    /**
     * @param model the participant's model of the round's network (its weights are replaced)
     * @param global the round's global weights, flat
     * @param data the participant's recent labelled windows (at least 1)
     * @param settings steps, batch, rate, clip, noise
     * @param seed seed of the batch draws and the noise
     */
    public static Result run(TrainableModel model, float[] global, LabelledData data, Settings settings, long seed) {
        if (data.count() == 0) {
            throw new IllegalArgumentException("no windows to train on");
        }
        model.setWeights(WeightVector.unflatten(global, model.shapes()));
        float[] targets = ModelTrainer.hardTargets(data.labels());
        int batch = Math.min(settings.batchSize(), data.count());
        SplittableRandom random = new SplittableRandom(seed);
        float[][] windows = new float[batch][];
        float[] batchTargets = new float[batch];
        float loss = Float.NaN;
        for (int step = 0; step < settings.steps(); step++) {
            for (int i = 0; i < batch; i++) {
                int pick = random.nextInt(data.count());
                windows[i] = data.windows()[pick];
                batchTargets[i] = targets[pick];
            }
            loss = model.trainStep(windows, batchTargets, settings.learningRate());
        }
        float[] delta = WeightVector.minus(WeightVector.flatten(model.weights()), global);
        double rawNorm = WeightVector.norm(delta);
        float[] clipped = new NormClipping(settings.clip()).clip(delta);
        float[] noisy = new GaussianNoise(settings.noise(), settings.clip(), seed ^ 0x5DEECE66DL).apply(clipped);
        return new Result(noisy, data.count(), rawNorm, loss);
    }
}
