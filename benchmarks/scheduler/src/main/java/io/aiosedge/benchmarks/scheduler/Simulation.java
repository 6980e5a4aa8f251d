package io.aiosedge.benchmarks.scheduler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleConsumer;

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
import io.aiosedge.benchmarks.scheduler.Servers.Clock;
import io.aiosedge.benchmarks.scheduler.Servers.Server;
import io.aiosedge.scheduler.internal.core.ExecutionHistory;
import io.aiosedge.scheduler.internal.core.NodePath;
import io.aiosedge.scheduler.internal.core.OfflineBound;
import io.aiosedge.scheduler.internal.core.SchedulerClock;
import io.aiosedge.scheduler.internal.core.SchedulerEngine;
import io.aiosedge.scheduler.internal.core.SchedulerOptions;
import io.aiosedge.scheduler.internal.policy.Policies;
import io.aiosedge.scheduler.internal.policy.PolicyOptions;

/**
 * One discrete-event run of a scenario with one policy: a real {@link SchedulerEngine} per gateway (the real policy
 * and cost model, on virtual time, with instant feedback of every outcome), simulated nodes (slot queues or
 * processor sharing), a WAN shared by every gateway (bandwidth shared by the transfers under way, refused beyond
 * its transfer limit), an optional MAN to the peers and an optional access hop from the devices to their gateway.
 * Every random draw depends on the scenario seed and the task only, so every policy sees the same arrivals, sizes
 * and compute times.
 */
final class Simulation {

    private static final long EPOCH = 1_000_000_000L;
    private static final double EDGE_MODEL_RATIO = 0.25;

    private final Scenario scenario;
    private final int devices;
    private final Clock clock = new Clock();

    private final List<Gateway> gateways = new ArrayList<>();
    private final List<Remote> remotes = new ArrayList<>();
    private final Server wanUp;
    private final Server wanDown;
    private final Server manUp;
    private final Server manDown;

    /** Counted tasks (arrived after the warm-up). */
    final List<Outcome> outcomes = new ArrayList<>();
    final Map<FailureReason, Integer> failures = new EnumMap<>(FailureReason.class);
    long bytesSent;
    double decisionMicros;
    /** Inputs of the offline bound, per counted task. */
    private final List<double[]> boundJobs = new ArrayList<>();
    private boolean edgeModelsInBound;

    /** What became of one counted task. */
    /** One counted task: its completion (NaN when it failed), whether it met its deadline, its relative deadline. */
    record Outcome(String app, double millis, boolean met, boolean offloaded, FailureReason failure,
            double deadlineMillis) {
        /** The completion time, or the deadline for a task that never completed (a miss costs at least that). */
        double penalized() {
            return failure == null ? millis : deadlineMillis;
        }
    }

    /** A gateway: its engine, its compute, its access hop, its devices' tasks. */
    private final class Gateway {
        final int index;
        final NodeState state;
        final Server compute;
        final Server accessUp;
        final Server accessDown;
        SchedulerEngine engine;

        Gateway(int index) {
            this.index = index;
            int slots = scenario.contention == Scenario.Contention.SLOTS ? scenario.gatewaySlots
                    : scenario.gatewayCores * scenario.sharedSlotsPerCore;
            this.state = new NodeState(new Node("gw-" + index, NodeKind.LOCAL, "", scenario.gatewayCores, slots,
                    scenario.gatewaySpeed, 0, List.of(), Set.of()), true, 0, 0, 0, EPOCH);
            this.compute = computeServer(scenario.gatewaySlots, scenario.gatewayCores);
            this.accessUp = scenario.accessBandwidth > 0 ? link(scenario.accessBandwidth, Integer.MAX_VALUE) : null;
            this.accessDown = scenario.accessBandwidth > 0 ? link(scenario.accessBandwidth, Integer.MAX_VALUE) : null;
        }
    }

    /** A peer or the cloud pool, shared by every gateway. */
    private final class Remote {
        final int index;
        final Node node;
        final Server compute;
        final int engineSlots;
        NodeState advertised;
        double advertisedAt = Double.NEGATIVE_INFINITY;

