package io.aiosedge.dashboard.internal;

import java.util.Map;
import java.util.TreeMap;

import io.aiosedge.api.scheduler.Assignment;
import io.aiosedge.api.scheduler.CostTable;
import io.aiosedge.api.scheduler.Estimate;
import io.aiosedge.api.scheduler.Explanation;
import io.aiosedge.api.scheduler.NodeState;
import io.aiosedge.api.scheduler.TaskResult;
import io.aiosedge.api.scheduler.TaskStatus;

/**
 * The data endpoint's document ({@code /system/console/aiosedge/data.json}): a {@link DashboardView} as JSON. Times
 * are ms since the epoch, durations ms unless a name says otherwise ({@code …Micros}), shares in [0, 1]; a figure
 * that was never measured is {@code null}; maps are written sorted by name. The README lists every member.
 */
final class DashboardJson {

    private DashboardJson() {
    }

    /** The document for a sampler's view. */
    static String of(DashboardView view) {
        JsonWriter json = new JsonWriter().beginObject();
        json.member("sampling", true).member("nowMillis", view.nowMillis())
                .member("periodMillis", view.settings().periodMillis())
                .member("historySamples", view.settings().historySamples());
        scheduler(json.name("scheduler"), view.scheduler());
        json.member("completedSinceStart", view.completedSinceStart());
        counts(json.name("placements"), view.placementsSinceStart());
        json.name("nodes").beginArray();
        for (NodeState node : view.nodes()) {
            json.beginObject().member("id", node.id()).member("kind", node.kind().name())
                    .member("available", node.available()).member("load", node.load())
                    .member("queueLength", node.queueLength()).endObject();
        }
        json.endArray();
        links(json.name("links"), view.links());
        models(json.name("models"), view.models());
        json.name("samples").beginArray();
        for (Sample sample : view.history()) {
            sample(json, sample);
        }
        json.endArray();
        json.name("recent").beginArray();
        for (ServiceReadings.RecentTask task : view.recent()) {
            recent(json, task);
        }
        json.endArray();
        return json.endObject().toJson();
    }

    /** The document when no sampler runs (no configuration): the page says so instead of failing. */
    static String withoutSampler(String reason) {
        return new JsonWriter().beginObject().member("sampling", false).member("reason", reason).endObject().toJson();
    }

    private static void sample(JsonWriter json, Sample s) {
        Sample.Interval i = s.interval();
        json.beginObject().member("t", s.timeMillis()).member("intervalMillis", s.intervalMillis())
                .member("completed", i.completed()).member("deadlinesMissed", i.deadlinesMissed())
                .member("escalated", i.escalated()).member("p50Millis", i.p50Millis())
                .member("p95Millis", i.p95Millis()).member("escalatedShare", s.escalatedShareInInterval());
        counts(json.name("placements"), i.placements());
        Sample.SchedulerFigures f = s.scheduler();
        if (f == null) {
            json.name("scheduler").nullValue();
        } else {
            json.name("scheduler").beginObject().member("completed", f.completed())
                    .member("deadlinesMissed", f.deadlinesMissed()).member("escalatedShare", f.escalatedShare())
                    .member("queued", f.queued()).member("running", f.running()).endObject();
        }
        links(json.name("links"), s.links());
        json.name("models").beginObject();
        for (Map.Entry<String, Sample.ModelFigures> m : new TreeMap<>(s.models()).entrySet()) {
            json.name(m.getKey()).beginObject().member("calls", m.getValue().calls())
                    .member("p50Micros", m.getValue().p50Micros()).member("p95Micros", m.getValue().p95Micros())
                    .endObject();
        }
        json.endObject().endObject();
    }

    private static void scheduler(JsonWriter json, Sample.SchedulerFigures f) {
        if (f == null) {
            json.nullValue();
            return;
        }
        json.beginObject().member("policy", f.policy()).member("submitted", f.submitted())
                .member("completed", f.completed()).member("deadlinesMissed", f.deadlinesMissed())
                .member("escalated", f.escalated()).member("jointInferenceTasks", f.jointInferenceTasks())
                .member("escalatedShare", f.escalatedShare()).member("queued", f.queued())
                .member("running", f.running()).endObject();
    }

    private static void counts(JsonWriter json, Map<String, Long> counts) {
        json.beginObject();
        new TreeMap<>(counts).forEach((name, count) -> json.member(name, count));
        json.endObject();
    }

