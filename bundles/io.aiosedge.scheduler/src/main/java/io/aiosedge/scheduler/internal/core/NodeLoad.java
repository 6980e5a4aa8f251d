package io.aiosedge.scheduler.internal.core;

import io.aiosedge.api.scheduler.NodeState;

/**
 * What the cost model needs to know of one node at one instant, immutable: its advertised state, this gateway's
 * own tasks on it, and how busy its path is. The engine builds one per node from its book-keeping; a simulator or
 * a test can build them by hand and use {@link CostModel#estimate(long, io.aiosedge.api.scheduler.Task, String,
 * NodeLoad)} alone.
 *
 * @param state the node's advertised state (slots, cores, speed, load, foreign queue, free memory)
 * @param running this gateway's tasks holding a slot of the node now
 * @param queued this gateway's tasks waiting for a slot of the node
 * @param backlogMillis slot time still ahead of a new task from this gateway's tasks there (queued holds plus
 *        what is left of running ones), in slot-ms
 * @param path how bytes reach the node
 * @param uplinkBacklogMillis how long the path's shared uplink is still busy with transfers already started, ms
 * @param downlinkBacklogMillis how long results already expected keep the shared downlink busy, ms
 * @param executorPresent whether an executor reaches the node
 */
public record NodeLoad(NodeState state, int running, int queued, double backlogMillis, NodePath path,
        double uplinkBacklogMillis, double downlinkBacklogMillis, boolean executorPresent) {

    /** An idle node over a path (nothing of ours on it, links free). */
    public static NodeLoad idle(NodeState state, NodePath path) {
        return new NodeLoad(state, 0, 0, 0, path, 0, 0, true);
    }
}
