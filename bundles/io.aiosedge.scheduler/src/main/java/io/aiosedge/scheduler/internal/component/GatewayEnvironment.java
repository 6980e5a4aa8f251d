package io.aiosedge.scheduler.internal.component;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.cloud.CloudLinkMonitor;
import io.aiosedge.api.cloud.LinkState;
import io.aiosedge.api.cloud.OffloadClient;
import io.aiosedge.api.inference.TensorInference;
import io.aiosedge.api.scheduler.Node;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.NodeState;
import io.aiosedge.api.scheduler.NodeStateSource;
import io.aiosedge.api.scheduler.TaskCompletionListener;
import io.aiosedge.api.scheduler.TaskExecutor;
import io.aiosedge.scheduler.internal.core.SchedulerEngine;

/**
 * The gateway as the engine sees it, from the services bound now: this gateway as the local node (its cores, load,
 * memory and the inference engine's models), peers and cloud workers from every {@link NodeStateSource} (plus the
 * optional static cloud node of the settings), the link from {@link CloudLinkMonitor}, and the executor of each
 * node: a {@link TaskExecutor} service that serves it, else local inference or offload. The component's DS
 * references put the services here; the engine reads them under its lock, so every read is cheap and never blocks.
 */
final class GatewayEnvironment implements SchedulerEngine.Environment {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayEnvironment.class);

    final AtomicReference<TensorInference> inference = new AtomicReference<>();
    final AtomicReference<OffloadClient> offloadClient = new AtomicReference<>();
    final AtomicReference<CloudLinkMonitor> linkMonitor = new AtomicReference<>();
    final List<NodeStateSource> nodeSources = new CopyOnWriteArrayList<>();
    final List<TaskExecutor> executors = new CopyOnWriteArrayList<>();
    final List<TaskCompletionListener> completionListeners = new CopyOnWriteArrayList<>();
    private final Supplier<SchedulerSettings> settings;

    GatewayEnvironment(Supplier<SchedulerSettings> settings) {
        this.settings = settings;
    }

    @Override
    public Collection<TaskCompletionListener> completionListeners() {
        return completionListeners;
    }

    @Override
    public NodeState localNode() {
        SchedulerSettings current = settings.get();
        TensorInference engineService = inference.get();
        Set<String> models = Set.of();
        if (engineService != null) {
            try {
                models = engineService.models();
            } catch (RuntimeException e) {
                LOG.debug("Inference engine could not list its models", e);
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        double loadAverage = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        double load = loadAverage < 0 ? 0 : loadAverage / cores;
        Runtime runtime = Runtime.getRuntime();
        Node node = new Node(current.localNodeId(), NodeKind.LOCAL, "", cores, current.localSlots(),
                current.localSpeed(), runtime.maxMemory(), List.of(), models);
        return new NodeState(node, true, load, 0, runtime.freeMemory(), System.currentTimeMillis());
    }

    @Override
    public Collection<NodeState> remoteNodes() {
        List<NodeState> out = new ArrayList<>();
        for (NodeStateSource source : nodeSources) {
            try {
                out.addAll(source.nodeStates());
            } catch (RuntimeException e) {
                LOG.warn("Node state source {} failed", source, e);
            }
        }
        SchedulerSettings current = settings.get();
        if (!current.cloudNodeId().isEmpty()
                && out.stream().noneMatch(state -> state.id().equals(current.cloudNodeId()))) {
            Node cloud = new Node(current.cloudNodeId(), NodeKind.CLOUD, current.cloudAddress(), current.cloudSlots(),
                    current.cloudSlots(), current.cloudSpeed(), 0, List.of(), Set.of());
            out.add(new NodeState(cloud, true, 0, 0, 0, System.currentTimeMillis()));
        }
        return out;
    }

    @Override
    public LinkState link() {
        CloudLinkMonitor monitor = linkMonitor.get();
        return monitor == null ? LinkState.UNKNOWN : monitor.linkState();
    }

    @Override
    public TaskExecutor executorFor(Node node) {
        for (TaskExecutor executor : executors) {
            if (executor.serves(node)) {
                return executor;
            }
        }
        if (node.kind() == NodeKind.LOCAL) {
            TensorInference service = inference.get();
            return service == null ? null : new LocalInferenceExecutor(service);
        }
        OffloadClient client = offloadClient.get();
        if (client == null || node.address().isEmpty()) {
            return null;
        }
        return new OffloadExecutor(client, settings.get().offloadTimeoutMillis());
    }
}
