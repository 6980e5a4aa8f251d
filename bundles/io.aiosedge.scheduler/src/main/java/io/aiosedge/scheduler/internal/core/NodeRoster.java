package io.aiosedge.scheduler.internal.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.NodeState;

/**
 * The nodes the engine knows, in a stable order (the order of the cost table's columns): the gateway first, then the
 * peers and cloud workers as their sources listed them. A refresh marks every node absent, takes the environment's
 * states again, and forgets a node that left once nothing of this gateway runs there any more; tasks still queued
 * for a node that left are handed back to be placed again. Guarded by the engine's lock.
 */
final class NodeRoster {

    private final Map<String, NodeRuntime> byId = new LinkedHashMap<>();
    private final List<NodeRuntime> list = new ArrayList<>();

    /** The nodes, in column order (live view: do not keep it across a refresh). */
    List<NodeRuntime> list() {
        return list;
    }

    NodeRuntime get(String id) {
        return byId.get(id);
    }

    /** The gateway's own node, if it is there now. */
    NodeRuntime local() {
        for (NodeRuntime node : list) {
            if (node.state.kind() == NodeKind.LOCAL && node.present) {
                return node;
            }
        }
        return null;
    }

    /**
     * Takes the nodes known now: the local one (may be null) and the remote ones (a remote state that claims to be
     * local, or has the local node's id, is ignored).
     *
     * @return the tasks that were queued for a node that is gone (their queue is emptied), or null when none
     */
    List<TaskRecord> refresh(NodeState local, Collection<NodeState> remote) {
        for (NodeRuntime node : byId.values()) {
            node.present = false;
        }
        if (local != null) {
            upsert(local);
        }
        for (NodeState state : remote) {
            if (state.kind() != NodeKind.LOCAL && !(local != null && local.id().equals(state.id()))) {
                upsert(state);
            }
        }
        List<TaskRecord> orphans = null;
        for (Iterator<NodeRuntime> it = byId.values().iterator(); it.hasNext();) {
            NodeRuntime node = it.next();
            if (!node.present) {
                if (!node.queue.isEmpty()) {
                    if (orphans == null) {
                        orphans = new ArrayList<>();
                    }
                    orphans.addAll(node.queue);
                    node.queue.clear();
                    node.queuedMillis = 0;
                }
                if (node.running.isEmpty()) {
                    it.remove();
                }
            }
        }
        list.clear();
        list.addAll(byId.values());
        return orphans;
    }

    /** Forgets a node that left, once its last task of this gateway finished. */
    void removeIfGone(NodeRuntime node) {
        if (!node.present && node.running.isEmpty() && node.queue.isEmpty()) {
            byId.remove(node.id(), node);
            list.remove(node);
        }
    }

    private void upsert(NodeState state) {
        NodeRuntime runtime = byId.get(state.id());
        if (runtime == null) {
            runtime = new NodeRuntime(state);
            byId.put(state.id(), runtime);
        } else {
            runtime.state = state;
        }
        runtime.present = true;
    }
}
