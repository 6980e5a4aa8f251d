package io.aiosedge.learning.cloud.internal;

import java.nio.file.Path;

/**
 * The trainer's settings, checked: every number within its metatype bounds, or activation fails naming the
 * property and the value.
 */
record TrainerOptions(String uploadsFilter, String model, Path initialModel, Path oldData, Path workDirectory,
        int bufferMaxExamples, int minNewExamples, long minIntervalMillis, long checkIntervalMillis, double replayShare,
        double holdoutShare, PromotionRule rule, FineTuner.Options training, String pushTopic, boolean pushRetain,
        Path signingKeyFile, String signingKeyId, long seed) {

    static TrainerOptions from(Trainer.Config c, Path defaultWorkDirectory) {
        String filter = text("uploads.topic.filter", c.uploads_topic_filter());
        String model = text("model.name", c.model_name());
        if (!model.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new IllegalArgumentException("model.name '" + model + "' must be 1-128 letters, digits, '.', '_' or '-'");
        }
        String initial = text("initial.model.directory", c.initial_model_directory());
        String form = c.gateway_form() == null ? "" : c.gateway_form().trim();
        if (!form.equals("int8") && !form.equals("float")) {
            throw new IllegalArgumentException("gateway.form must be int8 or float: '" + form + "'");
        }
        FineTuner.Options training = new FineTuner.Options(
                range("epochs", c.epochs(), 1, 1000),
                range("batch.size", c.batch_size(), 1, 4096),
                (float) range("learning.rate", c.learning_rate(), 1e-6, 1),
                (float) range("hard.label.weight", c.hard_label_weight(), 0, 1),
                range("tensorflow.threads", c.tensorflow_threads(), 1, 64),
                form.equals("int8"));
        String work = c.work_directory() == null ? "" : c.work_directory().trim();
        String old = c.old_data_file() == null ? "" : c.old_data_file().trim();
        String key = c.signing_key_file() == null ? "" : c.signing_key_file().trim();
        return new TrainerOptions(filter, model, Path.of(initial), old.isEmpty() ? null : Path.of(old),
                work.isEmpty() ? defaultWorkDirectory : Path.of(work),
                range("buffer.max.examples", c.buffer_max_examples(), 1, 1_000_000),
                range("min.new.examples", c.min_new_examples(), 1, 1_000_000),
                range("min.interval.s", c.min_interval_s(), 0, 604_800) * 1000L,
                range("check.interval.s", c.check_interval_s(), 1, 3600) * 1000L,
                range("replay.share", c.replay_share(), 0, ReplayMixer.MAX_SHARE),
                range("holdout.share", c.holdout_share(), 0, 0.9),
                new PromotionRule(range("promote.margin", c.promote_margin(), 0, 1),
                        range("max.old.f1.drop", c.max_old_f1_drop(), 0, 1)),
                training, text("push.topic", c.push_topic()), c.push_retain(),
                key.isEmpty() ? null : Path.of(key), c.signing_key_id() == null ? "" : c.signing_key_id().trim(),
                c.seed());
    }

    private static String text(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value.trim();
    }

    private static int range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be within " + min + ".." + max + ": " + value);
        }
        return value;
    }

    private static double range(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " must be within " + min + ".." + max + ": " + value);
        }
        return value;
    }
}