        Remote(int index, String id, NodeKind kind, String address, int slots, int cores, double speed) {
            this.index = index;
            this.engineSlots = scenario.contention == Scenario.Contention.SLOTS ? slots
                    : cores * scenario.sharedSlotsPerCore;
            this.node = new Node(id, kind, address, cores, engineSlots, speed, 0, List.of(), Set.of());
            this.compute = computeServer(slots, cores);
        }

        /** Its state as its last advertisement (every {@code advertise.ms}) said: busy share of slots, queue. */
        NodeState state() {
            if (clock.now - advertisedAt >= scenario.advertiseMillis || advertised == null) {
                double load = Math.min(1, (double) (compute.busy() + compute.waiting()) / engineSlots);
                advertised = new NodeState(node, true, load, compute.waiting(), 0, EPOCH + (long) clock.now);
                advertisedAt = clock.now;
            }
            return advertised;
        }
    }

    Simulation(Scenario scenario, int devices) {
        this.scenario = scenario;
        this.devices = devices;
        for (int g = 0; g < scenario.gateways; g++) {
            gateways.add(new Gateway(g));
        }
        for (int p = 1; p <= scenario.peerCount; p++) {
            remotes.add(new Remote(p, "peer-" + p, NodeKind.PEER, "inference.peer-" + p, scenario.peerSlots,
                    scenario.peerCores, scenario.peerSpeed));
        }
        remotes.add(new Remote(scenario.peerCount + 1, "cloud", NodeKind.CLOUD, "inference", scenario.cloudSlots,
                scenario.cloudCores, scenario.cloudSpeed));
        wanUp = link(scenario.upBandwidth, scenario.maxTransfers);
        wanDown = link(scenario.downBandwidth, scenario.maxTransfers);
        manUp = scenario.manBandwidth > 0 ? link(scenario.manBandwidth, Integer.MAX_VALUE) : null;
        manDown = scenario.manBandwidth > 0 ? link(scenario.manBandwidth, Integer.MAX_VALUE) : null;
    }

    private Server computeServer(int slots, int cores) {
        return scenario.contention == Scenario.Contention.SLOTS ? new Servers.Slots(clock, slots, 1)
                : new Servers.Shared(clock, cores, 1, Integer.MAX_VALUE);
    }

    /** A link of {@code bandwidth} bytes/s: FIFO or shared by the transfers under way. */
    private Server link(double bandwidth, int maxTransfers) {
        return scenario.fifoLink ? new Servers.Slots(clock, 1, bandwidth / 1000)
                : new Servers.Shared(clock, bandwidth / 1000, Double.POSITIVE_INFINITY, maxTransfers);
    }

    /** Runs the scenario with the policy; the results are in the fields and accessors. */
    void run(String policyName) {
        edgeModelsInBound = policyName.equals(Policies.JOINT_INFERENCE);
        SchedulerOptions.Builder builder = SchedulerOptions.builder().queueCapacity(100_000).recentCapacity(20)
                .edgeModelCostRatio(EDGE_MODEL_RATIO).defaultRttMillis(scenario.rttMillis)
                .defaultBandwidthBytesPerSecond(scenario.upBandwidth);
        if (!Double.isNaN(scenario.learningHalfLifeMillis)) {
            builder.learningHalfLifeMillis(scenario.learningHalfLifeMillis);
        }
        SchedulerOptions options = builder.build();
        for (Gateway gateway : gateways) {
            PlacementPolicy policy = Policies.create(policyName, new PolicyOptions(scenario.seed, 0.8, 12, 2, 10_000));
            gateway.engine = new SchedulerEngine(options, new VirtualClock(), new World(gateway), policy,
                    new ExecutionHistory(options.learningAlpha(), options.learningHalfLifeMillis()));
        }
        int[] appOf = exactShares();
        for (int d = 0; d < devices; d++) {
            Scenario.App app = scenario.apps.get(appOf[d]);
            Gateway gateway = gateways.get(d % gateways.size());
            SplittableRandom random = new SplittableRandom(scenario.seed * 31 + d);
            Device device = new Device(d, app, gateway, random);
            device.start();
        }
        double limit = scenario.durationSeconds * 1000 * 20 + 600_000;
        int left = clock.run(limit);
        double micros = 0;
        for (Gateway gateway : gateways) {
            micros += gateway.engine.statistics().meanDecisionMicros();
            if (gateway.engine.activeCount() != 0) {
                throw new IllegalStateException(gateway.engine.activeCount() + " tasks never finished by " + limit
                        + " ms (" + left + " events left): a scheduler bug");
            }
        }
        decisionMicros = micros / gateways.size();
    }

