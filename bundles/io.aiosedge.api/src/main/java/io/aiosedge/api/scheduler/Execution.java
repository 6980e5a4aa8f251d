package io.aiosedge.api.scheduler;

import java.util.Map;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a {@link TaskExecutor} returns for one run, immutable.
 *
 * @param output the output values (row-major)
 * @param computeMillis time the node spent computing, in ms
 * @param transferMillis time spent on the network (round trip minus compute), in ms; 0 on the gateway
 * @param attributes small string attributes (e.g. the worker that ran it); never null
 */
@ProviderType
public record Execution(float[] output, double computeMillis, double transferMillis, Map<String, String> attributes) {

    public Execution {
        Objects.requireNonNull(output, "output");
        attributes = Map.copyOf(attributes == null ? Map.of() : attributes);
    }
}
