package io.aiosedge.federated.internal;

import java.nio.file.Path;

/**
 * The coordinator's settings, checked: every number within its metatype bounds, or activation fails naming the
 * property and the value. Times in ms.
 */
record CoordinatorOptions(String model, Path initialModel, Path validationData, Path workDirectory,
        int participantsMin, int localSteps, int batchSize, float learningRate, double clip, double noise,
        long roundPeriodMillis, long roundDeadlineMillis, double oodFactor, double maxF1Drop, double serverMomentum, String inviteTopic,
        String updatesFilter, long tickMillis) {

    static CoordinatorOptions from(Coordinator.Config c, Path defaultWork) {
        String model = Checks.name("model.name", c.model_name());
        String validation = c.validation_data_file() == null ? "" : c.validation_data_file().trim();
        String work = c.work_directory() == null ? "" : c.work_directory().trim();
        return new CoordinatorOptions(model, Path.of(Checks.text("initial.model.directory",
                c.initial_model_directory())), validation.isEmpty() ? null : Path.of(validation),
                work.isEmpty() ? defaultWork : Path.of(work),
                Checks.range("participants.min", c.participants_min(), 1, 10_000),
                Checks.range("local.steps", c.local_steps(), 1, 100_000),
                Checks.range("batch.size", c.batch_size(), 1, 4096),
                (float) Checks.range("learning.rate", c.learning_rate(), 1e-6, 1),
                Checks.range("clip.norm", c.clip_norm(), 1e-6, 1e6),
                Checks.range("noise.multiplier", c.noise_multiplier(), 0, 100),
                Checks.range("round.period.s", c.round_period_s(), 0, 604_800) * 1000L,
                Checks.range("round.deadline.s", c.round_deadline_s(), 1, 86_400) * 1000L,
                Checks.range("ood.factor", c.ood_factor(), 1, 1e6),
                Checks.range("max.f1.drop", c.max_f1_drop(), 0, 1),
                Checks.range("server.momentum", c.server_momentum(), 0, 0.99),
                Checks.text("invite.topic", c.invite_topic()).replace("#{model}", model),
                Checks.text("updates.topic.filter", c.updates_topic_filter()).replace("#{model}", model), 500);
    }
}