    /** Devices per application by the largest remainder of the shares: the shares exactly, not by chance. */
    private int[] exactShares() {
        double total = scenario.apps.stream().mapToDouble(Scenario.App::share).sum();
        int n = scenario.apps.size();
        int[] counts = new int[n];
        double[] remainders = new double[n];
        int given = 0;
        for (int a = 0; a < n; a++) {
            double exact = devices * scenario.apps.get(a).share() / total;
            counts[a] = (int) Math.floor(exact);
            remainders[a] = exact - counts[a];
            given += counts[a];
        }
        while (given < devices) {
            int best = 0;
            for (int a = 1; a < n; a++) {
                if (remainders[a] > remainders[best]) {
                    best = a;
                }
            }
            counts[best]++;
            remainders[best] = -1;
            given++;
        }
        // Interleaved so that every gateway gets every application.
        int[] out = new int[devices];
        int d = 0;
        int[] left = counts.clone();
        while (d < devices) {
            for (int a = 0; a < n && d < devices; a++) {
                if (left[a] > 0) {
                    left[a]--;
                    out[d++] = a;
                }
            }
        }
        return out;
    }

    /** One device: an on/off source of Poisson arrivals (always on without active/idle periods). */
    private final class Device {
        final int id;
        final Scenario.App app;
        final Gateway gateway;
        final SplittableRandom random;
        int count;
        double activeUntil = Double.POSITIVE_INFINITY;

        Device(int id, Scenario.App app, Gateway gateway, SplittableRandom random) {
            this.id = id;
            this.app = app;
            this.gateway = gateway;
            this.random = random;
        }

        void start() {
            if (app.activeSeconds() > 0) {
                // A random phase: active with the probability of being active.
                double activeShare = app.activeSeconds() / (app.activeSeconds() + app.idleSeconds());
                if (random.nextDouble() < activeShare) {
                    activeUntil = exponential(app.activeSeconds() * 1000);
                    next();
                } else {
                    clock.at(exponential(app.idleSeconds() * 1000), this::becomeActive);
                }
            } else {
                next();
            }
        }

        private void becomeActive() {
            activeUntil = clock.now + exponential(app.activeSeconds() * 1000);
            next();
        }

        private double exponential(double mean) {
            return -Math.log(1 - random.nextDouble()) * mean;
        }

        private void next() {
            double rate = scenario.rateFactor(clock.now / 1000);
            double time = clock.now + exponential(app.intervalSeconds() * 1000 / Math.max(1e-9, rate));
            if (time >= scenario.durationSeconds * 1000) {
                return;
            }
            if (time > activeUntil) {
                clock.at(activeUntil + exponential(app.idleSeconds() * 1000), this::becomeActive);
                return;
            }
            clock.at(time, () -> {
                arrive(this, count++, random.split());
                next();
            });
        }
    }

    private static double spread(Scenario.Spread spread, double sigma, SplittableRandom draw) {
        switch (spread) {
        case LOGNORMAL:
            double u1 = Math.max(1e-12, draw.nextDouble());
            double u2 = draw.nextDouble();
            double gaussian = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
            return Math.exp(sigma * gaussian - sigma * sigma / 2);
        case EXPONENTIAL:
            return -Math.log(1 - draw.nextDouble());
        default:
            return 1;
        }
    }

