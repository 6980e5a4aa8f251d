package io.aiosedge.federated.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;

import io.aiosedge.driver.simulated.signal.AnomalyKind;
import io.aiosedge.driver.simulated.signal.LabelledWindows;
import io.aiosedge.driver.simulated.signal.Shape;
import io.aiosedge.driver.simulated.signal.SignalSpec;
import io.aiosedge.driver.simulated.signal.WindowGenerator;
import io.aiosedge.models.learning.BinaryScores;
import io.aiosedge.models.learning.ModelTrainer;
import io.aiosedge.models.learning.TrainableModel;
import io.aiosedge.models.learning.WindowNetwork;

/**
 * Federated learning across 10 simulated gateways in one JVM with the real training code (TrainableModel, Adam in
 * the graph), each gateway another machine of the simulated signal library (shape, amplitude, offset, period, noise,
 * anomaly kinds and size). Three arms from the same initial weights, the same Adam step budget and the same held-out
 * windows: <b>federated</b> (per round each gateway trains {@link LocalTraining} on its newest windows, the
 * coordinator's {@link Aggregation} and {@link Validation} make the next global model; the round logic without
 * the messaging), <b>local-only</b> (each gateway trains alone on all its windows) and <b>centralized</b> (one model
 * on all windows pooled: the upper bound). Then a straggler round through the real {@link Coordinator} and
 * {@link Participant} components over an in-memory broker: one gateway joins and dies before its update.
 */
public final class FederatedBenchmark {

    static final int WIDTH = 64;
    static final int GATEWAYS = setting("gateways", 10);
    static final int ROUNDS = setting("rounds", 60);
    static final int STEPS = setting("steps", 10);
    static final int WINDOWS_PER_ROUND = setting("windows", 300);
    static final int BATCH = 32;
    static final float RATE = 0.005f;
    static final double MOMENTUM = setting("momentum_pct", 50) / 100.0;
    /** Shifts every data seed (train stream, test, validation) by this × 10,000,000: other windows, same machines. */
    static final long DATA_SEED = setting("data_seed", 0) * 10_000_000L;
    static final double CLIP = 5;
    static final double OOD = 5;
    static final double MAX_DROP = 0.02;
    static final int TEST_PER_GATEWAY = 200;
    static final int VALIDATION_PER_GATEWAY = 40;

    private static final Shape[] SHAPES = {Shape.SINE, Shape.RANDOM_WALK, Shape.SQUARE, Shape.RAMP, Shape.STEP};
    private static final List<Set<AnomalyKind>> KINDS = List.of(EnumSet.of(AnomalyKind.SPIKE),
            EnumSet.of(AnomalyKind.STUCK, AnomalyKind.SPIKE), EnumSet.of(AnomalyKind.DRIFT),
            EnumSet.of(AnomalyKind.DRIFT, AnomalyKind.SPIKE), EnumSet.allOf(AnomalyKind.class));

    private FederatedBenchmark() {
    }

    /** A setting from {@code -Daios.bench.<name>} or the environment ({@code AIOS_BENCH_<NAME>}, for exec:exec). */
    static int setting(String name, int fallback) {
        String value = System.getProperty("aios.bench." + name, System.getenv("AIOS_BENCH_" + name.toUpperCase(Locale.ROOT)));
        return value == null ? fallback : Integer.parseInt(value.trim());
    }

    /** Gateway g's machine: every gateway differs in shape, scale, offset, period, noise and anomaly mix. */
    static SignalSpec machine(int g, long seed) {
        return SignalSpec.of(SHAPES[g % SHAPES.length], 0.8 + 0.35 * (g % 5), -5.0 + 1.3 * g, 15_000 + 3_500L * g)
                .withNoise(0.03 + 0.04 * ((g * 3) % 7))
                .withAnomalies(60, 1.2 + 0.15 * ((g * 7) % 10), 6_000 + 500L * (g % 4), KINDS.get((g + g / 5) % 5))
                .withSeed(seed);
    }

