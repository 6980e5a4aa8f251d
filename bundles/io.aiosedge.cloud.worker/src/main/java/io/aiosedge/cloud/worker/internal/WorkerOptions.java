package io.aiosedge.cloud.worker.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.aiosedge.api.scheduler.NodeKind;

/**
 * The worker's configuration, validated; a bad value is an IllegalArgumentException naming the property and the
 * value, so activation fails with it.
 *
 * @param workerId node id in the state topic and in replies (one topic level)
 * @param capability offload capability served (one topic level)
 * @param kind CLOUD for a cloud worker, PEER for a gateway serving its peers
 * @param models models served, in order; the first runs requests that name none
 * @param slots requests computed at once
 * @param capacity requests held at once, computing or waiting (what a scheduler may have outstanding here)
 * @param speed speed of one slot in instructions/s (the scheduler's prior)
 * @param accelerators accelerator names advertised
 * @param dedupWindowMillis how long a task id is remembered, in ms
 * @param stateIntervalMillis period of the state heartbeat, in ms
 * @param drainTimeoutMillis longest wait for in-flight requests on shutdown, in ms
 * @param logTasks whether every task is logged at INFO (demos)
 */
record WorkerOptions(String workerId, String capability, NodeKind kind, List<String> models, int slots, int capacity,
        double speed,
        List<String> accelerators, long dedupWindowMillis, long stateIntervalMillis, long drainTimeoutMillis,
        boolean logTasks) {

    WorkerOptions {
        models = List.copyOf(models);
        accelerators = List.copyOf(accelerators);
    }

    /**
     * Validates a configuration.
     *
     * @param defaultWorkerId the id used when {@code worker.id} is empty (the endpoint's client id)
     * @param cores processors of this machine (the default slots)
     */
    static WorkerOptions from(CloudWorker.Config c, String defaultWorkerId, int cores) {
        String id = c.worker_id().trim().isEmpty() ? defaultWorkerId : c.worker_id().trim();
        if (!isLevel(id)) {
            throw new IllegalArgumentException("worker.id '" + id + "' must be a non-empty single topic level"
                    + " (no '/', '+', '#')");
        }
        String capability = c.capability().trim();
        if (!isLevel(capability)) {
            throw new IllegalArgumentException("capability '" + capability + "' must be a non-empty single topic"
                    + " level (no '/', '+', '#')");
        }
        NodeKind kind;
        try {
            kind = NodeKind.valueOf(c.node_kind().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("node.kind '" + c.node_kind() + "' must be CLOUD or PEER", e);
        }
        if (kind == NodeKind.LOCAL) {
            throw new IllegalArgumentException("node.kind '" + c.node_kind() + "' must be CLOUD or PEER");
        }
        List<String> models = list(c.models());
        if (models.isEmpty()) {
            throw new IllegalArgumentException("models '" + c.models() + "' must name at least one model");
        }
        if (c.slots() < 0) {
            throw new IllegalArgumentException("slots must be >= 0 (0: one per processor), got " + c.slots());
        }
        if (c.capacity() < 0) {
            throw new IllegalArgumentException("capacity must be >= 0 (0: four times the slots), got " + c.capacity());
        }
        int slots = c.slots() == 0 ? Math.max(1, cores) : c.slots();
        int capacity = c.capacity() == 0 ? 4 * slots : c.capacity();
        if (capacity < slots) {
            throw new IllegalArgumentException("capacity " + capacity + " must be >= slots " + slots);
        }
        if (!(c.speed() > 0) || Double.isInfinite(c.speed())) {
            throw new IllegalArgumentException("speed must be a finite number > 0, got " + c.speed());
        }
        if (c.dedup_window_s() < 1) {
            throw new IllegalArgumentException("dedup.window.s must be >= 1, got " + c.dedup_window_s());
        }
        if (c.state_interval_s() < 1) {
            throw new IllegalArgumentException("state.interval.s must be >= 1, got " + c.state_interval_s());
        }
        if (c.drain_timeout_ms() < 0) {
            throw new IllegalArgumentException("drain.timeout.ms must be >= 0, got " + c.drain_timeout_ms());
        }
        return new WorkerOptions(id, capability, kind, models, slots, capacity, c.speed(), list(c.accelerators()), c.dedup_window_s() * 1000L, c.state_interval_s() * 1000L,
                c.drain_timeout_ms(), c.log_tasks());
    }

    /** The retained state topic, with the endpoint's {@code #{tenant}} template variable. */
    String stateTopicTemplate() {
        return "aios/v1/#{tenant}/nodes/" + workerId + "/state";
    }

    /** The model a request runs: the one it names, else the first served. */
    String defaultModel() {
        return models.get(0);
    }

    Set<String> modelSet() {
        return new LinkedHashSet<>(models);
    }

    /** Non-empty entries of a list separated by commas, semicolons or white space. */
    static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split("[,;\\s]+")) {
            if (!part.isEmpty() && !out.contains(part)) {
                out.add(part);
            }
        }
        return out;
    }

    static boolean isLevel(String value) {
        return value != null && !value.isEmpty() && value.indexOf('/') < 0 && value.indexOf('+') < 0
                && value.indexOf('#') < 0 && value.indexOf('\u0000') < 0;
    }
}
