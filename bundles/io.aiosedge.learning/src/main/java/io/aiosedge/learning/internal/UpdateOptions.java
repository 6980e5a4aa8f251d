package io.aiosedge.learning.internal;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@link ModelUpdater.Config} checked: the offers topic filter (trimmed, not empty), the models taken (at least one),
 * the rollback rule's window and margin (bounds checked by {@link RollbackRule}, naming the property) and whether a
 * rollback is automatic.
 */
record UpdateOptions(String filter, Set<String> models, int window, double margin, boolean rollbackEnabled) {

    static UpdateOptions of(ModelUpdater.Config config) {
        String filter = config.offers_topic_filter() == null ? "" : config.offers_topic_filter().trim();
        if (filter.isEmpty()) {
            throw new IllegalArgumentException("offers.topic.filter must not be empty");
        }
        Set<String> models = new LinkedHashSet<>();
        for (String m : (config.models() == null ? "" : config.models()).split(",")) {
            if (!m.isBlank()) {
                models.add(m.trim());
            }
        }
        if (models.isEmpty()) {
            throw new IllegalArgumentException("models must name at least one model: '" + config.models() + "'");
        }
        new RollbackRule(config.rollback_window(), config.rollback_margin()); // checks both bounds
        return new UpdateOptions(filter, Collections.unmodifiableSet(models), config.rollback_window(),
                config.rollback_margin(), config.rollback_enabled());
    }
}
