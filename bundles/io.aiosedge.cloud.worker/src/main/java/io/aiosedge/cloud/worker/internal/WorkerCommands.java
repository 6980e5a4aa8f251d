package io.aiosedge.cloud.worker.internal;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Gogo commands (scope {@code aios}): {@code worker} (this node's worker: state, slots, load, counters) and
 * {@code cloudnodes} (the members the node directory heard of). Both components are optional; the commands say
 * which PID to configure when one is missing.
 */
@Component(service = WorkerCommands.class, property = {
        "osgi.command.scope=aios",
        "osgi.command.function=worker",
        "osgi.command.function=cloudnodes"})
public final class WorkerCommands {

    private final AtomicReference<CloudWorker> worker = new AtomicReference<>();
    private final AtomicReference<NodeDirectory> directory = new AtomicReference<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCloudWorker(CloudWorker service) {
        worker.set(service);
    }

    void unbindCloudWorker(CloudWorker service) {
        worker.compareAndSet(service, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindNodeDirectory(NodeDirectory service) {
        directory.set(service);
    }

    void unbindNodeDirectory(NodeDirectory service) {
        directory.compareAndSet(service, null);
    }

    /** The worker's state, slots, load and counters. */
    public String worker() {
        CloudWorker w = worker.get();
        if (w == null) {
            return "no cloud worker running: configure " + CloudWorker.PID;
        }
        StringBuilder out = new StringBuilder();
        w.status().forEach((key, value) -> out.append(String.format("%-24s %s%n", key, value)));
        return out.toString();
    }

    /** Every node the directory heard of: state, freshness, capability, slots, load, models. */
    public String cloudnodes() {
        NodeDirectory d = directory.get();
        if (d == null) {
            return "no node directory running: configure " + NodeDirectory.PID;
        }
        Map<String, Map<String, Object>> members = d.members();
        if (members.isEmpty()) {
            return "no node advertised on " + NodeDirectory.STATE_FILTER;
        }
        String format = "%-20s %-9s %-6s %-5s %-16s %5s %8s %4s %5s %-24s %8s %s%n";
        StringBuilder out = new StringBuilder(String.format(format, "node", "state", "fresh", "kind", "capability",
                "slots", "capacity", "busy", "queue", "models", "executed", "heard (ms ago)"));
        members.forEach((id, row) -> out.append(String.format(format, id, row.get("state"), row.get("fresh"),
                row.get("kind"), row.get("address"), row.get("slots"), row.get("capacity"), row.get("busy"),
                row.get("queue"), row.get("models"), row.get("executed"), row.get("heard.ms.ago"))));
        return out.toString();
    }
}
