package io.aiosedge.cloudsync.mqtt.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;

import io.aiosedge.api.cloud.LinkState;
import io.aiosedge.api.cloud.OutboxState;
import io.aiosedge.cloudsync.mqtt.internal.link.LinkEstimator;
import io.aiosedge.cloudsync.mqtt.internal.link.MqttLink;
import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox;
import io.aiosedge.cloudsync.mqtt.internal.wire.Envelope;

/**
 * What an endpoint says about itself: the {@code CloudLinkMonitor} views ({@link #linkState()},
 * {@link #outboxState()}), the figures of the {@code status} command and the Gogo commands ({@link #metrics()}),
 * and the payload of the retained status topic ({@link #statusPayload}). Reads the endpoint's current session,
 * outbox and options on every call (the link's {@link MqttLink#status()}).
 */
final class EndpointStatus {

    private final Supplier<EndpointOptions> options;
    private final Supplier<MqttLink> link;
    private final Supplier<DurableOutbox> outbox;
    private final LinkEstimator estimator;
    private final OffloadRpcClient rpc;
    private final OffloadServer server;
    private final CommandDispatcher commands;
    private final BundleContext context;

    /** @param context null outside OSGi (tests, benchmarks): no bundle version in the status payload */
    EndpointStatus(Supplier<EndpointOptions> options, Supplier<MqttLink> link, Supplier<DurableOutbox> outbox,
            LinkEstimator estimator, OffloadRpcClient rpc, OffloadServer server, CommandDispatcher commands,
            BundleContext context) {
        this.options = options;
        this.link = link;
        this.outbox = outbox;
        this.estimator = estimator;
        this.rpc = rpc;
        this.server = server;
        this.commands = commands;
        this.context = context;
    }

    /** The estimator's figures, with the session's own word on whether it is connected. */
    LinkState linkState() {
        LinkState state = estimator.state();
        boolean connected = link.get().isConnected();
        if (state.connected() == connected) {
            return state;
        }
        return state.measuredAtMillis() == 0 && !connected ? LinkState.UNKNOWN
                : new LinkState(connected, state.rttMillis(), state.bandwidthBytesPerSecond(), state.measuredAtMillis());
    }

    Optional<OutboxState> outboxState() {
        DurableOutbox box = outbox.get();
        DurableOutbox.Stats stats = box.stats();
        long oldestAge = stats.oldestCreatedMillis() == 0 ? 0L
                : Math.max(0L, System.currentTimeMillis() - stats.oldestCreatedMillis());
        return Optional.of(new OutboxState(stats.stored(), Math.min(stats.inFlight(), stats.stored()), oldestAge,
                stats.storedBytes(), stats.capacityBytes(), stats.diskBytes(), stats.refused(), stats.dropped(),
                box.directory().toString()));
    }

    /** What the status command and the Gogo commands show. */
    Map<String, Object> metrics() {
        EndpointOptions o = options.get();
        MqttLink.Status s = link.get().status();
        DurableOutbox box = outbox.get();
        DurableOutbox.Stats stats = box.stats();
        LinkState ls = linkState();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", o.pid());
        m.put("broker", o.connection().brokerUrl());
        m.put("client.id", o.gatewayId());
        m.put("tenant", o.tenant());
        m.put("state", s.state().name());
        m.put("connected", s.state() == MqttLink.State.CONNECTED);
        m.put("connected.since", s.connectedSinceMillis());
        m.put("auto.reconnect", s.autoReconnect());
        m.put("connect.attempts", s.connectAttempts());
        m.put("connect.failures", s.failures());
        m.put("last.error", s.lastError() == null ? "" : s.lastError());
        m.put("next.attempt.at", s.nextAttemptAtMillis());
        m.put("outbox.depth", stats.stored());
        m.put("outbox.capacity", stats.capacity());
        m.put("outbox.bytes", stats.storedBytes());
        m.put("outbox.capacity.bytes", stats.capacityBytes());
        m.put("outbox.full.policy", stats.policy().toString());
        m.put("outbox.refused", stats.refused());
        stats.refusedByPriority().forEach((priority, count) -> m.put("outbox.refused.priority." + priority, count));
        m.put("outbox.dropped", stats.dropped());
        stats.droppedByPriority().forEach((priority, count) -> m.put("outbox.dropped.priority." + priority, count));
        m.put("outbox.disk.bytes", stats.diskBytes());
        m.put("outbox.inflight", stats.inFlight());
        stats.byPriority().forEach((priority, count) -> m.put("outbox.priority." + priority, count));
        m.put("outbox.oldest.age.ms", stats.oldestCreatedMillis() == 0 ? 0L
                : System.currentTimeMillis() - stats.oldestCreatedMillis());
        m.put("outbox.directory", box.directory().toString());
        m.put("link.rtt.ms", ls.rttMillis());
        m.put("link.bandwidth.Bps", ls.bandwidthBytesPerSecond());
        m.put("link.measured.at", ls.measuredAtMillis());
        m.put("offload.pending", rpc.pendingCount());
        long[] served = server.counters();
        m.put("offload.served", served[0]);
        m.put("offload.duplicates", served[1]);
        m.put("offload.expired", served[2]);
        m.put("offload.rejected", served[3]);
        m.put("commands.handlers", String.join(",", commands.handlerIds()));
        return m;
    }

    /** Payload of the status topic: an envelope (no body) saying ONLINE, OFFLINE or LOST. */
    byte[] statusPayload(String state) {
        EndpointOptions o = options.get();
        Map<String, Object> header = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        header.put("id", o.gatewayId() + "-status-" + now);
        header.put("ts", now);
        header.put("kind", "status");
        header.put("state", state);
        header.put("gateway", o.gatewayId());
        header.put("tenant", o.tenant());
        header.put("outbox.depth", outbox.get().size());
        if (context != null) {
            header.put("bundle.version", context.getBundle().getVersion().toString());
        }
        return new Envelope(header, new byte[0]).encode();
    }
}
