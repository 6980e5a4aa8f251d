package io.aiosedge.cloud.worker.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.cloud.NodeAdvertisement;
import io.aiosedge.api.scheduler.Node;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.NodeState;
import io.aiosedge.api.scheduler.NodeStateSource;

/**
 * The gateway side of node advertisements: subscribes to the retained {@code aios/v1/<tenant>/nodes/+/state}
 * messages through a cloud endpoint and offers what they say to the scheduler as a {@link NodeStateSource}.
 *
 * <p>By default the nodes that consume the same capability are offered as <em>one pool node</em> per capability
 * and kind (id {@code cloud:<capability>} or {@code peer:<capability>}): the broker, not the gateway, decides
 * which member of a shared subscription gets a request, so the scheduler should see the pool's total capacity
 * (sum of the available members' slots and queues) rather than members it cannot address. A member is available
 * while its last advertisement says ONLINE and arrived less than {@code stale.after.ms} ago (by the gateway's own
 * clock, so clock skew does not matter).
 */
@Designate(ocd = NodeDirectory.Config.class)
@Component(name = NodeDirectory.PID, configurationPid = NodeDirectory.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {NodeStateSource.class, ConfigurableComponent.class, NodeDirectory.class})
public final class NodeDirectory implements NodeStateSource, ConfigurableComponent {

    /** PID = DS component name = metatype OCD id. */
    public static final String PID = "io.aiosedge.cloud.worker.NodeDirectory";

    /** The subscription, with the endpoint's {@code #{tenant}} template variable. */
    static final String STATE_FILTER = "aios/v1/#{tenant}/nodes/+/state";

    private static final Logger LOG = LoggerFactory.getLogger(NodeDirectory.class);

    /** Settings (Kura: Services → io.aiosedge.cloud.worker.NodeDirectory). */
    @ObjectClassDefinition(id = PID, name = "AIOS node directory",
            description = "Turns the retained state messages of cloud workers and peer gateways into nodes for"
                    + " the scheduler.")
    public @interface Config {

        @AttributeDefinition(name = "CloudEndpoint target", description = "Filter selecting the cloud endpoint"
                + " that receives the state messages.")
        String CloudEndpoint_target() default "(kura.service.pid=io.aiosedge.cloudsync.mqtt.MqttCloudEndpoint)";

        @AttributeDefinition(name = "Pool by capability", description = "Offer the members of one capability as"
                + " one node (what the broker's shared subscription makes of them); false: one node per member.")
        boolean pool_by_capability() default true;

        @AttributeDefinition(name = "Stale after (ms)", description = "A member not heard of for this long is"
                + " not available; 0: three of its advertised heartbeat intervals.", min = "0")
        long stale_after_ms() default 0;

        @AttributeDefinition(name = "Forget after (s)", description = "A member neither serving nor heard of"
                + " for this long is dropped from the directory.", min = "1")
        int forget_after_s() default 600;

        @AttributeDefinition(name = "Ignore own node", description = "Skip the advertisement of the node whose id"
                + " is this endpoint's client id (a gateway that also serves its peers).")
        boolean ignore_self() default true;
    }

    /** One member as last heard of. */
    record Member(NodeAdvertisement advertisement, long receivedAtNanos) {
    }

    private final CloudEndpoint endpoint;
    private final boolean pool;
    private final long staleAfterMillis;
    private final long forgetAfterMillis;
    private final String ownId;
    private final LongSupplier nanoClock;
    private final Map<String, Member> members = new ConcurrentHashMap<>();
    private final CloudSubscriberListener listener = this::onMessage;

    @Activate
    public NodeDirectory(Config config, @Reference(name = "CloudEndpoint") CloudEndpoint endpoint) {
        this(config, endpoint, System::nanoTime);
    }

