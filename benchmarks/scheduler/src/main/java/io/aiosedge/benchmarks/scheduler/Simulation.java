package io.aiosedge.benchmarks.scheduler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

import org.eclipse.kura.KuraNotConnectedException;

import io.aiosedge.api.cloud.LinkState;
import io.aiosedge.api.scheduler.Execution;
import io.aiosedge.api.scheduler.FailureReason;
import io.aiosedge.api.scheduler.Locality;
import io.aiosedge.api.scheduler.Node;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.NodeState;
import io.aiosedge.api.scheduler.PlacementPolicy;
import io.aiosedge.api.scheduler.Task;
import io.aiosedge.api.scheduler.TaskExecutor;
import io.aiosedge.api.scheduler.TaskFailedException;
import io.aiosedge.scheduler.internal.core.ExecutionHistory;
import io.aiosedge.scheduler.internal.core.SchedulerClock;
import io.aiosedge.scheduler.internal.core.SchedulerEngine;
import io.aiosedge.scheduler.internal.core.SchedulerOptions;

/**
 * One discrete-event run: the real {@link SchedulerEngine} with the real policy and cost model, on virtual time,
 * with simulated nodes and link. Everything random is drawn from the scenario seed per (task, node), so every
 * policy sees the same arrivals and the same compute times.
 */
final class Simulation {

    private static final long EPOCH = 1_000_000_000L;
    private static final double EDGE_MODEL_RATIO = 0.25;

    private final Scenario scenario;
    private final int devices;
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private double now;
    private long eventSequence;
    private double uplinkFree;
    private double downlinkFree;

    private final List<NodeState> remote = new ArrayList<>();
    private final NodeState gateway;
    private final List<Double> completions = new ArrayList<>();
    private final List<Double> bounds = new ArrayList<>();
    final Map<FailureReason, Integer> failures = new EnumMap<>(FailureReason.class);
    long bytesSent;
    int submitted;
    int completedLate;
    double decisionMicros;

    private record Event(double time, long sequence, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event other) {
            int byTime = Double.compare(time, other.time);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    Simulation(Scenario scenario, int devices) {
        this.scenario = scenario;
        this.devices = devices;
        this.gateway = new NodeState(new Node("gateway", NodeKind.LOCAL, "", scenario.gatewaySlots(),
                scenario.gatewaySlots(), scenario.gatewaySpeed(), 0, List.of(), Set.of()), true, 0, 0, 0, EPOCH);
        for (int p = 1; p <= scenario.peerCount(); p++) {
            remote.add(new NodeState(new Node("peer-" + p, NodeKind.PEER, "inference.peer-" + p, scenario.peerSlots(),
                    scenario.peerSlots(), scenario.peerSpeed(), 0, List.of(), Set.of()), true, 0, 0, 0, EPOCH));
        }
        remote.add(new NodeState(new Node("cloud", NodeKind.CLOUD, "inference", scenario.cloudSlots(),
                scenario.cloudSlots(), scenario.cloudSpeed(), 0, List.of(), Set.of()), true, 0, 0, 0, EPOCH));
    }

    private void at(double time, Runnable action) {
        events.add(new Event(time, eventSequence++, action));
    }

    /** Runs the scenario with the policy; the results are in the fields and accessors. */
    void run(PlacementPolicy policy) {
        SchedulerOptions options = new SchedulerOptions(10_000, 20, 100, true, true, true, 10, EDGE_MODEL_RATIO, 1000,
                scenario.rttMillis(), scenario.bandwidth(), 0.2, 50);
        SchedulerEngine engine = new SchedulerEngine(options, new VirtualClock(), new World(),
                policy, new ExecutionHistory(0.2));
        SplittableRandom deviceRandom = new SplittableRandom(scenario.seed());
        double totalShare = scenario.apps().stream().mapToDouble(Scenario.App::share).sum();
        for (int d = 0; d < devices; d++) {
            double pick = deviceRandom.nextDouble() * totalShare;
            Scenario.App app = scenario.apps().get(scenario.apps().size() - 1);
            for (Scenario.App candidate : scenario.apps()) {
                pick -= candidate.share();
                if (pick < 0) {
                    app = candidate;
                    break;
                }
            }
            scheduleArrival(engine, app, d, new SplittableRandom(scenario.seed() * 31 + d), 0);
        }
        double end = scenario.durationSeconds() * 1000;
        while (!events.isEmpty()) {
            Event event = events.poll();
            now = event.time();
            event.action().run();
            if (now > end * 4) {
                throw new IllegalStateException("simulation did not drain");
            }
        }
        decisionMicros = engine.statistics().meanDecisionMicros();
        if (engine.activeCount() != 0) {
            throw new IllegalStateException(engine.activeCount() + " tasks never finished: a scheduler bug");
        }
    }

