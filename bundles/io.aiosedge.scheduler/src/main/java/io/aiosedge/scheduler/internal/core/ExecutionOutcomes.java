package io.aiosedge.scheduler.internal.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

import org.eclipse.kura.KuraNotConnectedException;
import org.eclipse.kura.KuraStoreException;
import org.eclipse.kura.KuraTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.scheduler.Assignment;
import io.aiosedge.api.scheduler.Execution;
import io.aiosedge.api.scheduler.FailureReason;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.Task;
import io.aiosedge.api.scheduler.TaskResult;
import io.aiosedge.api.scheduler.TaskState;

/**
 * What a finished run leads to: the execution history learns from it (compute, network, failure rate), a
 * joint-inference answer below its confidence threshold is escalated, a failed escalation keeps the edge answer, a
 * remote run that failed on the network falls back to the gateway, and otherwise the task completes or fails in the
 * {@link TaskLedger}.
 *
 * <p>Not thread-safe on its own: {@link #onExecuted} is called while the caller holds the engine lock.
 */
final class ExecutionOutcomes {

    // Logs under the engine's name, as it did before this was split out of it.
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerEngine.class);

    private final SchedulerEngine.Environment environment;
    private final CostModel costModel;
    private final NodeRoster roster;
    private final NodeDispatch dispatch;
    private final TaskLedger ledger;

    ExecutionOutcomes(SchedulerEngine.Environment environment, CostModel costModel, NodeRoster roster,
            NodeDispatch dispatch, TaskLedger ledger) {
        this.environment = environment;
        this.costModel = costModel;
        this.roster = roster;
        this.dispatch = dispatch;
        this.ledger = ledger;
    }

    /**
     * A run of the task on the node ended with the execution or the error; ignored unless the task is still
     * running there (it may have been aborted meanwhile). Caller holds the engine lock.
     */
    void onExecuted(TaskRecord record, NodeRuntime node, Execution execution, Throwable error, long now,
            List<Runnable> after) {
        if (record.state == TaskState.RUNNING) {
            boolean remote = node.state.kind() != NodeKind.LOCAL;
            if (error != null) {
                onFailure(record, node, unwrap(error), remote, now, after);
            } else {
                onSuccess(record, node, execution, remote, now, after);
            }
        }
    }

    private void onSuccess(TaskRecord record, NodeRuntime node, Execution execution, boolean remote, long now,
            List<Runnable> after) {
        Task task = record.task;
        String key = CostModel.learningKey(task, record.model);
        ExecutionHistory history = costModel.history();
        history.recordCompute(key, node.id(), record.priorComputeMillis, record.estimatedComputeMillis,
                execution.computeMillis(), now);
        if (remote) {
            double wall = now - record.startedAtMillis;
            history.recordNetwork(key, node.id(), record.rawTransferMillis, Math.max(0, wall - execution.computeMillis()),
                    now);
        }
        history.recordOutcome(key, node.id(), false, 0, now);
        TaskResult result = result(record, node, execution, now);
        Assignment assignment = record.assignment;
        if (assignment != null && assignment.escalates() && !record.escalating
                && result.confidence() < assignment.escalateBelowConfidence()) {
            String target = record.explanation.table().node(assignment.escalationNode()).id();
            NodeRuntime escalation = roster.get(target);
            if (escalation != null && escalation.present) {
                record.edgeResult = result;
                record.escalating = true;
                record.detail = String.format("edge confidence %.3f < %.3f, escalated to %s", result.confidence(),
                        assignment.escalateBelowConfidence(), target);
                dispatch.enqueue(record, escalation, task.model(), now, environment.link(), after);
                return;
            }
        }
        ledger.complete(record, result, after);
    }

    private void onFailure(TaskRecord record, NodeRuntime node, Throwable cause, boolean remote, long now,
            List<Runnable> after) {
        String message = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        // A failure teaches too: its rate and cost count against the node, and a remote run that timed out
        // took at least this long on the network.
        String key = CostModel.learningKey(record.task, record.model);
        double wall = now - record.startedAtMillis;
        // Except when the gateway's own connection is down: that says nothing about the node (the link state
        // already keeps tasks away while it lasts), and counting it would keep them away long after.
        boolean ownLinkDown = remote && (cause instanceof KuraNotConnectedException || !environment.link().connected());
        if (!ownLinkDown) {
            costModel.history().recordOutcome(key, node.id(), true, wall, now);
            if (remote && isNetworkFailure(cause)) {
                costModel.history().recordNetwork(key, node.id(), record.rawTransferMillis,
                        Math.max(0, wall - record.estimatedComputeMillis), now);
            }
        }
        if (record.escalating) {
            // The edge answer stands when the escalation cannot be had.
            TaskResult edge = record.edgeResult;
            Map<String, String> attributes = new HashMap<>(edge.attributes());
            attributes.put("escalation.failed", message);
            record.detail = "escalation to " + node.id() + " failed, edge result kept: " + message;
            ledger.complete(record, new TaskResult(edge.taskId(), edge.nodeId(), edge.nodeKind(), edge.model(),
                    edge.output(), edge.queueMillis(), edge.transferMillis(), edge.computeMillis(), now,
                    now <= record.task.deadlineMillis(), edge.score(), edge.confidence(), edge.degraded(), false,
                    attributes), after);
            return;
        }
        if (remote && isNetworkFailure(cause)) {
            if (!dispatch.fallBackToGateway(record, node, now, message, after)) {
                ledger.fail(record, FailureReason.NETWORK, "offload to " + node.id() + " failed: " + message, after);
            }
            return;
        }
        ledger.fail(record, FailureReason.EXECUTION_FAILED, "on " + node.id() + ": " + message, after);
    }

    private static TaskResult result(TaskRecord record, NodeRuntime node, Execution execution, long now) {
        double total = now - record.submittedAtMillis;
        double compute = execution.computeMillis();
        double transfer = execution.transferMillis();
        if (record.edgeResult != null) {
            compute += record.edgeResult.computeMillis();
            transfer += record.edgeResult.transferMillis();
        }
        double queue = Math.max(0, total - compute - transfer);
        String confidenceAttribute = execution.attributes().get("confidence");
        double confidence = TaskResult.confidenceOf(execution.output());
        if (confidenceAttribute != null) {
            try {
                confidence = Double.parseDouble(confidenceAttribute);
            } catch (NumberFormatException e) {
                LOG.debug("Ignoring confidence attribute '{}' of task {}", confidenceAttribute, record.task.id());
            }
        }
        double score = execution.output().length == 0 ? Double.NaN : execution.output()[0];
        return new TaskResult(record.task.id(), node.id(), node.state.kind(), record.model, execution.output(), queue,
                transfer, compute, now, now <= record.task.deadlineMillis(), score, confidence, record.degraded,
                record.escalating, execution.attributes());
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Failures after which the task may still succeed elsewhere: the request or reply did not get through. */
    static boolean isNetworkFailure(Throwable cause) {
        return cause instanceof TimeoutException || cause instanceof KuraNotConnectedException
                || cause instanceof KuraTimeoutException || cause instanceof KuraStoreException
                || cause instanceof RejectedExecutionException;
    }
}
