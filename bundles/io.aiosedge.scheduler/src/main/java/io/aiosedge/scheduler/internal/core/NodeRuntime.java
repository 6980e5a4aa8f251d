package io.aiosedge.scheduler.internal.core;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

import io.aiosedge.api.scheduler.NodeState;

/**
 * The engine's book-keeping for one node: its last advertised state, this gateway's tasks queued for it
 * (most urgent first) and running on it, and the estimated slot time they hold. Guarded by the engine's lock.
 */
final class NodeRuntime {

    NodeState state;
    boolean present = true;
    final PriorityQueue<TaskRecord> queue = new PriorityQueue<>(TaskRecord.URGENCY);
    final List<TaskRecord> running = new ArrayList<>();
    /** Sum of the estimated slot holds (ms) of the queued tasks. */
    double queuedMillis;

    NodeRuntime(NodeState state) {
        this.state = state;
    }

    String id() {
        return state.id();
    }

    int slots() {
        return state.node().slots();
    }

    int occupied() {
        return running.size() + queue.size();
    }

    /** Slot time (ms) still ahead of a new task: queued holds plus what is left of running ones. */
    double backlogMillis(long nowMillis) {
        double backlog = queuedMillis;
        for (TaskRecord record : running) {
            backlog += Math.max(0, record.estimatedHoldMillis - (nowMillis - record.startedAtMillis));
        }
        return backlog;
    }
}