    private void arrive(Device device, int count, SplittableRandom random) {
        Scenario.App app = device.app;
        long taskKey = ((long) device.id << 32) | count;
        boolean edgeOnly = random.nextDouble() < app.edgeOnlyShare();
        boolean unsure = random.nextDouble() < app.unsureShare();
        double instructions = app.instructions() * spread(app.lengthSpread(), 1, random);
        long in = Math.max(1, (long) (app.inputBytes() * spread(app.sizeSpread(), 1, random)));
        long out = Math.max(1, (long) (app.outputBytes() * spread(app.sizeSpread(), 1, random)));
        double arrival = clock.now;
        boolean counted = arrival >= scenario.warmupSeconds * 1000;
        Task task = Task.builder(device.id + "-" + count, app.name()).model(app.name())
                .edgeModel(app.edgeModel() ? app.name() + "-small" : "").inputRef("sim", in)
                .outputBytes(out).instructions(instructions)
                .deadline(EPOCH + (long) (arrival + app.deadlineMillis()))
                .locality(edgeOnly ? Locality.EDGE_ONLY : Locality.ANY)
                .attributes(Map.of("key", Long.toString(taskKey), "unsure", Boolean.toString(unsure))).build();
        if (counted) {
            boundJobs.add(boundJob(device.gateway, task, taskKey, arrival));
        }
        device.gateway.engine.submit(task).whenComplete((result, error) -> {
            if (!counted) {
                return;
            }
            if (result != null) {
                outcomes.add(new Outcome(app.name(), clock.now - arrival, result.deadlineMet(),
                        result.nodeKind() != NodeKind.LOCAL, null, app.deadlineMillis()));
            } else {
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                FailureReason reason = cause instanceof TaskFailedException ? ((TaskFailedException) cause).reason()
                        : FailureReason.EXECUTION_FAILED;
                failures.merge(reason, 1, Integer::sum);
                outcomes.add(new Outcome(app.name(), Double.NaN, false, false, reason, app.deadlineMillis()));
            }
        });
    }

    /** Compute time (ms of one core) of a task on a node: instructions / speed × the task's draw for the node. */
    private double work(Task task, long taskKey, int nodeIndex, Node node, String model) {
        SplittableRandom draw = new SplittableRandom(scenario.seed ^ (taskKey * 0x9E3779B97F4A7C15L)
                ^ (nodeIndex * 0xC2B2AE3D27D4EB4FL));
        double factor = spread(scenario.computeSpread, scenario.computeSigma, draw);
        double millis = task.instructions() / node.speed() * 1000 * factor;
        return model.equals(task.model()) ? millis : millis * EDGE_MODEL_RATIO;
    }

    /**
     * One task's inputs to the offline bound: release (ms), the fastest contention-free completion over every
     * option it may use (gateway; peers and the cloud when the WAN is really up at arrival),
     * its least work in instructions, and whether it may use only its gateway; the time and work first without the
     * edge model (what a policy that always runs the full model can reach), then with it.
     */
    private double[] boundJob(Gateway gateway, Task task, long taskKey, double arrival) {
        Node local = gateway.state.node();
        double access = scenario.accessBandwidth > 0
                ? 2 * scenario.accessMillis + (task.inputBytes() + task.outputBytes()) * 1000.0 / scenario.accessBandwidth
                : 0;
        double best = access + work(task, taskKey, 0, local, task.model());
        double leastWork = work(task, taskKey, 0, local, task.model()) * local.speed() / 1000;
        double bestAny = best;
        double leastWorkAny = leastWork;
        if (task.hasEdgeModel()) {
            double edge = work(task, taskKey, 0, local, task.edgeModel());
            bestAny = Math.min(best, access + edge);
            leastWorkAny = Math.min(leastWork, edge * local.speed() / 1000);
        }
        boolean edgeOnly = task.locality() == Locality.EDGE_ONLY;
        if (!edgeOnly) {
            for (Remote remote : remotes) {
                boolean viaMan = remote.node.kind() == NodeKind.PEER && manUp != null;
                if (!viaMan && scenario.outage(arrival / 1000)) {
                    continue;
                }
                NodePath path = pathOf(remote.node, true);
                double network = path.inputMillis(task.inputBytes()) + path.outputMillis(task.outputBytes());
                double compute = work(task, taskKey, remote.index, remote.node, task.model());
                best = Math.min(best, network + compute);
                leastWork = Math.min(leastWork, compute * remote.node.speed() / 1000);
                bestAny = Math.min(bestAny, network + compute);
                leastWorkAny = Math.min(leastWorkAny, compute * remote.node.speed() / 1000);
            }
        }
        return new double[] {arrival, best, leastWork, edgeOnly ? 1 : 0, gateway.index, bestAny, leastWorkAny};
    }

