package io.aiosedge.dashboard.internal;

import java.util.List;
import java.util.Map;

import io.aiosedge.api.scheduler.NodeState;

/**
 * Everything one page refresh shows, immutable: the sampled history for the charts and the services' state now.
 *
 * @param nowMillis when this view was made, ms since the epoch
 * @param settings the sampler's settings (period, history length)
 * @param history the samples, oldest first
 * @param placementsSinceStart completed tasks by node since the sampler started
 * @param completedSinceStart completed tasks the sampler counted since it started
 * @param scheduler the scheduler's counters now, null without a scheduler
 * @param nodes the scheduler's nodes now
 * @param links each endpoint's link and outbox now
 * @param models each loaded model's statistics now
 * @param recent the last finished tasks, newest first, with their explanations
 */
record DashboardView(long nowMillis, DashboardSettings settings, List<Sample> history,
        Map<String, Long> placementsSinceStart, long completedSinceStart, Sample.SchedulerFigures scheduler,
        List<NodeState> nodes, Map<String, Sample.LinkFigures> links, Map<String, Sample.ModelFigures> models,
        List<ServiceReadings.RecentTask> recent) {

    DashboardView {
        history = List.copyOf(history);
        placementsSinceStart = Map.copyOf(placementsSinceStart);
        nodes = List.copyOf(nodes);
        links = Map.copyOf(links);
        models = Map.copyOf(models);
        recent = List.copyOf(recent);
    }
}
