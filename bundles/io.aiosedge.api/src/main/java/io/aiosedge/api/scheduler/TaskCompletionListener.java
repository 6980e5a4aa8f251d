package io.aiosedge.api.scheduler;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard SPI: told about every task the scheduler completed with a result (not about failed or cancelled
 * tasks). The learning loop uses it to keep the tasks joint inference escalated as hard examples; dashboards
 * and health checks can count results with it.
 *
 * <p>Called on the thread that completed the task, after the caller's result stage has been completed and
 * outside the scheduler's lock. Implementations must return quickly (hand slow work to a thread of their
 * own) and must not throw; an exception is logged and ignored.
 */
@ConsumerType
public interface TaskCompletionListener {

    /** A task completed; {@code completion.edgeResult()} is there when joint inference escalated it. */
    void taskCompleted(TaskCompletion completion);
}