    NodeDirectory(Config config, CloudEndpoint endpoint, LongSupplier nanoClock) {
        if (config.stale_after_ms() < 0) {
            throw new IllegalArgumentException("stale.after.ms must be >= 0, got " + config.stale_after_ms());
        }
        if (config.forget_after_s() < 1) {
            throw new IllegalArgumentException("forget.after.s must be >= 1, got " + config.forget_after_s());
        }
        this.endpoint = endpoint;
        this.pool = config.pool_by_capability();
        this.staleAfterMillis = config.stale_after_ms();
        this.forgetAfterMillis = config.forget_after_s() * 1000L;
        this.ownId = config.ignore_self() ? endpoint.getInfo().getOrDefault("client-id", "") : "";
        this.nanoClock = nanoClock;
        endpoint.registerSubscriber(Map.of("topic.filter", STATE_FILTER, "qos", 1), listener);
        LOG.info("Node directory listening on {}{}", STATE_FILTER, pool ? " (pools by capability)" : "");
    }

    @Deactivate
    void deactivate() {
        endpoint.unregisterSubscriber(listener);
        members.clear();
    }

    void onMessage(KuraMessage message) {
        Object topic = message.getProperties().get("topic");
        String[] levels = topic == null ? new String[0] : topic.toString().split("/");
        if (levels.length != 6 || !"nodes".equals(levels[3]) || !"state".equals(levels[5])) {
            LOG.debug("not a node state topic: {}", topic);
            return;
        }
        String id = levels[4];
        if (id.equals(ownId)) {
            return;
        }
        NodeAdvertisement advertisement;
        try {
            advertisement = NodeAdvertisement.fromPayload(id, message.getPayload(), System.currentTimeMillis());
        } catch (IllegalArgumentException e) {
            LOG.warn("state of node {} ignored: {}", id, e.getMessage());
            return;
        }
        long now = nanoClock.getAsLong();
        if (advertisement == null) {
            // the connector's birth, last will or disconnect message: the node is not serving (now)
            Member known = members.get(id);
            if (known != null) {
                NodeAdvertisement a = known.advertisement();
                members.put(id, new Member(withState(a, "OFFLINE"), now));
                LOG.info("node {} is offline", id);
            }
            return;
        }
        Member previous = members.put(id, new Member(advertisement, now));
        if (previous == null || !previous.advertisement().state().equals(advertisement.state())) {
            LOG.info("node {} ({} {}) is {}: {} slots, models {}", id, advertisement.kind(), advertisement.address(),
                    advertisement.state(), advertisement.slots(), advertisement.models());
        }
    }

    private static NodeAdvertisement withState(NodeAdvertisement a, String state) {
        return new NodeAdvertisement(a.nodeId(), state, a.kind(), a.address(), a.cores(), a.slots(), a.capacity(),
                a.speed(), 0, 0,
                a.memoryTotalBytes(), a.memoryFreeBytes(), a.models(), a.accelerators(), a.version(),
                a.intervalMillis(), a.updatedAtMillis(), a.executed(), a.duplicates(), a.expired(), a.rejected(),
                a.failed());
    }

    /** Whether a member's last advertisement is recent enough to be believed. */
    private boolean fresh(Member m, long nowNanos) {
        long limit = staleAfterMillis > 0 ? staleAfterMillis : 3 * Math.max(1, m.advertisement().intervalMillis());
        return nowNanos - m.receivedAtNanos() <= TimeUnit.MILLISECONDS.toNanos(limit);
    }

    @Override
    public Collection<NodeState> nodeStates() {
        long now = nanoClock.getAsLong();
        List<NodeState> single = new ArrayList<>();
        Map<String, List<NodeState>> pools = new TreeMap<>();
        for (Map.Entry<String, Member> e : members.entrySet()) {
            Member m = e.getValue();
            boolean fresh = fresh(m, now);
            if (!fresh && !m.advertisement().serving()
                    && now - m.receivedAtNanos() > TimeUnit.MILLISECONDS.toNanos(forgetAfterMillis)) {
                members.remove(e.getKey(), m);
                continue;
            }
            NodeState state;
            try {
                state = m.advertisement().toNodeState(fresh);
            } catch (IllegalArgumentException invalid) {
                continue;
            }
            if (pool && !state.node().address().isEmpty()) {
                pools.computeIfAbsent(poolId(state.kind(), state.node().address()), k -> new ArrayList<>()).add(state);
            } else {
                single.add(state);
            }
        }
        List<NodeState> out = new ArrayList<>(single);
        pools.forEach((id, list) -> {
            try {
                out.add(poolOf(id, list));
            } catch (IllegalArgumentException invalid) {
                LOG.debug("pool {} left out: {}", id, invalid.getMessage());
            }
        });
        return out;
    }

