package io.aiosedge.learning.internal;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The collector's configuration, checked: every value outside its range is refused with a message that names the
 * property, so a bad value never reaches the running collector.
 */
record HardExampleSettings(boolean enabled, HardExampleFilter.Settings filter, int maxExamples, long retentionMillis,
        int uploadBatchSize, long uploadIntervalMillis, String publisherTarget) {

    static HardExampleSettings from(HardExampleCollector.Config config) {
        double confidenceBelow = within("confidence.below", config.confidence_below(), 0, 1);
        double minCrossEntropy = within("min.cross.entropy", config.min_cross_entropy(), 0, 100);
        double sampleShare = within("sample.share", config.sample_share(), 0, 1);
        int quota = (int) within("quota.per.hour", config.quota_per_hour(), 0, 1_000_000);
        int max = (int) within("max.examples", config.max_examples(), 1, 1_000_000);
        int retentionHours = (int) within("retention.hours", config.retention_hours(), 1, 87_600);
        int batch = (int) within("upload.batch.size", config.upload_batch_size(), 1, 1000);
        int interval = (int) within("upload.interval.s", config.upload_interval_s(), 1, 86_400);
        Set<String> models = new LinkedHashSet<>();
        String list = config.edge_models() == null ? "" : config.edge_models();
        Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(models::add);
        String target = config.CloudPublisher_target();
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("CloudPublisher.target must name the publisher of the uploads, e.g."
                    + " (kura.service.pid=hard-examples-publisher)");
        }
        return new HardExampleSettings(config.enabled(),
                new HardExampleFilter.Settings(confidenceBelow, minCrossEntropy, sampleShare, quota, models), max,
                retentionHours * 3_600_000L, batch, interval * 1000L, target);
    }

    private static double within(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " must be within " + plain(min) + ".." + plain(max) + ": "
                    + plain(value));
        }
        return value;
    }

    private static String plain(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
