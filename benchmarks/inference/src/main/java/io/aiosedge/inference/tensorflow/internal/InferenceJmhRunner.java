package io.aiosedge.inference.tensorflow.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import io.aiosedge.models.trainer.AnomalyModelTrainer;

/**
 * Trains the edge anomaly model into a temporary folder, runs {@link InferencePathJmh} and {@link BatchingJmh} (at 1,
 * 8 and 32 threads) with fixed settings, then prints every figure against its baseline from the same run and one
 * {@code GOAL} line per goal of the engine (its README): the fast path costs at most 1.10× a bare
 * {@code Session.run}, and batching gives at least 3× the unbatched throughput at 32 clients.
 *
 * <p>Settings: 3 warm-up and 5 measured iterations of 1 s each in every fork; 3 forks per benchmark of
 * {@link InferencePathJmh} (its three figures are within a few % of each other, so they need the narrower error), 1
 * fork per case of {@link BatchingJmh}: 15 forks, about 2.5 minutes with TensorFlow's start in each fork.
 *
 * <p>Run with {@code mvn -q -f benchmarks/pom.xml -pl inference compile exec:exec@jmh} (a forked {@code java}: JMH
 * forks the benchmark JVMs with this JVM's class path).
 */
public final class InferenceJmhRunner {

    static final double FAST_PATH_GOAL = 1.10;
    static final double BATCHING_GOAL = 3.0;
    private static final int[] CLIENTS = {1, 8, 32};
    private static final int PATH_FORKS = 3;
    private static final int BATCHING_FORKS = 1;

    private InferenceJmhRunner() {
    }

    public static void main(String[] args) throws IOException, RunnerException {
        Path models = Files.createTempDirectory("aios-jmh-models");
        try {
            AnomalyModelTrainer.main(new String[] {models.toString()});
            String modelArgument = "-D" + EdgeModelFixture.MODEL_PROPERTY + "=" + models.resolve("edge");
            System.out.printf(Locale.ROOT, "machine: %d cores, %s %s, load average %.2f%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                    System.getProperty("java.version"), loadAverage());

            Collection<RunResult> paths = new Runner(options(InferencePathJmh.class, 1, PATH_FORKS, modelArgument))
                    .run();
            Map<Integer, Collection<RunResult>> batching = new LinkedHashMap<>();
            for (int clients : CLIENTS) {
                batching.put(clients,
                        new Runner(options(BatchingJmh.class, clients, BATCHING_FORKS, modelArgument)).run());
            }
            report(paths, batching);
        } finally {
            deleteTree(models);
        }
    }

    private static Options options(Class<?> benchmark, int threads, int forks, String modelArgument) {
        return new OptionsBuilder()
                .include(benchmark.getName() + "\\.")
                .forks(forks)
                .threads(threads)
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend(modelArgument)
                .shouldFailOnError(true)
                .build();
    }

    private static void report(Collection<RunResult> paths, Map<Integer, Collection<RunResult>> batching) {
        Result<?> bare = find(paths, "bareSessionRun", null);
        Result<?> fast = find(paths, "fastPath", null);
        Result<?> kura = find(paths, "kuraTensorPath", null);
        System.out.println();
        System.out.printf(Locale.ROOT, "load average after the runs %.2f%n", loadAverage());
        System.out.println("Per call, one caller (us/op, mean +- JMH's 99.9% error; ratios from the same run)");
        System.out.printf(Locale.ROOT, "%-18s %9s %8s %9s %9s%n", "path", "mean", "error", "vs bare", "vs fast");
        row("bare Session.run", bare, bare, fast);
        row("fast path", fast, bare, fast);
        row("Kura Tensor path", kura, bare, fast);

        System.out.println();
        System.out.println("Throughput, fast path, blocking clients (req/s; ratio = batching on / off, same run)");
        System.out.printf(Locale.ROOT, "%-8s %12s %12s %7s%n", "clients", "batching off", "batching on", "ratio");
        double ratioAt32 = Double.NaN;
        for (Map.Entry<Integer, Collection<RunResult>> entry : batching.entrySet()) {
            double off = find(entry.getValue(), "infer", "off").getScore();
            double on = find(entry.getValue(), "infer", "on").getScore();
            System.out.printf(Locale.ROOT, "%-8d %12.0f %12.0f %7.2f%n", entry.getKey(), off, on, on / off);
            if (entry.getKey() == 32) {
                ratioAt32 = on / off;
            }
        }

        double fastRatio = fast.getScore() / bare.getScore();
        System.out.println();
        System.out.printf(Locale.ROOT, "GOAL fastpath-overhead %.3f %.2f %s%n", fastRatio, FAST_PATH_GOAL,
                fastRatio <= FAST_PATH_GOAL ? "MET" : "MISSED");
        System.out.printf(Locale.ROOT, "GOAL batching-32-clients %.2f %.2f %s%n", ratioAt32, BATCHING_GOAL,
                ratioAt32 >= BATCHING_GOAL ? "MET" : "MISSED");
    }

    private static void row(String name, Result<?> result, Result<?> bare, Result<?> fast) {
        System.out.printf(Locale.ROOT, "%-18s %9.2f %8.2f %9.3f %9.3f%n", name, result.getScore(),
                result.getScoreError(), result.getScore() / bare.getScore(), result.getScore() / fast.getScore());
    }

    /** The primary result of {@code method}, with {@code batching} as its parameter when not null. */
    private static Result<?> find(Collection<RunResult> results, String method, String batching) {
        for (RunResult run : results) {
            if (run.getParams().getBenchmark().endsWith("." + method)
                    && (batching == null || batching.equals(run.getParams().getParam("batching")))) {
                return run.getPrimaryResult();
            }
        }
        throw new IllegalStateException("no JMH result for " + method + (batching == null ? "" : " with batching "
                + batching));
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
