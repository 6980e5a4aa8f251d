package io.aiosedge.api.scheduler;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard SPI that runs a task on a node. The scheduler has two built in: local inference through
 * {@code TensorInference} for the {@link NodeKind#LOCAL} node, and offload through {@code OffloadClient}
 * (capability = the node's {@link Node#address()}, payload in {@code TensorPayloads} format) for peers and
 * cloud workers. A registered executor that {@link #serves} a node takes precedence over the built-in one.
 */
@ConsumerType
public interface TaskExecutor {

    /** Whether this executor can run tasks on the node. */
    boolean serves(Node node);

    /**
     * Starts the task on the node with the given model (the task's model or its edge model). Must not block:
     * the stage completes with the output, or exceptionally; a {@link java.util.concurrent.TimeoutException}
     * or {@code org.eclipse.kura.KuraNotConnectedException} is treated as a network failure (the scheduler may
     * then run the task elsewhere), anything else as an execution failure.
     */
    CompletionStage<Execution> execute(Task task, Node node, String model);
}