    private void scheduleArrival(SchedulerEngine engine, Scenario.App app, int device, SplittableRandom random,
            int count) {
        double gap = -Math.log(1 - random.nextDouble()) / app.rateHz() * 1000;
        double time = now + gap;
        if (time >= scenario.durationSeconds() * 1000) {
            return;
        }
        at(time, () -> {
            arrive(engine, app, device, count, random.split());
            scheduleArrival(engine, app, device, random, count + 1);
        });
    }

    private void arrive(SchedulerEngine engine, Scenario.App app, int device, int count, SplittableRandom random) {
        long taskKey = ((long) device << 32) | count;
        boolean edgeOnly = random.nextDouble() < app.edgeOnlyShare();
        boolean unsure = random.nextDouble() < app.unsureShare();
        double arrival = now;
        Task task = Task.builder(device + "-" + count, app.name()).model(app.name())
                .edgeModel(app.edgeModel() ? app.name() + "-small" : "").inputRef("sim", app.inputBytes())
                .outputBytes(app.outputBytes()).instructions(app.instructions())
                .deadline(EPOCH + (long) (arrival + app.deadlineMillis()))
                .locality(edgeOnly ? Locality.EDGE_ONLY : Locality.ANY)
                .attributes(Map.of("key", Long.toString(taskKey), "unsure", Boolean.toString(unsure))).build();
        submitted++;
        double bound = lowerBound(task, taskKey, arrival);
        engine.submit(task).whenComplete((result, error) -> {
            if (result != null) {
                completions.add(now - arrival);
                bounds.add(bound);
                if (!result.deadlineMet()) {
                    completedLate++;
                }
            } else {
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                FailureReason reason = cause instanceof TaskFailedException ? ((TaskFailedException) cause).reason()
                        : FailureReason.EXECUTION_FAILED;
                failures.merge(reason, 1, Integer::sum);
            }
        });
    }

    /** Contention-free best: the fastest single run over all allowed nodes and both models, link as it really is. */
    private double lowerBound(Task task, long taskKey, double arrival) {
        double best = compute(task, taskKey, 0, gateway.node(), task.model());
        if (task.hasEdgeModel()) {
            best = Math.min(best, compute(task, taskKey, 0, gateway.node(), task.edgeModel()));
        }
        if (task.locality() == Locality.ANY && !scenario.outage(arrival / 1000)) {
            for (int r = 0; r < remote.size(); r++) {
                Node node = remote.get(r).node();
                int hops = node.kind() == NodeKind.PEER ? 2 : 1;
                double network = hops * (scenario.rttMillis()
                        + (task.inputBytes() + task.outputBytes()) / scenario.bandwidth() * 1000);
                best = Math.min(best, network + compute(task, taskKey, r + 1, node, task.model()));
            }
        }
        return best;
    }

    /** Real compute time (ms) of a task on a node: instructions / speed with a log-normal factor fixed per pair. */
    private double compute(Task task, long taskKey, int nodeIndex, Node node, String model) {
        SplittableRandom draw = new SplittableRandom(scenario.seed() ^ (taskKey * 0x9E3779B97F4A7C15L) ^ (nodeIndex * 0xC2B2AE3D27D4EB4FL));
        double u1 = Math.max(1e-12, draw.nextDouble());
        double u2 = draw.nextDouble();
        double gaussian = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        double factor = Math.exp(scenario.computeSigma() * gaussian);
        double millis = task.instructions() / node.speed() * 1000 * factor;
        return model.equals(task.model()) ? millis : millis * EDGE_MODEL_RATIO;
    }

