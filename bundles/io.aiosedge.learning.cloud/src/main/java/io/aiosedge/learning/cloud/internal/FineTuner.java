package io.aiosedge.learning.cloud.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.aiosedge.models.learning.BinaryScores;
import io.aiosedge.models.learning.Int8Export;
import io.aiosedge.models.learning.ModelTrainer;
import io.aiosedge.models.learning.TrainableModel;

/**
 * One fine-tuning run: opens the deployed version's trainable SavedModel, scores it on the validation set, trains
 * it on the mixed set (Adam, {@link ModelTrainer#fit}), scores it again on the same set and exports the result as a
 * trainable SavedModel ({@code float/}, the next run's starting point) and, for gateways that serve int8, the 8-bit
 * form ({@code int8/}). Targets blend the cloud's hard label with its probability ({@code hardLabelWeight}).
 */
final class FineTuner {

    /**
     * @param epochs passes over the mixed set
     * @param batchSize windows per Adam step
     * @param learningRate Adam step size
     * @param hardLabelWeight share of the hard label (probability ≥ 0.5) in each target, the rest the probability
     * @param threads TensorFlow threads
     * @param int8 whether to write the int8 form too
     */
    record Options(int epochs, int batchSize, float learningRate, float hardLabelWeight, int threads, boolean int8) {
    }

    /**
     * @param candidate the fine-tuned version's scores
     * @param deployed the deployed version's scores on the same set
     * @param losses mean training loss per epoch, nats
     * @param width the model's window width
     */
    record Result(Scores candidate, Scores deployed, List<Float> losses, int width) {
    }

    private FineTuner() {
    }

    /** @return the window width of the trainable model in {@code folder} */
    static int width(Path folder) throws IOException {
        try (TrainableModel model = TrainableModel.load(folder)) {
            return model.network().width();
        }
    }

    static Result run(Path deployedFloat, List<TrainingExample> training, List<TrainingExample> validationOld,
            List<TrainingExample> validationNew, Options options, long seed, Path output) throws IOException {
        try (TrainableModel model = TrainableModel.load(deployedFloat, options.threads())) {
            Scores before = score(model, validationOld, validationNew);
            float[][] windows = new float[training.size()][];
            int[] labels = new int[training.size()];
            float[] probabilities = new float[training.size()];
            for (int i = 0; i < windows.length; i++) {
                windows[i] = training.get(i).window();
                labels[i] = training.get(i).labelClass();
                probabilities[i] = training.get(i).label();
            }
            float[] targets = ModelTrainer.distillationTargets(labels, probabilities, options.hardLabelWeight());
            List<Float> losses = ModelTrainer.fit(model, windows, targets, new ModelTrainer.Options(options.epochs(),
                    Math.min(options.batchSize(), windows.length), options.learningRate(), seed));
            Scores after = score(model, validationOld, validationNew);
            model.export(output.resolve("float"));
            if (options.int8()) {
                Int8Export.write(model, output.resolve("int8"));
            }
            return new Result(after, before, losses, model.network().width());
        }
    }

    /** Exports the gateways' forms of a trainable model (the initial one) and scores it. */
    static Scores exportInitial(Path trainable, List<TrainingExample> validationOld, Path output, Options options)
            throws IOException {
        try (TrainableModel model = TrainableModel.load(trainable, options.threads())) {
            model.export(output.resolve("float"));
            if (options.int8()) {
                Int8Export.write(model, output.resolve("int8"));
            }
            return score(model, validationOld, List.of());
        }
    }

    /** Scores the trainable model in {@code folder} on the set. */
    static Scores score(Path folder, List<TrainingExample> old, List<TrainingExample> fresh, int threads)
            throws IOException {
        try (TrainableModel model = TrainableModel.load(folder, threads)) {
            return score(model, old, fresh);
        }
    }

    static Scores score(TrainableModel model, List<TrainingExample> old, List<TrainingExample> fresh) {
        List<TrainingExample> all = new ArrayList<>(old);
        all.addAll(fresh);
        return new Scores(f1(model, old), f1(model, fresh), f1(model, all), old.size(), fresh.size());
    }

    private static double f1(TrainableModel model, List<TrainingExample> set) {
        if (set.isEmpty()) {
            return Double.NaN;
        }
        float[][] windows = new float[set.size()][];
        int[] labels = new int[set.size()];
        for (int i = 0; i < windows.length; i++) {
            windows[i] = set.get(i).window();
            labels[i] = set.get(i).labelClass();
        }
        return BinaryScores.of(model.predict(windows), labels, 0.5f).f1();
    }
}