    static String poolId(NodeKind kind, String address) {
        return (kind == NodeKind.PEER ? "peer:" : "cloud:") + address;
    }

    /**
     * One node for the members of a pool: the available members' slots, cores, memory and queues added, speed
     * averaged over slots, the models every available member serves; available when one member is.
     */
    static NodeState poolOf(String id, List<NodeState> members) {
        List<NodeState> up = new ArrayList<>();
        for (NodeState m : members) {
            if (m.available()) {
                up.add(m);
            }
        }
        List<NodeState> counted = up.isEmpty() ? members : up;
        // Sums of what members advertise, which may be anything: long and saturated, so that huge values make a
        // large pool rather than an overflow (a negative or infinite figure failed the whole nodeStates()).
        long slots = 0;
        long cores = 0;
        long memory = 0;
        long freeMemory = 0;
        long queue = 0;
        double busy = 0;
        double speedTimesSlots = 0;
        long updated = 0;
        Set<String> models = null;
        Set<String> accelerators = new LinkedHashSet<>();
        for (NodeState m : counted) {
            Node n = m.node();
            slots += n.slots();
            cores += n.cores();
            memory = saturatedAdd(memory, n.memoryBytes());
            freeMemory = saturatedAdd(freeMemory, m.freeMemoryBytes());
            queue += m.queueLength();
            busy += m.load() * n.slots();
            speedTimesSlots += n.speed() * n.slots();
            updated = Math.max(updated, m.updatedAtMillis());
            accelerators.addAll(n.accelerators());
            if (models == null) {
                models = new LinkedHashSet<>(n.models());
            } else {
                models.retainAll(n.models());
            }
        }
        Node first = counted.get(0).node();
        boolean available = !up.isEmpty() && models != null && !models.isEmpty();
        int poolSlots = (int) Math.min(Integer.MAX_VALUE, Math.max(1, slots));
        double speed = speedTimesSlots / poolSlots;
        Node node = new Node(id, first.kind(), first.address(), (int) Math.min(Integer.MAX_VALUE, Math.max(1, cores)),
                poolSlots, Double.isFinite(speed) ? speed : Double.MAX_VALUE, memory, new ArrayList<>(accelerators),
                models == null ? Set.of() : models);
        double load = slots == 0 ? 0 : Math.min(1.0, busy / slots);
        return new NodeState(node, available, Double.isNaN(load) ? 1.0 : load, (int) Math.min(Integer.MAX_VALUE, queue),
                freeMemory, updated);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum; // both are >= 0: only positive overflow
    }

    /** Members as last heard of, by id: what {@code aios:cloudnodes} prints. */
    Map<String, Map<String, Object>> members() {
        long now = nanoClock.getAsLong();
        Map<String, Map<String, Object>> out = new TreeMap<>();
        members.forEach((id, m) -> {
            NodeAdvertisement a = m.advertisement();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("state", a.state());
            row.put("fresh", fresh(m, now));
            row.put("kind", a.kind().name());
            row.put("address", a.address());
            row.put("slots", a.slots());
            row.put("capacity", a.capacity());
            row.put("busy", a.busy());
            row.put("queue", a.queue());
            row.put("models", String.join(",", a.models()));
            row.put("version", a.version());
            row.put("executed", a.executed());
            row.put("heard.ms.ago", TimeUnit.NANOSECONDS.toMillis(now - m.receivedAtNanos()));
            out.put(id, row);
        });
        return out;
    }
}
