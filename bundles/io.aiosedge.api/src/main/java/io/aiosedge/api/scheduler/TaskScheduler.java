package io.aiosedge.api.scheduler;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The gateway's scheduler: decides when each task runs and where (this gateway, a peer, a cloud worker).
 *
 * <p>Guarantee: every submitted task's stage completes, with a {@link TaskResult} or exceptionally with a
 * {@link TaskFailedException} whose {@link FailureReason} says why; no task is silently dropped. A task is
 * <em>accepted</em> when {@link #submit} returned a stage that did not fail at admission; accepted tasks run
 * even when the scheduler is stopped (it drains: stops admitting, finishes what it accepted, then stops).
 */
@ProviderType
public interface TaskScheduler {

    /** Admits the task (or refuses it: the stage then fails at once with the reason). Never blocks. */
    CompletionStage<TaskResult> submit(Task task);

    /**
     * Cancels a task that has not started; its stage fails with {@link FailureReason#CANCELLED}.
     *
     * @return whether it was cancelled (false when unknown, running or finished)
     */
    boolean cancel(String taskId);

    /** The task's status while it is in the scheduler or among the recent finished ones. */
    Optional<TaskStatus> status(String taskId);

    /** Tasks queued, assigned or running now, most urgent first. */
    List<TaskStatus> active();

    /** The most recently finished tasks, newest first, at most {@code max}. */
    List<TaskStatus> recent(int max);

    /**
     * What the scheduler would decide for this task now, without admitting or running it: the cost table over
     * the nodes known now and the policy's assignment. {@link #submit} decides through the same call, so a
     * simulator, a Wire component or a test sees exactly what the executor path does. A batching policy is asked
     * for this task alone.
     *
     * @since 1.1
     */
    default Explanation decide(Task task) {
        throw new UnsupportedOperationException("decide is not supported by " + getClass().getName());
    }

    /**
     * Prediction error of the cost model per (task kind, node) and per component (wait, network, compute).
     *
     * @since 1.1
     */
    default List<Calibration> calibration() {
        return List.of();
    }

    /** Name of the placement policy in effect. */
    String policy();

    /** The candidate nodes as the scheduler sees them now (the gateway first). */
    List<NodeState> nodes();

    /** What the cost model has learned, per (task kind, node). */
    List<LearnedEstimate> learnedEstimates();

    /** The cost table and decision behind a task's placement (while it is active or recent). */
    Optional<Explanation> explain(String taskId);

    /** Counters since the scheduler started. */
    SchedulerStatistics statistics();
}
