package io.aiosedge.cloudsync.mqtt.internal;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.Locale;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import io.aiosedge.cloudsync.mqtt.internal.wire.Envelope;

/**
 * Runs {@link EnvelopeJmh} with fixed settings (1 fork per benchmark, 3 warm-up and 5 measured iterations of 1 s, one
 * thread: 5 benchmarks, under a minute), prints each figure against its baseline from the same run and one
 * {@code GOAL} line per goal.
 *
 * <p>The goals come from issue 18's publish goal: bare Paho publishes 33.9k msg/s here (29.5 µs a message) and the
 * durable publish must reach 0.8× that, which leaves it about 7.4 µs a message for everything it adds (outbox,
 * journal, envelope). Encoding gets under half of that: 3 µs. Decoding is held to the same 3 µs, so that a subscriber
 * keeps up with a publisher at that rate on one core with most of the core to spare.
 *
 * <p>Run with {@code mvn -q -f benchmarks/pom.xml -pl cloudsync compile exec:exec@jmh} (a forked {@code java}: JMH
 * forks the benchmark JVMs with this JVM's class path).
 */
public final class EnvelopeJmhRunner {

    static final double ENCODE_GOAL_MICROS = 3.0;
    static final double DECODE_GOAL_MICROS = 3.0;

    private EnvelopeJmhRunner() {
    }

    public static void main(String[] args) throws RunnerException {
        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s, load average %.2f; message: %d bytes as envelope%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), loadAverage(),
                Envelope.ofKuraPayload(EnvelopeJmh.MESSAGE_ID, EnvelopeJmh.resultMessage(), EnvelopeJmh.NOW_MILLIS)
                        .encode().length);
        Options options = new OptionsBuilder()
                .include(EnvelopeJmh.class.getName() + "\\.")
                .forks(1)
                .threads(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();

        Result<?> envelope = find(results, "encodeEnvelope");
        Result<?> plain = find(results, "encodePlainJson");
        Result<?> decode = find(results, "decodeEnvelope");
        Result<?> former = find(results, "decodeEnvelopeGson");
        Result<?> foreign = find(results, "decodeForeign");
        System.out.println();
        System.out.printf(Locale.ROOT, "load average after the run %.2f%n", loadAverage());
        System.out.println("Typical result message, 18 metrics (ns/op, mean +- JMH's 99.9% error; ratio to the"
                + " baseline of the same run)");
        System.out.printf(Locale.ROOT, "%-34s %9s %8s %8s%n", "operation", "mean", "error", "ratio");
        row("encode: envelope", envelope, plain);
        row("encode: plain JSON, JDK (baseline)", plain, plain);
        row("decode: envelope to KuraPayload", decode, foreign);
        row("decode: former path, Gson only", former, foreign);
        row("decode: foreign bytes (baseline)", foreign, foreign);
        System.out.printf(Locale.ROOT, "decode: envelope / former path     %.2f%n", decode.getScore() / former.getScore());
        System.out.println();
        goal("envelope-encode-us", envelope.getScore() / 1000, ENCODE_GOAL_MICROS);
        goal("envelope-decode-us", decode.getScore() / 1000, DECODE_GOAL_MICROS);
    }

    private static void row(String name, Result<?> result, Result<?> baseline) {
        System.out.printf(Locale.ROOT, "%-34s %9.1f %8.1f %8.2f%n", name, result.getScore(), result.getScoreError(),
                result.getScore() / baseline.getScore());
    }

    private static void goal(String id, double micros, double targetMicros) {
        System.out.printf(Locale.ROOT, "GOAL %s %.2f %.2f %s%n", id, micros, targetMicros,
                micros <= targetMicros ? "MET" : "MISSED");
    }

    private static Result<?> find(Collection<RunResult> results, String method) {
        for (RunResult run : results) {
            if (run.getParams().getBenchmark().endsWith("." + method)) {
                return run.getPrimaryResult();
            }
        }
        throw new IllegalStateException("no JMH result for " + method);
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
