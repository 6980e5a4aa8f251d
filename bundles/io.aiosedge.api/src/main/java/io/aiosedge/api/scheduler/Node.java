package io.aiosedge.api.scheduler;

import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a node is (its static description), immutable. Its changing state is a {@link NodeState}.
 *
 * @param id unique node id (a gateway id, a worker pool id)
 * @param kind its tier
 * @param address how the offload executor reaches it: the offload capability it consumes (one MQTT topic
 *        level, e.g. {@code "inference"} for the shared cloud pool, {@code "inference.gw-7"} for a peer);
 *        empty for the local node
 * @param cores CPU cores
 * @param slots tasks it runs at the same time for this gateway (its capacity in the scheduler's model)
 * @param speed speed of one slot, in instructions/s (used with {@link Task#instructions()} as a prior)
 * @param memoryBytes memory in bytes (0 when unknown)
 * @param accelerators accelerator names (e.g. {@code "gpu:nvidia-t4"}), never null
 * @param models models it serves; empty means it serves any model
 */
@ProviderType
public record Node(String id, NodeKind kind, String address, int cores, int slots, double speed, long memoryBytes,
        List<String> accelerators, Set<String> models) {

    public Node {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        address = address == null ? "" : address;
        accelerators = List.copyOf(accelerators == null ? List.of() : accelerators);
        models = Set.copyOf(models == null ? Set.of() : models);
        if (id.isBlank()) {
            throw new IllegalArgumentException("node id must not be blank");
        }
        if (cores < 1 || slots < 1 || !(speed > 0) || Double.isInfinite(speed) || memoryBytes < 0) {
            throw new IllegalArgumentException("node " + id + ": cores and slots must be >= 1, speed > 0 and finite, "
                    + "memory >= 0: cores=" + cores + " slots=" + slots + " speed=" + speed + " memory=" + memoryBytes);
        }
    }

    /** Whether it serves the named model. */
    public boolean serves(String model) {
        return models.isEmpty() || models.contains(model);
    }
}
