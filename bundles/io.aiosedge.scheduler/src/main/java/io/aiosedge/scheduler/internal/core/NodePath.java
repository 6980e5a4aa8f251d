package io.aiosedge.scheduler.internal.core;

import io.aiosedge.api.cloud.LinkState;
import io.aiosedge.api.scheduler.NodeKind;

/**
 * How a task's bytes reach one node and come back, per direction, immutable. An optional <b>access hop</b> (the
 * device's link to this gateway, e.g. WLAN: latency plus bytes / bandwidth) is crossed by every task, local ones
 * too; a remote node adds {@code hops} broker hops of ½ RTT plus bytes / bandwidth each way (one to a cloud
 * worker, two to a peer: gateway → broker → peer). Nodes on the same {@code channel} share its uplink and
 * downlink, so the engine queues their transfers behind each other.
 *
 * @param channel name of the shared link the remote hops use (the gateway's broker connection by default)
 * @param up whether the link is usable now
 * @param accessMillis one-way latency of the access hop, in ms (0: data is already on the gateway)
 * @param accessBytesPerSecond bandwidth of the access hop, bytes/s (+Infinity: none)
 * @param rttMillis round trip of one remote hop, in ms
 * @param upBytesPerSecond uplink bandwidth (towards the node), bytes/s
 * @param downBytesPerSecond downlink bandwidth (results back), bytes/s
 * @param hops remote hops: 0 for the gateway itself
 */
public record NodePath(String channel, boolean up, double accessMillis, double accessBytesPerSecond,
        double rttMillis, double upBytesPerSecond, double downBytesPerSecond, int hops) {

    /** The gateway itself, with the data already on it. */
    public static final NodePath LOCAL = new NodePath("", true, 0, Double.POSITIVE_INFINITY, 0,
            Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0);

    /** The name of the gateway's broker connection as a channel. */
    public static final String BROKER = "broker";

    public NodePath {
        channel = channel == null ? "" : channel;
        if (!(accessMillis >= 0) || !(accessBytesPerSecond > 0) || !(rttMillis >= 0) || !(upBytesPerSecond > 0)
                || !(downBytesPerSecond > 0) || hops < 0) {
            throw new IllegalArgumentException("bad path: access " + accessMillis + " ms at " + accessBytesPerSecond
                    + " B/s, rtt " + rttMillis + " ms, up " + upBytesPerSecond + " B/s, down " + downBytesPerSecond
                    + " B/s, hops " + hops);
        }
    }

    /**
     * The default path of a node over the gateway's one broker link: measured RTT and bandwidth (the same both
     * ways) when known, else the configured defaults; down when the link is.
     */
    public static NodePath over(NodeKind kind, LinkState link, SchedulerOptions options) {
        if (kind == NodeKind.LOCAL) {
            return LOCAL;
        }
        boolean measured = link.measured() && link.bandwidthBytesPerSecond() > 0;
        double rtt = measured ? link.rttMillis() : options.defaultRttMillis();
        double bandwidth = measured ? link.bandwidthBytesPerSecond() : options.defaultBandwidthBytesPerSecond();
        return new NodePath(BROKER, link.connected(), 0, Double.POSITIVE_INFINITY, rtt, bandwidth, bandwidth,
                kind == NodeKind.PEER ? 2 : 1);
    }

    private double access(long bytes) {
        return accessMillis + bytes * 1000.0 / accessBytesPerSecond;
    }

    /** Contention-free time of the input to the node, in ms. */
    public double inputMillis(long bytes) {
        return access(bytes) + hops * (rttMillis / 2 + bytes * 1000.0 / upBytesPerSecond);
    }

    /** Contention-free time of the result back, in ms. */
    public double outputMillis(long bytes) {
        return access(bytes) + hops * (rttMillis / 2 + bytes * 1000.0 / downBytesPerSecond);
    }

    /** Time the bytes occupy this path's shared uplink (one hop's serialisation), in ms; 0 on the gateway. */
    public double uplinkOccupancyMillis(long bytes) {
        return hops == 0 ? 0 : bytes * 1000.0 / upBytesPerSecond;
    }

    /** Time the bytes occupy this path's shared downlink, in ms; 0 on the gateway. */
    public double downlinkOccupancyMillis(long bytes) {
        return hops == 0 ? 0 : bytes * 1000.0 / downBytesPerSecond;
    }
}