    private NodePath pathOf(Node node, boolean wanUp) {
        switch (node.kind()) {
        case LOCAL:
            return scenario.accessBandwidth > 0 ? new NodePath("", true, scenario.accessMillis, scenario.accessBandwidth,
                    0, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0) : NodePath.LOCAL;
        case PEER:
            if (manUp != null) {
                return new NodePath("man", true, 0, Double.POSITIVE_INFINITY, scenario.manRttMillis,
                        scenario.manBandwidth, scenario.manBandwidth, 1);
            }
            return new NodePath("wan", wanUp, 0, Double.POSITIVE_INFINITY, scenario.rttMillis, scenario.upBandwidth,
                    scenario.downBandwidth, 2);
        default:
            return new NodePath("wan", wanUp, 0, Double.POSITIVE_INFINITY, scenario.rttMillis, scenario.upBandwidth,
                    scenario.downBandwidth, 1);
        }
    }

    private static float[] output(Task task, String model) {
        boolean unsure = Boolean.parseBoolean(task.attributes().get("unsure"));
        // A binary probability: 0.4 is unsure (confidence 0.6), 0.03 sure; the full model is always sure.
        return new float[] {!model.equals(task.model()) && unsure ? 0.4f : 0.03f};
    }

    // ------------------------------------------------------------------ results

