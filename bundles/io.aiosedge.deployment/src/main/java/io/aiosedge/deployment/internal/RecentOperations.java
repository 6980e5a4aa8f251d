package io.aiosedge.deployment.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last {@value #CAPACITY} operations with their latest state and message, for {@code GET} (a cloud operator
 * who missed a notification asks again) and the Gogo listing.
 */
final class RecentOperations {

    static final int CAPACITY = 20;

    /** One line of the listing. */
    static final class Entry {
        final String id;
        final String requestId;
        final String kind;
        final String target;
        final DeploymentOperation.State state;
        final String message;

        Entry(String id, String requestId, String kind, String target, DeploymentOperation.State state,
                String message) {
            this.id = id;
            this.requestId = requestId;
            this.kind = kind;
            this.target = target;
            this.state = state;
            this.message = message;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    synchronized void update(DeploymentOperation operation, DeploymentOperation.State state, String message) {
        Entry previous = this.entries.get(operation.id());
        String kept = message != null ? message : previous == null ? "" : previous.message;
        this.entries.put(operation.id(), new Entry(operation.id(), operation.requestId(), operation.kind().name(),
                operation.target(), state, kept));
        while (this.entries.size() > CAPACITY) {
            this.entries.remove(this.entries.keySet().iterator().next());
        }
    }

    /** Oldest first. */
    synchronized List<Entry> list() {
        return new ArrayList<>(this.entries.values());
    }

    /** Operations not yet COMPLETED or FAILED. */
    synchronized int pending() {
        return (int) this.entries.values().stream().filter(e -> !e.state.isFinal()).count();
    }
}
