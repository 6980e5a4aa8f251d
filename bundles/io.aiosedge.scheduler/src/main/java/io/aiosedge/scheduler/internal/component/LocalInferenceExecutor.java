package io.aiosedge.scheduler.internal.component;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.aiosedge.api.inference.TensorInference;
import io.aiosedge.api.scheduler.Execution;
import io.aiosedge.api.scheduler.Node;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.Task;
import io.aiosedge.api.scheduler.TaskExecutor;

/**
 * Runs tasks on the gateway through the inference engine's fast path ({@link TensorInference#inferAsync}), so the
 * engine may batch concurrent requests. The compute time is the wall time of the call, in ms.
 */
final class LocalInferenceExecutor implements TaskExecutor {

    private final TensorInference inference;

    LocalInferenceExecutor(TensorInference inference) {
        this.inference = inference;
    }

    @Override
    public boolean serves(Node node) {
        return node.kind() == NodeKind.LOCAL;
    }

    @Override
    public CompletionStage<Execution> execute(Task task, Node node, String model) {
        if (task.input() == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "the gateway runs tasks with an input tensor only; input reference " + task.inputRef()));
        }
        long start = System.nanoTime();
        CompletionStage<float[]> stage;
        try {
            stage = inference.inferAsync(model, task.input().values(), task.input().shape());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return stage.thenApply(output -> new Execution(output, (System.nanoTime() - start) / 1e6, 0, Map.of()));
    }
}
