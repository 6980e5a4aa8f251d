package io.aiosedge.models.learning;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mini-batch training of a {@link TrainableModel}: epochs over the data in an order drawn from a seed, one Adam
 * step per batch. {@link #distillationTargets} blends hard labels with a teacher's probabilities (soft labels) for
 * distilling a large model into a small one.
 */
public final class ModelTrainer {

    /**
     * @param epochs passes over the data (1-10,000)
     * @param batchSize windows per step (1-65,536)
     * @param learningRate Adam step size (finite, &gt; 0)
     * @param seed seed of the sample order
     */
    public record Options(int epochs, int batchSize, float learningRate, long seed) {

        /**
         * @throws IllegalArgumentException naming the value out of range
         */
        public Options {
            if (epochs < 1 || epochs > 10_000) {
                throw new IllegalArgumentException("epochs must be 1-10000, not " + epochs);
            }
            if (batchSize < 1 || batchSize > 65_536) {
                throw new IllegalArgumentException("batch size must be 1-65536, not " + batchSize);
            }
            if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
                throw new IllegalArgumentException("learning rate must be a finite number > 0, not " + learningRate);
            }
        }
    }

    private ModelTrainer() {
    }

    /**
     * Trains {@code model} in place.
     *
     * @param model the model
     * @param windows training windows
     * @param targets one target in [0, 1] per window
     * @param options epochs, batch size, step size, seed
     * @return the mean training loss of each epoch, nats
     */
    public static List<Float> fit(TrainableModel model, float[][] windows, float[] targets, Options options) {
        if (windows == null || targets == null || windows.length != targets.length || windows.length == 0) {
            throw new IllegalArgumentException("training needs one target per window and at least one window; got "
                    + (windows == null ? 0 : windows.length) + " windows and " + (targets == null ? 0 : targets.length)
                    + " targets");
        }
        SplittableRandom random = new SplittableRandom(options.seed());
        int[] order = new int[windows.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        List<Float> losses = new ArrayList<>();
        for (int epoch = 0; epoch < options.epochs(); epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            double sum = 0;
            for (int start = 0; start < order.length; start += options.batchSize()) {
                int n = Math.min(options.batchSize(), order.length - start);
                float[][] batch = new float[n][];
                float[] batchTargets = new float[n];
                for (int k = 0; k < n; k++) {
                    batch[k] = windows[order[start + k]];
                    batchTargets[k] = targets[order[start + k]];
                }
                sum += model.trainStep(batch, batchTargets, options.learningRate()) * n;
            }
            losses.add((float) (sum / order.length));
        }
        return losses;
    }

    /**
     * @param labels hard labels, 0 or 1
     * @param teacher the teacher's probabilities for the same windows
     * @param hardWeight share of the hard label in each target (0-1; 0 = the teacher's probability alone)
     * @return {@code hardWeight · label + (1 − hardWeight) · teacher} per window
     */
    public static float[] distillationTargets(int[] labels, float[] teacher, float hardWeight) {
        if (labels == null || teacher == null || labels.length != teacher.length) {
            throw new IllegalArgumentException("distillation needs one teacher probability per label");
        }
        if (!(hardWeight >= 0 && hardWeight <= 1)) {
            throw new IllegalArgumentException("hard-label weight must lie in [0, 1], not " + hardWeight);
        }
        float[] targets = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("label " + i + " must be 0 or 1, not " + labels[i]);
            }
            targets[i] = hardWeight * labels[i] + (1 - hardWeight) * Math.min(1f, Math.max(0f, teacher[i]));
        }
        return targets;
    }

    /** @return the labels as 0/1 float targets */
    public static float[] hardTargets(int[] labels) {
        return distillationTargets(labels, new float[labels.length], 1f);
    }
}