    private static void links(JsonWriter json, Map<String, Sample.LinkFigures> links) {
        json.beginObject();
        for (Map.Entry<String, Sample.LinkFigures> entry : new TreeMap<>(links).entrySet()) {
            Sample.LinkFigures l = entry.getValue();
            json.name(entry.getKey()).beginObject().member("connected", l.connected())
                    .member("rttMillis", l.rttMillis()).member("bandwidthBytesPerSecond", l.bandwidthBytesPerSecond())
                    .member("measuredAtMillis", l.measuredAtMillis());
            Sample.OutboxFigures o = l.outbox();
            if (o == null) {
                json.name("outbox").nullValue();
            } else {
                json.name("outbox").beginObject().member("depth", o.depth()).member("inFlight", o.inFlight())
                        .member("oldestAgeMillis", o.oldestAgeMillis()).member("fill", o.fill())
                        .member("refused", o.refused()).member("dropped", o.dropped()).endObject();
            }
            json.endObject();
        }
        json.endObject();
    }

    private static void models(JsonWriter json, Map<String, Sample.ModelFigures> models) {
        json.beginArray();
        for (Map.Entry<String, Sample.ModelFigures> entry : new TreeMap<>(models).entrySet()) {
            Sample.ModelFigures m = entry.getValue();
            json.beginObject().member("key", entry.getKey()).member("engine", m.engine()).member("model", m.model())
                    .member("version", m.version()).member("calls", m.calls()).member("errors", m.errors())
                    .member("batches", m.batches()).member("p50Micros", m.p50Micros())
                    .member("p95Micros", m.p95Micros()).member("p99Micros", m.p99Micros()).endObject();
        }
        json.endArray();
    }

    private static void recent(JsonWriter json, ServiceReadings.RecentTask task) {
        TaskStatus s = task.status();
        json.beginObject().member("taskId", s.taskId()).member("kind", s.kind()).member("state", s.state().name())
                .member("nodeId", s.nodeId()).member("priority", s.priority())
                .member("submittedAtMillis", s.submittedAtMillis()).member("updatedAtMillis", s.updatedAtMillis())
                .member("deadlineMillis", s.deadlineMillis() == Long.MAX_VALUE ? Double.NaN : s.deadlineMillis())
                .member("failure", s.failure() == null ? null : s.failure().name()).member("detail", s.detail());
        TaskResult r = s.result();
        if (r == null) {
            json.name("result").nullValue();
        } else {
            json.name("result").beginObject().member("nodeId", r.nodeId()).member("nodeKind", r.nodeKind().name())
                    .member("model", r.model()).member("queueMillis", r.queueMillis())
                    .member("transferMillis", r.transferMillis()).member("computeMillis", r.computeMillis())
                    .member("totalMillis", r.totalMillis()).member("deadlineMet", r.deadlineMet())
                    .member("score", r.score()).member("confidence", r.confidence())
                    .member("degraded", r.degraded()).member("escalated", r.escalated()).endObject();
        }
        explanation(json.name("explain"), task.explanation());
        json.endObject();
    }

    /** The task's row of the cost table: one entry per candidate node, with the policy's decision. */
    private static void explanation(JsonWriter json, Explanation e) {
        if (e == null) {
            json.nullValue();
            return;
        }
        CostTable table = e.table();
        int j = e.taskIndex();
        Assignment a = e.assignment();
        json.beginObject().member("policy", e.policy()).member("decisionMicros", e.decisionMicros())
                .member("tasksInTable", table.taskCount()).member("note", a.note())
                .member("model", a.model()).member("chosenNode", nodeId(table, a.node()))
                .member("escalateBelowConfidence", a.escalateBelowConfidence())
                .member("escalationNode", nodeId(table, a.escalationNode()));
        json.name("rows").beginArray();
        if (j >= 0 && j < table.taskCount()) {
            for (int i = 0; i < table.nodeCount(); i++) {
                Estimate est = table.estimate(j, i);
                NodeState node = table.node(i);
                json.beginObject().member("node", node.id()).member("kind", node.kind().name())
                        .member("allowed", est.allowed()).member("chosen", i == a.node())
                        .member("waitMillis", est.waitMillis()).member("inputTransferMillis", est.inputTransferMillis())
                        .member("computeMillis", est.computeMillis())
                        .member("outputTransferMillis", est.outputTransferMillis())
                        .member("completionMillis", est.completionMillis())
                        .member("meetsDeadline", table.meetsDeadline(j, i)).member("samples", est.samples())
                        .member("note", est.note()).endObject();
            }
        }
        json.endArray().endObject();
    }

    private static String nodeId(CostTable table, int index) {
        return index >= 0 && index < table.nodeCount() ? table.node(index).id() : null;
    }
}
