package io.aiosedge.api.cloud;

/**
 * What waits in a cloud endpoint's durable outbox, immutable: the figures a health check, a dashboard or a
 * supervisor needs to see whether data reaches the cloud in time and whether the store is filling up.
 *
 * @param depth messages stored and not yet acknowledged by the broker (in flight included)
 * @param inFlight of those, messages handed to the broker and not yet acknowledged
 * @param oldestAgeMillis age in milliseconds of the oldest stored message, 0 when the outbox is empty
 * @param storedBytes bytes of the stored messages (payloads and topics)
 * @param capacityBytes the most {@code storedBytes} may reach ({@code outbox.capacity.bytes})
 * @param diskBytes bytes the outbox's files take on disk now (journals, database, its WAL)
 * @param refused messages refused since the endpoint started because the store was full
 * @param dropped messages dropped since the endpoint started to make room (policy drop-oldest)
 * @param directory the folder that holds the outbox's files (for a disk-space check)
 */
public record OutboxState(long depth, long inFlight, long oldestAgeMillis, long storedBytes, long capacityBytes,
        long diskBytes, long refused, long dropped, String directory) {

    public OutboxState {
        if (depth < 0 || inFlight < 0 || oldestAgeMillis < 0 || storedBytes < 0 || capacityBytes < 0 || diskBytes < 0
                || refused < 0 || dropped < 0) {
            throw new IllegalArgumentException("outbox figures must not be negative: depth " + depth + ", in flight "
                    + inFlight + ", oldest age " + oldestAgeMillis + " ms, stored " + storedBytes + " B, capacity "
                    + capacityBytes + " B, disk " + diskBytes + " B, refused " + refused + ", dropped " + dropped);
        }
        if (inFlight > depth) {
            throw new IllegalArgumentException("in flight (" + inFlight + ") exceeds the depth (" + depth + ")");
        }
        if (directory == null || directory.isBlank()) {
            throw new IllegalArgumentException("directory must be given");
        }
    }

    /** The share of the byte capacity in use, 0 to 1 (0 when the capacity is 0). */
    public double fill() {
        return capacityBytes == 0 ? 0 : Math.min(1.0, (double) storedBytes / capacityBytes);
    }
}
