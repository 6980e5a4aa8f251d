package io.aiosedge.learning.cloud.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.learning.ModelOffers;

/**
 * The steps of {@link Trainer} around a fine-tuning run: the first start (the initial model checked and exported as
 * v0, the old-condition data split), one run (selection of fresh, held-out and replayed examples, training,
 * promotion decision, kept in the history) and the offer of a version. No state of its own: everything runs on the
 * trainer's one thread ({@value Trainer#THREAD_NAME}) and logs under the trainer's logger.
 */
final class TrainingRun {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    /** A run's new version and whether the promotion rule promoted it. */
    record Ran(ModelVersion version, boolean promote) {
    }

    private TrainingRun() {
    }

    /** Refuses an initial model folder without saved_model.pb. */
    static void checkInitialModel(Path folder) throws IOException {
        if (!Files.isRegularFile(folder.resolve("saved_model.pb"))) {
            throw new IOException("initial.model.directory " + folder
                    + " holds no saved_model.pb (a trainable SavedModel, e.g. the build's edge-float/)");
        }
    }

    /** Reads the old-condition data (when configured) into its training and held-out parts. */
    static void splitOld(TrainerOptions options, int width, List<TrainingExample> train,
            List<TrainingExample> validation) throws IOException {
        if (options.oldData() != null) {
            List<TrainingExample> old = LabelledWindowFile.read(options.oldData(), width);
            for (TrainingExample e : old) {
                (e.heldOut(options.holdoutShare()) ? validation : train).add(e);
            }
        }
    }

    /** Exports the initial model as v0 into {@code v0} (replacing a half-made one) and deploys it. */
    static void exportInitial(TrainerOptions options, VersionHistory history, List<TrainingExample> oldValidation,
            Path v0) throws IOException {
        if (Files.exists(v0)) {
            deleteTree(v0); // a first start that failed half-way
        }
        Scores scores = FineTuner.exportInitial(options.initialModel(), oldValidation, v0, options.training());
        ModelVersion version = new ModelVersion(0, System.currentTimeMillis(), 0, 0, scores, scores, true,
                "initial model from " + options.initialModel(), 0);
        history.add(version);
        history.deploy(0);
    }

    /**
     * Fine-tunes the deployed version on what it has not learned mixed with a replay, keeps the new version in
     * {@code history} and hands the run's outcome to {@code outcome} (which takes the trainer's monitor) before it
     * logs it. The caller deploys and pushes a promoted version.
     *
     * @param all the buffer's examples
     * @param arrived the new examples that made the run due
     * @param folders the folder of a version number
     */
    static Ran run(TrainerOptions options, VersionHistory history, List<TrainingExample> all,
            List<TrainingExample> oldTrain, List<TrainingExample> oldValidation, List<TrainingExample> arrived,
            long now, java.util.function.IntFunction<Path> folders, Consumer<String> outcome) throws IOException {
        double holdout = options.holdoutShare();
        ModelVersion deployed = history.deployed().orElseThrow();
        // what the deployed version has not learned: a rejected run's examples stay new for the next one
        long learned = deployed.throughSequence();
        List<TrainingExample> freshTrain = all.stream().filter(e -> e.sequence() > learned && !e.heldOut(holdout))
                .toList();
        List<TrainingExample> validationNew = all.stream().filter(e -> e.heldOut(holdout)).toList();
        List<TrainingExample> pool = new ArrayList<>(oldTrain);
        all.stream().filter(e -> e.sequence() <= learned && !e.heldOut(holdout)).forEach(pool::add);
        int number = history.nextNumber();
        long seed = options.seed() * 1_000_003L + number;
        ReplayMixer.Mix mix = ReplayMixer.mix(freshTrain, pool, options.replayShare(), seed);
        long through = arrived.get(arrived.size() - 1).sequence();
        Path output = folders.apply(number);
        if (Files.exists(output)) {
            deleteTree(output);
        }
        if (mix.examples().isEmpty()) {
            history.ran(through, now);
            throw new IOException("all " + arrived.size() + " new examples are held out; nothing to train on");
        }
        long started = System.nanoTime();
        FineTuner.Result result = FineTuner.run(folders.apply(deployed.number()).resolve("float"), mix.examples(),
                oldValidation, validationNew, options.training(), seed, output);
        PromotionRule.Decision decision = options.rule().decide(result.candidate(), result.deployed());
        ModelVersion version = new ModelVersion(number, now, mix.fresh(), mix.replayed(), result.candidate(),
                result.deployed(), decision.promote(), (decision.promote() ? "promoted: " : "rejected: ")
                        + decision.reason(), through);
        history.add(version);
        history.ran(through, now);
        outcome.accept(String.format(java.util.Locale.ROOT, "%s in %.1f s: %s; %s", version.name(),
                (System.nanoTime() - started) / 1e9, result.candidate(), version.reason()));
        LOG.info("Trainer of '{}': {} from {} new + {} replayed examples, {} (deployed {} {}): {}", options.model(),
                version.name(), mix.fresh(), mix.replayed(), result.candidate(), deployed.name(), result.deployed(),
                version.reason());
        return new Ran(version, decision.promote());
    }

    /** The model offer of {@code version} from its folder {@code form} (int8 or float), signed when a key is set. */
    static KuraMessage offer(TrainerOptions options, ModelVersion version, Path form, ModelOffers.SigningKey key)
            throws IOException {
        return ModelOffers.offer(options.model(), version.name(), version.timeMillis(),
                Map.of("f1", version.scores().overall(), "f1.old", version.scores().old(), "f1.new",
                        version.scores().fresh(), "examples", version.freshExamples()),
                form, key, options.pushTopic(), options.pushRetain());
    }

    static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