    private static float[] output(Task task, String model) {
        boolean unsure = Boolean.parseBoolean(task.attributes().get("unsure"));
        // A binary probability: 0.4 is unsure (confidence 0.6), 0.03 sure; the full model is always sure.
        return new float[] {!model.equals(task.model()) && unsure ? 0.4f : 0.03f};
    }

    // ------------------------------------------------------------------ results

    int completed() {
        return completions.size();
    }

    double meanCompletion() {
        return completions.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    double meanBound() {
        return bounds.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    double p95Completion() {
        double[] sorted = completions.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.ceil(0.95 * sorted.length) - 1];
    }

    int failed(FailureReason... reasons) {
        int total = 0;
        for (FailureReason reason : reasons) {
            total += failures.getOrDefault(reason, 0);
        }
        return total;
    }

    // ------------------------------------------------------------------ the simulated surroundings

    private final class VirtualClock implements SchedulerClock {
        @Override
        public long nowMillis() {
            return EPOCH + (long) now;
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Cancellable schedule(long delayMillis, Runnable action) {
            boolean[] cancelled = {false};
            at(now + delayMillis, () -> {
                if (!cancelled[0]) {
                    action.run();
                }
            });
            return () -> cancelled[0] = true;
        }
    }

    private final class World implements SchedulerEngine.Environment {
        private final TaskExecutor local = new TaskExecutor() {
            @Override
            public boolean serves(Node node) {
                return node.kind() == NodeKind.LOCAL;
            }

            @Override
            public CompletionStage<Execution> execute(Task task, Node node, String model) {
                CompletableFuture<Execution> future = new CompletableFuture<>();
                double millis = compute(task, Long.parseLong(task.attributes().get("key")), 0, node, model);
                at(now + millis, () -> future.complete(new Execution(output(task, model), millis, 0, Map.of())));
                return future;
            }
        };

        private final TaskExecutor offload = new TaskExecutor() {
            @Override
            public boolean serves(Node node) {
                return node.kind() != NodeKind.LOCAL;
            }

            @Override
            public CompletionStage<Execution> execute(Task task, Node node, String model) {
                CompletableFuture<Execution> future = new CompletableFuture<>();
                if (scenario.outage(now / 1000)) {
                    future.completeExceptionally(new KuraNotConnectedException("link down"));
                    return future;
                }
                int hops = node.kind() == NodeKind.PEER ? 2 : 1;
                int index = node.kind() == NodeKind.CLOUD ? remote.size() : Integer.parseInt(node.id().substring(5));
                double in = task.inputBytes() / scenario.bandwidth() * 1000;
                double out = task.outputBytes() / scenario.bandwidth() * 1000;
                double start = now;
                uplinkFree = Math.max(now, uplinkFree) + in;
                double arrive = uplinkFree + hops * scenario.rttMillis() / 2 + (hops - 1) * in;
                double millis = compute(task, Long.parseLong(task.attributes().get("key")), index, node, model);
                double done = arrive + millis;
                downlinkFree = Math.max(done, downlinkFree) + out;
                double reply = downlinkFree + hops * scenario.rttMillis() / 2 + (hops - 1) * out;
                bytesSent += task.inputBytes();
                if (scenario.outageDuring(start / 1000, reply / 1000)) {
                    at(start + scenario.offloadTimeoutMillis(), () -> future.completeExceptionally(
                            new TimeoutException("no reply within " + scenario.offloadTimeoutMillis() + " ms")));
                } else {
                    at(reply, () -> future.complete(new Execution(output(task, model), millis, reply - start - millis,
                            Map.of())));
                }
                return future;
            }
        };

        @Override
        public NodeState localNode() {
            return gateway;
        }

        @Override
        public Collection<NodeState> remoteNodes() {
            return remote;
        }

        @Override
        public LinkState link() {
            boolean seenUp = !scenario.outage(Math.max(0, now - scenario.detectMillis()) / 1000);
            return new LinkState(seenUp, scenario.rttMillis(), scenario.bandwidth(), EPOCH + (long) now);
        }

        @Override
        public TaskExecutor executorFor(Node node) {
            return node.kind() == NodeKind.LOCAL ? local : offload;
        }
    }

}
