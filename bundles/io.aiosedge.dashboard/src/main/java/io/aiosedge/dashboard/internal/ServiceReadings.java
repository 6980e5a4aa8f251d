package io.aiosedge.dashboard.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.cloud.CloudLinkMonitor;
import io.aiosedge.api.cloud.LinkState;
import io.aiosedge.api.cloud.OutboxState;
import io.aiosedge.api.inference.ModelStatistics;
import io.aiosedge.api.inference.TensorInference;
import io.aiosedge.api.scheduler.Explanation;
import io.aiosedge.api.scheduler.NodeState;
import io.aiosedge.api.scheduler.SchedulerStatistics;
import io.aiosedge.api.scheduler.TaskScheduler;
import io.aiosedge.api.scheduler.TaskStatus;

/**
 * Reads the services the dashboard shows into its own immutable figures. Every read tolerates a missing service
 * (null, an empty collection) and one that fails (a service going away while it is read, a bug elsewhere): that
 * section is then empty and the failure is logged at debug level, so the page shows what the other services say
 * instead of an error.
 */
final class ServiceReadings {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceReadings.class);

    /** A finished task and the explanation of its placement (null when the scheduler no longer has it). */
    record RecentTask(TaskStatus status, Explanation explanation) {
    }

    private ServiceReadings() {
    }

    /** The scheduler's counters and policy; null without a scheduler. */
    static Sample.SchedulerFigures scheduler(TaskScheduler scheduler) {
        if (scheduler == null) {
            return null;
        }
        try {
            SchedulerStatistics s = scheduler.statistics();
            return new Sample.SchedulerFigures(scheduler.policy(), s.submitted(), s.completed(), s.deadlinesMissed(),
                    s.escalated(), s.jointInferenceTasks(), s.escalatedShare(), s.queued(), s.running());
        } catch (RuntimeException e) {
            LOG.debug("Scheduler statistics not read", e);
            return null;
        }
    }

    /** The nodes the scheduler sees now, the gateway first; empty without a scheduler. */
    static List<NodeState> nodes(TaskScheduler scheduler) {
        if (scheduler == null) {
            return List.of();
        }
        try {
            return List.copyOf(scheduler.nodes());
        } catch (RuntimeException e) {
            LOG.debug("Scheduler nodes not read", e);
            return List.of();
        }
    }

    /** The {@code max} most recent finished tasks, newest first, each with its explanation. */
    static List<RecentTask> recent(TaskScheduler scheduler, int max) {
        if (scheduler == null) {
            return List.of();
        }
        List<TaskStatus> statuses;
        try {
            statuses = scheduler.recent(max);
        } catch (RuntimeException e) {
            LOG.debug("Recent tasks not read", e);
            return List.of();
        }
        List<RecentTask> recent = new ArrayList<>();
        for (TaskStatus status : statuses.subList(0, Math.min(max, statuses.size()))) {
            Explanation explanation;
            try {
                Optional<Explanation> found = scheduler.explain(status.taskId());
                explanation = found == null ? null : found.orElse(null);
            } catch (RuntimeException e) {
                LOG.debug("No explanation of task {}", status.taskId(), e);
                explanation = null;
            }
            recent.add(new RecentTask(status, explanation));
        }
        return recent;
    }

    /** Each endpoint's link and outbox, by endpoint name. */
    static Map<String, Sample.LinkFigures> links(Collection<Named<CloudLinkMonitor>> monitors) {
        Map<String, Sample.LinkFigures> links = new TreeMap<>();
        for (Named<CloudLinkMonitor> monitor : sorted(monitors)) {
            try {
                LinkState link = monitor.service().linkState();
                Optional<OutboxState> outbox = monitor.service().outboxState();
                Sample.OutboxFigures box = outbox == null ? null : outbox.map(o -> new Sample.OutboxFigures(o.depth(),
                        o.inFlight(), o.oldestAgeMillis(), o.fill(), o.refused(), o.dropped())).orElse(null);
                LinkState state = link == null ? LinkState.UNKNOWN : link;
                links.put(unique(links, monitor), new Sample.LinkFigures(state.connected(), state.rttMillis(),
                        state.bandwidthBytesPerSecond(), state.measuredAtMillis(), box));
            } catch (RuntimeException e) {
                LOG.debug("Link state of {} not read", monitor.name(), e);
            }
        }
        return links;
    }

    /**
     * Each loaded model's statistics, by model name ({@code engine/model} when two engines serve a model of the same
     * name).
     */
    static Map<String, Sample.ModelFigures> models(Collection<Named<TensorInference>> engines) {
        Map<String, Sample.ModelFigures> models = new TreeMap<>();
        for (Named<TensorInference> engine : sorted(engines)) {
            try {
                for (String model : new java.util.TreeSet<>(engine.service().models())) {
                    ModelStatistics s = engine.service().statistics(model);
                    if (s == null) {
                        continue; // unloaded between models() and statistics()
                    }
                    String key = models.containsKey(model) ? engine.name() + "/" + model : model;
                    models.put(key, new Sample.ModelFigures(engine.name(), model,
                            s.version() == null ? "" : s.version(), s.calls(), s.errors(), s.batches(), s.p50Micros(),
                            s.p95Micros(), s.p99Micros()));
                }
            } catch (RuntimeException e) {
                LOG.debug("Models of {} not read", engine.name(), e);
            }
        }
        return models;
    }

    private static <S> List<Named<S>> sorted(Collection<Named<S>> services) {
        List<Named<S>> list = new ArrayList<>(services);
        list.sort(Comparator.comparing((Named<S> n) -> n.name()).thenComparingLong(Named::serviceId));
        return list;
    }

    private static String unique(Map<String, ?> taken, Named<?> service) {
        return taken.containsKey(service.name()) ? service.name() + " #" + service.serviceId() : service.name();
    }
}