    List<Outcome> completedOutcomes() {
        List<Outcome> out = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.failure() == null) {
                out.add(o);
            }
        }
        return out;
    }

    int submitted() {
        return outcomes.size();
    }

    int completed() {
        return completedOutcomes().size();
    }

    double meanCompletion() {
        return completedOutcomes().stream().mapToDouble(Outcome::millis).average().orElse(Double.NaN);
    }

    /**
     * The mean over all counted tasks with each task that never completed (refused, failed, dropped at its deadline)
     * counted at its deadline: a policy cannot look faster by failing the slow tasks. The comparisons use this.
     */
    double penalizedMean() {
        return outcomes.stream().mapToDouble(Outcome::penalized).average().orElse(Double.NaN);
    }

    double p95Completion() {
        double[] sorted = completedOutcomes().stream().mapToDouble(Outcome::millis).sorted().toArray();
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.ceil(0.95 * sorted.length) - 1];
    }

    /** Late results plus tasks refused or failed, over all counted tasks, in %. */
    double missPercent() {
        long missed = outcomes.stream().filter(o -> !o.met()).count();
        return outcomes.isEmpty() ? 0 : 100.0 * missed / outcomes.size();
    }

    double offloadedPercent() {
        List<Outcome> done = completedOutcomes();
        return done.isEmpty() ? 0 : 100.0 * done.stream().filter(Outcome::offloaded).count() / done.size();
    }

    int failed(FailureReason... reasons) {
        int total = 0;
        for (FailureReason reason : reasons) {
            total += failures.getOrDefault(reason, 0);
        }
        return total;
    }

    /** Per application: tasks, mean completion (ms), miss %. */
    Map<String, double[]> perApp() {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Scenario.App app : scenario.apps) {
            out.put(app.name(), new double[3]);
        }
        for (Outcome o : outcomes) {
            double[] row = out.get(o.app());
            row[0]++;
            if (o.failure() == null) {
                row[1] += o.millis();
            }
            if (!o.met()) {
                row[2]++;
            }
        }
        for (Map.Entry<String, double[]> e : out.entrySet()) {
            double[] row = e.getValue();
            long done = outcomes.stream().filter(o -> o.app().equals(e.getKey()) && o.failure() == null).count();
            row[1] = done == 0 ? Double.NaN : row[1] / done;
            row[2] = row[0] == 0 ? 0 : 100 * row[2] / row[0];
        }
        return out;
    }

    /**
     * The offline lower bound on the mean completion of all counted tasks (valid for any placement and order with
     * perfect knowledge): the largest of (a) every task alone on its fastest option, (b) preemptive SRPT of every
     * task's least work on one machine as fast as all compute together, (c) SRPT of each gateway's edge-only tasks
     * on that gateway's compute plus (a) for the others. See {@link OfflineBound}. The edge model counts as an
     * option only for the policy that uses it (joint inference).
     */
    double meanBound() {
        int n = boundJobs.size();
        if (n == 0) {
            return Double.NaN;
        }
        int t = edgeModelsInBound ? 5 : 1;
        int w = edgeModelsInBound ? 6 : 2;
        double alone = 0;
        double[] release = new double[n];
        double[] work = new double[n];
        for (int j = 0; j < n; j++) {
            double[] job = boundJobs.get(j);
            alone += job[t];
            release[j] = job[0];
            work[j] = job[w];
        }
        double totalRate = 0;
        for (Gateway gateway : gateways) {
            totalRate += gateway.state.node().speed() * scenario.gatewayCores / 1000;
        }
        for (Remote remote : remotes) {
            totalRate += remote.node.speed() * remote.node.cores() / 1000;
        }
        double pooled = OfflineBound.srptFlowSum(release, work, totalRate);
        double edgeSplit = 0;
        for (Gateway gateway : gateways) {
            List<double[]> mine = new ArrayList<>();
            for (double[] job : boundJobs) {
                if (job[3] == 1 && job[4] == gateway.index) {
                    mine.add(job);
                } else if (job[4] == gateway.index) {
                    edgeSplit += job[t];
                }
            }
            double[] r = new double[mine.size()];
            double[] least = new double[mine.size()];
            for (int j = 0; j < mine.size(); j++) {
                r[j] = mine.get(j)[0];
                least[j] = mine.get(j)[w];
            }
            double edgeOnlyFlow = OfflineBound.srptFlowSum(r, least, gateway.state.node().speed() * scenario.gatewayCores / 1000);
            double edgeOnlyAlone = mine.stream().mapToDouble(job -> job[t]).sum();
            edgeSplit += Math.max(edgeOnlyFlow, edgeOnlyAlone);
        }
        return Math.max(alone, Math.max(pooled, edgeSplit)) / n;
    }

    /** The earlier bound alone: every task on its fastest option, no contention. */
    double meanContentionFreeBound() {
        int t = edgeModelsInBound ? 5 : 1;
        return boundJobs.stream().mapToDouble(job -> job[t]).average().orElse(Double.NaN);
    }

    // ------------------------------------------------------------------ the simulated surroundings

    private final class VirtualClock implements SchedulerClock {
        @Override
        public long nowMillis() {
            return EPOCH + (long) clock.now;
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Cancellable schedule(long delayMillis, Runnable action) {
            boolean[] cancelled = {false};
            clock.at(clock.now + delayMillis, () -> {
                if (!cancelled[0]) {
                    action.run();
                }
            });
            return () -> cancelled[0] = true;
        }
    }

    /** Moves bytes over a link (none: only the latency), then runs {@code then}; false when the link refused. */
    private boolean transfer(Server link, long bytes, double latencyMillis, Runnable then) {
        if (link == null) {
            clock.at(clock.now + latencyMillis, then);
            return true;
        }
        return link.offer(bytes, spent -> clock.at(clock.now + latencyMillis, then));
    }

    private final class World implements SchedulerEngine.Environment {
        private final Gateway gateway;
        private final TaskExecutor local;
        private final TaskExecutor offload;

        World(Gateway gateway) {
            this.gateway = gateway;
            this.local = new LocalExecutor(gateway);
            this.offload = new OffloadExecutor();
        }

        @Override
        public NodeState localNode() {
            return gateway.state;
        }

        @Override
        public Collection<NodeState> remoteNodes() {
            List<NodeState> out = new ArrayList<>(remotes.size());
            for (Remote remote : remotes) {
                out.add(remote.state());
            }
            return out;
        }

        @Override
        public LinkState link() {
            boolean seenUp = !scenario.outage(Math.max(0, clock.now - scenario.detectMillis) / 1000);
            return new LinkState(seenUp, scenario.rttMillis, scenario.upBandwidth, EPOCH + (long) clock.now);
        }

        @Override
        public NodePath path(Node node, LinkState link, SchedulerOptions options) {
            return pathOf(node, link.connected());
        }

        @Override
        public TaskExecutor executorFor(Node node) {
            return node.kind() == NodeKind.LOCAL ? local : offload;
        }
    }

    /** Runs a task on its gateway: the access hop up, compute, the access hop down. */
    private final class LocalExecutor implements TaskExecutor {
        private final Gateway gateway;

        LocalExecutor(Gateway gateway) {
            this.gateway = gateway;
        }

        @Override
        public boolean serves(Node node) {
            return node.kind() == NodeKind.LOCAL;
        }

        @Override
        public CompletionStage<Execution> execute(Task task, Node node, String model) {
            CompletableFuture<Execution> future = new CompletableFuture<>();
            double start = clock.now;
            double millis = work(task, Long.parseLong(task.attributes().get("key")), 0, node, model);
            transfer(gateway.accessUp, task.inputBytes(), scenario.accessMillis, () ->
                gateway.compute.offer(millis, computed ->
                    transfer(gateway.accessDown, task.outputBytes(), scenario.accessMillis, () ->
                        future.complete(new Execution(output(task, model), computed, clock.now - start - computed,
                                Map.of())))));
            return future;
        }
    }

    /** Runs a task on a peer or the cloud: WAN (or MAN) up, compute there, back; times out; may be refused. */
    private final class OffloadExecutor implements TaskExecutor {
        @Override
        public boolean serves(Node node) {
            return node.kind() != NodeKind.LOCAL;
        }

        @Override
        public CompletionStage<Execution> execute(Task task, Node node, String model) {
            CompletableFuture<Execution> future = new CompletableFuture<>();
            Remote remote = null;
            for (Remote candidate : remotes) {
                if (candidate.node.id().equals(node.id())) {
                    remote = candidate;
                }
            }
            Remote target = remote;
            boolean viaMan = node.kind() == NodeKind.PEER && manUp != null;
            if (!viaMan && scenario.outage(clock.now / 1000)) {
                future.completeExceptionally(new KuraNotConnectedException("link down"));
                return future;
            }
            Server up = viaMan ? manUp : wanUp;
            Server down = viaMan ? manDown : wanDown;
            double rtt = viaMan ? scenario.manRttMillis : scenario.rttMillis;
            int hops = node.kind() == NodeKind.PEER && !viaMan ? 2 : 1;
            double start = clock.now;
            double millis = work(task, Long.parseLong(task.attributes().get("key")), target.index, node, model)
                    * (node.kind() == NodeKind.CLOUD ? scenario.cloudSlowdown(clock.now / 1000) : 1);
            // The second hop of a peer over the WAN (broker → peer) is the peer's own link, not the shared one.
            double extraUp = (hops - 1) * task.inputBytes() * 1000.0 / scenario.upBandwidth;
            double extraDown = (hops - 1) * task.outputBytes() * 1000.0 / scenario.downBandwidth;
            DoubleConsumer computed = computeMillis -> {
                if (!transfer(down, task.outputBytes(), hops * rtt / 2 + extraDown, () -> reply(future, task, model,
                        start, computeMillis, viaMan))) {
                    future.completeExceptionally(new RejectedExecutionException("downlink transfers exhausted"));
                }
            };
            if (!transfer(up, task.inputBytes(), hops * rtt / 2 + extraUp, () -> target.compute.offer(millis, computed))) {
                future.completeExceptionally(new RejectedExecutionException(
                        "link refused the transfer: " + scenario.maxTransfers + " under way"));
                return future;
            }
            bytesSent += task.inputBytes();
            clock.at(start + scenario.offloadTimeoutMillis, () -> future.completeExceptionally(
                    new TimeoutException("no reply within " + scenario.offloadTimeoutMillis + " ms")));
            return future;
        }

        private void reply(CompletableFuture<Execution> future, Task task, String model, double start,
                double computeMillis, boolean viaMan) {
            if (!viaMan && scenario.outageDuring(start / 1000, clock.now / 1000)) {
                return; // lost in the outage: the timeout answers
            }
            future.complete(new Execution(output(task, model), computeMillis, clock.now - start - computeMillis,
                    Map.of()));
        }
    }
}