    static LabelledData windows(int g, long seed, int count) {
        LabelledWindows w = new WindowGenerator(machine(g, seed), WIDTH, 100, WindowGenerator.Balance.BALANCED,
                seed * 86_400_000L, seed, 4).generate(count);
        return new LabelledData(w.windows(), w.labels());
    }

    static LabelledData concat(List<LabelledData> parts) {
        int n = parts.stream().mapToInt(LabelledData::count).sum();
        float[][] windows = new float[n][];
        int[] labels = new int[n];
        int at = 0;
        for (LabelledData p : parts) {
            System.arraycopy(p.windows(), 0, windows, at, p.count());
            System.arraycopy(p.labels(), 0, labels, at, p.count());
            at += p.count();
        }
        return new LabelledData(windows, labels);
    }

    static double f1(TrainableModel model, LabelledData data) {
        return BinaryScores.of(model.predict(data.windows()), data.labels(), 0.5f).f1();
    }

    /** Trains {@code model} {@code steps} Adam steps on random batches of {@code data}. */
    static void train(TrainableModel model, LabelledData data, int steps, long seed) {
        float[] targets = ModelTrainer.hardTargets(data.labels());
        SplittableRandom random = new SplittableRandom(seed);
        float[][] batch = new float[BATCH][];
        float[] batchTargets = new float[BATCH];
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < BATCH; i++) {
                int pick = random.nextInt(data.count());
                batch[i] = data.windows()[pick];
                batchTargets[i] = targets[pick];
            }
            model.trainStep(batch, batchTargets, RATE);
        }
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(System.getProperty("aios.bench.results",
                System.getenv().getOrDefault("AIOS_BENCH_RESULTS", "results/federated.txt")));
        Files.createDirectories(results.toAbsolutePath().getParent());
        try (PrintStream file = new PrintStream(Files.newOutputStream(results), true, StandardCharsets.UTF_8)) {
            Tee out = new Tee(System.out, file);
            run(out);
        }
    }

    record Tee(PrintStream a, PrintStream b) {
        void println(String line) {
            a.println(line);
            b.println(line);
        }

        void printf(String format, Object... values) {
            println(String.format(Locale.ROOT, format, values).stripTrailing());
        }
    }

    static void run(Tee out) throws Exception {
        long started = System.nanoTime();
        out.printf("# Federated learning benchmark: %d gateways, %d rounds, %d local Adam steps of %d windows per"
                + " round, learning rate %.3f, clip %.1f, out-of-distribution factor %.1f, max F1 drop %.2f, server"
                + " momentum %.2f", GATEWAYS, ROUNDS, STEPS, BATCH, RATE, CLIP, OOD, MAX_DROP, MOMENTUM);
        out.printf("# %d new windows of %d samples per gateway per round; held-out: %d test + %d validation windows"
                + " per gateway (other seeds); java %s, %d CPUs, load %.2f", WINDOWS_PER_ROUND, WIDTH,
                TEST_PER_GATEWAY, VALIDATION_PER_GATEWAY, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        for (int g = 0; g < GATEWAYS; g++) {
            SignalSpec m = machine(g, 0);
            out.printf("#   gw%d: %s amplitude %.2f offset %.1f period %d ms noise %.2f anomalies %s up to %.2f",
                    g, m.shape(), m.amplitude(), m.offset(), m.periodMs(), m.noiseSigma(), m.anomalyKinds(),
                    m.anomalyMagnitude());
        }
        // data: per gateway a stream of rounds (fresh windows each round), its test and validation windows
        List<List<LabelledData>> stream = new ArrayList<>();
        List<LabelledData> tests = new ArrayList<>();
        List<LabelledData> validations = new ArrayList<>();
        for (int g = 0; g < GATEWAYS; g++) {
            List<LabelledData> rounds = new ArrayList<>();
            for (int r = 0; r < ROUNDS; r++) {
                rounds.add(windows(g, DATA_SEED + 1_000L * (g + 1) + r, WINDOWS_PER_ROUND));
            }
            stream.add(rounds);
            tests.add(windows(g, DATA_SEED + 900_000L + g, TEST_PER_GATEWAY));
            validations.add(windows(g, DATA_SEED + 800_000L + g, VALIDATION_PER_GATEWAY));
        }
        LabelledData test = concat(tests);
        LabelledData validation = concat(validations);
        // every arm starts from these weights: the edge network, statistics standardised on gateway 0's first
        // round only (what one machine's data would give), He-normal weights of seed 42
        WindowNetwork network = WindowNetwork.standardisedOn(WIDTH, List.of(new WindowNetwork.Convolution(5, 8, 4)),
                List.of(8), stream.get(0).get(0).windows());
        int totalSteps = ROUNDS * GATEWAYS * STEPS;

        // --- federated
        long t0 = System.nanoTime();
        List<TrainableModel> clients = new ArrayList<>();
        for (int g = 0; g < GATEWAYS; g++) {
            clients.add(TrainableModel.create(network, 42));
        }
        TrainableModel server = TrainableModel.create(network, 42);
        float[] global = WeightVector.flatten(server.weights());
        Validation.Score current = Validation.score(server, global, validation);
        Aggregation aggregation = new Aggregation(CLIP, OOD, Math.max(1, GATEWAYS / 2), MOMENTUM);
        LocalTraining.Settings settings = new LocalTraining.Settings(STEPS, BATCH, RATE, CLIP, 0);
        double[] roundF1 = new double[ROUNDS + 1];
        server.setWeights(WeightVector.unflatten(global, server.shapes()));
        roundF1[0] = f1(server, test);
        long upBytes = 0;
        long downBytes = 0;
        long rawBytes = 0;
        int kept = 0;
        int refusedUpdates = 0;
        out.println("");
        out.printf("%-5s %-9s %-8s %-8s %-10s %-10s %-10s %-7s", "round", "verdict", "accepted", "refused", "val F1",
                "test F1", "up bytes", "median norm");
        for (int r = 0; r < ROUNDS; r++) {
            byte[] invite = FederatedMessages.encode(new FederatedMessages.Invite(r + 1, kept, 0, STEPS, BATCH, RATE,
                    (float) CLIP, 0, "anomaly-edge", global));
            List<FederatedMessages.Update> updates = new ArrayList<>();
            long roundUp = 0;
            for (int g = 0; g < GATEWAYS; g++) {
                LabelledData recent = stream.get(g).get(r);
                LocalTraining.Result result = LocalTraining.run(clients.get(g), global, recent, settings,
                        7_919L * g + r);
                FederatedMessages.Update u = new FederatedMessages.Update(r + 1, kept, result.samples(), "gw" + g,
                        "anomaly-edge", result.delta());
                roundUp += FederatedMessages.encode(u).length
                        + FederatedMessages.encode(new FederatedMessages.Join(r + 1, kept)).length;
                // the raw alternative: the same windows uploaded as float32 samples and a label byte each
                rawBytes += (long) recent.count() * (WIDTH * 4 + 1);
                updates.add(u);
            }
            upBytes += roundUp;
            downBytes += (long) invite.length * GATEWAYS;
            Aggregation.Outcome o = aggregation.aggregate(global, updates);
            refusedUpdates += o.refused().size();
            String verdict = "too-few";
            double valF1 = Double.NaN;
            if (o.weights().isPresent()) {
                Validation.Score candidate = Validation.score(server, o.weights().get(), validation);
                valF1 = candidate.f1();
                boolean passes = Validation.passes(candidate, current, MAX_DROP);
                aggregation.kept(o, passes);
                if (passes) {
                    global = o.weights().get();
                    current = candidate;
                    kept++;
                    verdict = "kept";
                } else {
                    verdict = "not-valid";
                }
            }
            server.setWeights(WeightVector.unflatten(global, server.shapes()));
            roundF1[r + 1] = f1(server, test);
            out.printf("%-5d %-9s %-8d %-8d %-10.4f %-10.4f %-10d %-7.4f", r + 1, verdict, o.accepted().size(),
                    o.refused().size(), valF1, roundF1[r + 1], roundUp, o.medianNorm());
        }
        server.setWeights(WeightVector.unflatten(global, server.shapes()));
        double fedGlobal = f1(server, test);
        double[] fedPer = new double[GATEWAYS];
        for (int g = 0; g < GATEWAYS; g++) {
            fedPer[g] = f1(server, tests.get(g));
        }
        double fedSeconds = (System.nanoTime() - t0) / 1e9;
        int converged = ROUNDS;
        for (int r = ROUNDS; r >= 0; r--) {
            if (Math.abs(roundF1[r] - fedGlobal) > 0.01) {
                break;
            }
            converged = r;
        }

        // --- local-only: each gateway alone, all its windows, the same steps it took in the federation
        t0 = System.nanoTime();
        double[] localOwn = new double[GATEWAYS];
        double[] localGlobal = new double[GATEWAYS];
        for (int g = 0; g < GATEWAYS; g++) {
            try (TrainableModel local = TrainableModel.create(network, 42)) {
                train(local, concat(stream.get(g)), ROUNDS * STEPS, 31L * g);
                localOwn[g] = f1(local, tests.get(g));
                localGlobal[g] = f1(local, test);
            }
        }
        double localSeconds = (System.nanoTime() - t0) / 1e9;

        // --- centralized: every window pooled, one model, the federation's total steps
        t0 = System.nanoTime();
        List<LabelledData> all = new ArrayList<>();
        stream.forEach(all::addAll);
        double centralGlobal;
        double[] centralPer = new double[GATEWAYS];
        try (TrainableModel central = TrainableModel.create(network, 42)) {
            train(central, concat(all), totalSteps, 77);
            centralGlobal = f1(central, test);
            for (int g = 0; g < GATEWAYS; g++) {
                centralPer[g] = f1(central, tests.get(g));
            }
        }
        double centralSeconds = (System.nanoTime() - t0) / 1e9;
        clients.forEach(TrainableModel::close);

        out.println("");
        out.printf("%-8s %-12s %-12s %-12s %-12s", "gateway", "federated", "local-own", "local-all", "centralized");
        for (int g = 0; g < GATEWAYS; g++) {
            out.printf("%-8s %-12.4f %-12.4f %-12.4f %-12.4f", "gw" + g, fedPer[g], localOwn[g], localGlobal[g],
                    centralPer[g]);
        }
        double localAvg = java.util.Arrays.stream(localGlobal).average().orElseThrow();
        double localOwnAvg = java.util.Arrays.stream(localOwn).average().orElseThrow();
        out.printf("%-8s %-12.4f %-12.4f %-12.4f %-12.4f", "global", fedGlobal, localOwnAvg, localAvg, centralGlobal);
        out.println("# federated, centralized: one model on each gateway's test windows and on all of them (global);"
                + " local-own: each gateway's own model on its own test windows; local-all: the same model on every"
                + " gateway's test windows; the local-only figure of the goal is the mean of local-all.");
        out.printf("# time: federated %.1f s, local-only %.1f s, centralized %.1f s (%d Adam steps of %d windows"
                + " per arm)", fedSeconds, localSeconds, centralSeconds, totalSteps, BATCH);
        out.printf("# federated: %d of %d rounds kept a new version, %d updates refused; converged (test F1 within"
                + " 0.01 of the final for good) after round %d", kept, ROUNDS, refusedUpdates, converged);
        double upPerRound = upBytes / (double) ROUNDS;
        double rawPerRound = rawBytes / (double) ROUNDS;
        out.printf("# bytes per round (all %d gateways): federated uplink %.0f (updates + joins), downlink %.0f"
                + " (the invite to each); raw windows uplink %.0f (float32 samples + a label byte); raw/fed uplink"
                + " %.2f, raw/(fed up+down) %.2f", GATEWAYS, upPerRound, downBytes / (double) ROUNDS, rawPerRound,
                rawPerRound / upPerRound, rawBytes / (double) (upBytes + downBytes));

        // --- straggler: the real components, one gateway joins and dies before its update
        Straggler s = straggler(network, stream, validation);
        out.printf("# straggler: round %d of the components (deadline %d ms): joined %d, accepted %d, closed %d ms"
                + " after the invite (%d ms after the deadline), outcome %s, weights finite %s, validation F1 %.4f"
                + " -> %.4f; %s", s.round, s.deadlineMillis, s.joined, s.accepted, s.durationMillis,
                s.durationMillis - s.deadlineMillis, s.outcome, s.finite, s.f1Before, s.f1After, s.details);

        out.println("");
        double vsCentral = (centralGlobal - fedGlobal) * 100;
        double vsLocal = (fedGlobal - localAvg) * 100;
        double ratio = rawPerRound / upPerRound;
        out.printf("GOAL fed-vs-central %.2f 2.00 %s", vsCentral, vsCentral <= 2.0 ? "MET" : "MISSED");
        out.printf("GOAL fed-vs-local %.2f 5.00 %s", vsLocal, vsLocal >= 5.0 ? "MET" : "MISSED");
        out.printf("GOAL fed-bytes %.2f 10.00 %s", ratio, ratio >= 10.0 ? "MET" : "MISSED");
        double late = (s.durationMillis - s.deadlineMillis) / 1000.0;
        boolean valid = s.finite && s.accepted == GATEWAYS - 1 && s.joined == GATEWAYS
                && (s.outcome.equals("new-version") || s.outcome.equals("not-valid"));
        out.printf("GOAL fed-straggler %.2f 1.00 %s", late, late <= 1.0 && late >= 0 && valid ? "MET" : "MISSED");
        out.println("# fed-vs-central: centralized minus federated global F1, points (at most 2); fed-vs-local:"
                + " federated minus the local-only mean, points (at least 5); fed-bytes: raw windows / federated"
                + " uplink per round (at least 10); fed-straggler: seconds the round closed after its deadline with"
                + " the 9 live gateways' updates averaged and the model valid: finite, and the aggregate either passed the"
                + " coordinator's validation (F1 within 0.02 or a lower held-out loss) or was refused with the old"
                + " version kept (at most 1)");
        out.printf("# total %.1f s", (System.nanoTime() - started) / 1e9);
    }

    record Straggler(long round, long deadlineMillis, int joined, int accepted, long durationMillis, String outcome,
            boolean finite, double f1Before, double f1After, double f1Kept, String details) {
    }

    static Straggler straggler(WindowNetwork network, List<List<LabelledData>> stream, LabelledData validation)
            throws Exception {
        Path dir = Files.createTempDirectory("aios-fed-bench");
        Path initial = dir.resolve("initial");
        try (TrainableModel m = TrainableModel.create(network, 42)) {
            m.export(initial);
        }
        Path validationFile = dir.resolve("validation.csv");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < validation.count(); i++) {
            text.append(validation.labels()[i]);
            for (float v : validation.windows()[i]) {
                text.append(',').append(v);
            }
            text.append('\n');
        }
        Files.writeString(validationFile, text);
        Broker broker = new Broker();
        List<Participant> participants = new ArrayList<>();
        for (int g = 0; g < GATEWAYS; g++) {
            Broker.Client client = broker.client("gw" + g);
            if (g == GATEWAYS - 1) {
                client.dieAfterJoin = true; // killed while training: the join went out, the update never does
            }
            int gateway = g;
            ParticipantOptions po = new ParticipantOptions("anomaly-edge", true, initial, dir.resolve("none"), 1000,
                    0, 0, 0, 0, "aios/v1/#{tenant}/federated/anomaly-edge/invite",
                    "aios/v1/#{tenant}/#{client-id}/federated/anomaly-edge/join",
                    "aios/v1/#{tenant}/#{client-id}/federated/anomaly-edge/update", g);
            participants.add(new Participant(po, client, (w, most) -> stream.get(gateway).get(0), ""));
        }
        long deadline = 3_000;
        CoordinatorOptions co = new CoordinatorOptions("anomaly-edge", initial, validationFile, dir.resolve("coord"),
                2, STEPS, BATCH, RATE, CLIP, 0, 600_000, deadline, OOD, MAX_DROP, MOMENTUM,
                "aios/v1/#{tenant}/federated/anomaly-edge/invite", "aios/v1/#{tenant}/+/federated/anomaly-edge/+", 50);
        Coordinator coordinator = new Coordinator(co, broker.client("cloud"), (m, v, t, f, s) -> {
        });
        try {
            long until = System.currentTimeMillis() + 60_000;
            while (coordinator.status().history().isEmpty() && System.currentTimeMillis() < until) {
                Thread.sleep(20); // a benchmark polls; the tests use Awaitility
            }
            Coordinator.Status st = coordinator.status();
            RoundStore.Closed r = st.history().get(0);
            float[] w = coordinator.globalWeights();
            return new Straggler(r.round(), deadline, r.joined(), r.accepted(), r.closedMillis() - r.openedMillis(),
                    r.outcome(), FiniteCheck.problem(w).isEmpty(), r.f1Before(), r.f1After(), st.f1(), r.details());
        } finally {
            coordinator.deactivate();
            for (Participant p : participants) {
                p.deactivate();
            }
        }
    }

    /** An in-memory broker: cloud-sync's topic templates, MQTT filters, retained messages. */
    static final class Broker {
        final List<Client> clients = new CopyOnWriteArrayList<>();
        final Map<String, KuraMessage> retained = new ConcurrentHashMap<>();

        Client client(String id) {
            Client c = new Client(this, id);
            clients.add(c);
            return c;
        }

        static boolean matches(String filter, String topic) {
            String[] f = filter.split("/");
            String[] t = topic.split("/");
            for (int i = 0; i < f.length; i++) {
                if (f[i].equals("#")) {
                    return true;
                }
                if (i >= t.length || !f[i].equals("+") && !f[i].equals(t[i])) {
                    return false;
                }
            }
            return f.length == t.length;
        }

        static final class Client implements CloudEndpoint {
            final Broker broker;
            final String id;
            final Map<CloudSubscriberListener, String> filters = new ConcurrentHashMap<>();
            volatile boolean dieAfterJoin;
            volatile boolean dead;

            Client(Broker broker, String id) {
                this.broker = broker;
                this.id = id;
            }

            String resolve(String template) {
                return template.replace("#{tenant}", "t1").replace("#{client-id}", id);
            }

            @Override
            public String publish(KuraMessage message) {
                if (dead) {
                    return "lost";
                }
                String topic = resolve(message.getProperties().get("topic").toString());
                if (dieAfterJoin && topic.endsWith("/join")) {
                    dead = true;
                }
                KuraMessage m = new KuraMessage(message.getPayload(), Map.of("topic", topic));
                if (Boolean.TRUE.equals(message.getProperties().get("retain"))) {
                    broker.retained.put(topic, m);
                }
                for (Client c : broker.clients) {
                    c.filters.forEach((l, f) -> {
                        if (matches(f, topic)) {
                            l.onMessageArrived(m);
                        }
                    });
                }
                return topic;
            }

            @Override
            public void registerSubscriber(Map<String, Object> properties, CloudSubscriberListener listener) {
                String filter = resolve(properties.get("topic.filter").toString());
                filters.put(listener, filter);
                broker.retained.forEach((t, m) -> {
                    if (matches(filter, t)) {
                        listener.onMessageArrived(m);
                    }
                });
            }

            @Override
            public void unregisterSubscriber(CloudSubscriberListener listener) {
                filters.remove(listener);
            }

            @Override
            public void registerCloudDeliveryListener(CloudDeliveryListener listener) {
            }

            @Override
            public void unregisterCloudDeliveryListener(CloudDeliveryListener listener) {
            }
        }
    }
}
