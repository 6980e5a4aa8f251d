package io.aiosedge.health.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.aiosedge.api.cloud.CloudLinkMonitor;
import io.aiosedge.api.cloud.OutboxState;

/**
 * The outboxes of the AIOS cloud endpoints, as each endpoint's {@link CloudLinkMonitor#outboxState()} tells them
 * (io.aiosedge.api.cloud 1.1). The outbox and disk checks read them through a {@link Source}, so that tests can
 * hand in figures directly.
 */
final class CloudStatus {

    /** One endpoint: its name and its outbox, null when the endpoint does not say (a monitor of API 1.0). */
    record Endpoint(String pid, OutboxState outbox) {
    }

    /** The endpoints now; throws {@link IllegalStateException} with the reason when they cannot be read. */
    interface Source {
        List<Endpoint> endpoints();
    }

    private CloudStatus() {
    }

    /** The {@link CloudLinkMonitor} services a check is bound to, by name. */
    static final class Monitors implements Source {

        private final Map<CloudLinkMonitor, String> monitors = new ConcurrentHashMap<>();

        void add(CloudLinkMonitor monitor, Map<String, Object> properties) {
            monitors.put(monitor, HealthChecks.nameOf(properties));
        }

        void remove(CloudLinkMonitor monitor) {
            monitors.remove(monitor);
        }

        @Override
        public List<Endpoint> endpoints() {
            List<Endpoint> endpoints = new ArrayList<>();
            monitors.forEach((monitor, pid) -> {
                try {
                    endpoints.add(new Endpoint(pid, monitor.outboxState().orElse(null)));
                } catch (RuntimeException e) {
                    throw new IllegalStateException("endpoint '" + pid + "' could not tell its outbox: " + e, e);
                }
            });
            endpoints.sort(Comparator.comparing(Endpoint::pid));
            return endpoints;
        }
    }
}
