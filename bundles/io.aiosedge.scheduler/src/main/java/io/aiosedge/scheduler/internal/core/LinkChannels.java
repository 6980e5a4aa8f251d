package io.aiosedge.scheduler.internal.core;

import java.util.HashMap;
import java.util.Map;

/**
 * The engine's view of the shared links (channels) its remote runs go over: per channel, until when the uplink is
 * busy with the inputs sent so far, and how much downlink time the results of running tasks are promised. A run
 * reserves both when it starts and gives its downlink promise back when it ends; {@link NodeLoad} carries the
 * backlogs to the cost model.
 *
 * <p>Not thread-safe on its own: every method is called while the caller holds the engine lock.
 */
final class LinkChannels {

    /** One shared link: until when its uplink is busy, and the downlink time promised (ms). */
    private static final class Channel {
        double uplinkFreeAtMillis;
        double pendingDownlinkMillis;
    }

    private final Map<String, Channel> channels = new HashMap<>();

    /** How long (ms) an input sent now over the path waits for the uplink; 0 on the gateway. Caller holds the engine lock. */
    double uplinkBacklogMillis(NodePath path, long now) {
        Channel channel = path.hops() > 0 ? channels.get(path.channel()) : null;
        return channel == null ? 0 : Math.max(0, channel.uplinkFreeAtMillis - now);
    }

    /** Downlink time (ms) promised to running tasks' results on the path's channel; 0 on the gateway. Caller holds the engine lock. */
    double downlinkBacklogMillis(NodePath path) {
        Channel channel = path.hops() > 0 ? channels.get(path.channel()) : null;
        return channel == null ? 0 : channel.pendingDownlinkMillis;
    }

    /**
     * A remote run starts: its input queues on the shared uplink, its result is promised to the downlink. Caller
     * holds the engine lock.
     */
    void reserve(TaskRecord record, long now) {
        NodePath path = record.path;
        if (path == null || path.hops() == 0) {
            return;
        }
        Channel channel = channels.computeIfAbsent(path.channel(), c -> new Channel());
        channel.uplinkFreeAtMillis = Math.max(now, channel.uplinkFreeAtMillis)
                + path.uplinkOccupancyMillis(record.task.inputBytes());
        record.reservedDownlinkMillis = path.downlinkOccupancyMillis(record.task.outputBytes());
        channel.pendingDownlinkMillis += record.reservedDownlinkMillis;
    }

    /** A run ended: its downlink promise is given back. Caller holds the engine lock. */
    void release(TaskRecord record) {
        if (record.reservedDownlinkMillis > 0 && record.path != null) {
            Channel channel = channels.get(record.path.channel());
            if (channel != null) {
                channel.pendingDownlinkMillis = Math.max(0, channel.pendingDownlinkMillis - record.reservedDownlinkMillis);
            }
            record.reservedDownlinkMillis = 0;
        }
    }
}
