package io.aiosedge.inference.tensorflow.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.kura.ai.inference.ModelInfo;
import org.eclipse.kura.ai.inference.Tensor;
import org.eclipse.kura.ai.inference.TensorDescriptor;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

import io.aiosedge.models.trainer.AnomalyModelTrainer;

/**
 * Scenario benchmark of the TensorFlow engine on the project's edge anomaly model (trained into a temporary
 * folder first), each figure next to its baseline measured in the same run:
 * <ol>
 * <li>per-call latency of the fast path vs a bare {@code Session.run} (same input copy and output read);</li>
 * <li>the Kura Tensor path vs the fast path;</li>
 * <li>throughput at concurrency 1, 8 and 32, dynamic batching on (max 32) vs off;</li>
 * <li>worst request latency while the model is hot-swapped every 200 ms under load, vs without swaps.</li>
 * </ol>
 * Prints one line per figure. Latencies are medians over rounds; times in µs.
 */
public final class InferenceBenchmark {

    private static final int WIDTH = 64;
    private static final int ROUNDS = 5;
    private static final int CALLS_PER_ROUND = 20_000;
    private static final long THROUGHPUT_MS = 2_000;

    private InferenceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path models = Files.createTempDirectory("aios-bench-models");
        AnomalyModelTrainer.main(new String[] {models.toString()});
        Path edge = models.resolve("edge");
        Path cloud = models.resolve("cloud");
        float[] window = new float[WIDTH];
        for (int i = 0; i < WIDTH; i++) {
            window[i] = (float) Math.sin(i / 5.0);
        }
        System.out.printf(Locale.ROOT, "machine: %d cores, %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));

        // 1. fast path vs bare Session.run, interleaved rounds so drift hits both alike
        TensorFlowInferenceEngine unbatched = engine(1, Map.of("edge", edge.toString()));
        double[] bare = new double[ROUNDS];
        double[] fast = new double[ROUNDS];
        try (SavedModelBundle bundle = SavedModelBundle.load(edge.toString(), "serve")) {
            Session session = bundle.session();
            for (int r = -1; r < ROUNDS; r++) {
                double b = bareRound(session, window);
                double f = fastRound(unbatched, window);
                if (r >= 0) {
                    bare[r] = b;
                    fast[r] = f;
                }
            }
        }
        double bareMedian = median(bare);
        double fastMedian = median(fast);
        System.out.printf(Locale.ROOT, "1. per call: bare Session.run %.1f us, fast path %.1f us, ratio %.3f (goal <= 1.10)%n",
                bareMedian, fastMedian, fastMedian / bareMedian);

        // 2. Kura Tensor path vs fast path
        ModelInfo info = unbatched.getModelInfo("edge").orElseThrow();
        List<Float> boxed = new ArrayList<>();
        for (float v : window) {
            boxed.add(v);
        }
        Tensor tensor = new Tensor(Float.class, TensorDescriptor.builder("window", "FP32", List.of(1L, 64L)).build(), boxed);
        double[] kura = new double[ROUNDS];
        for (int r = -1; r < ROUNDS; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < CALLS_PER_ROUND; i++) {
                unbatched.infer(info, List.of(tensor));
            }
            double k = (System.nanoTime() - start) / 1000.0 / CALLS_PER_ROUND;
            double f = fastRound(unbatched, window);
            if (r >= 0) {
                kura[r] = k;
                fast[r] = f;
            }
        }
        System.out.printf(Locale.ROOT, "2. per call: Kura Tensor path %.1f us, fast path %.1f us, ratio %.2f%n",
                median(kura), median(fast), median(kura) / median(fast));
        unbatched.deactivate();

        // 3. throughput with and without batching
        TensorFlowInferenceEngine batched = engine(32, Map.of("edge", edge.toString()));
        unbatched = engine(1, Map.of("edge", edge.toString()));
        for (int clients : new int[] {1, 8, 32}) {
            double off = throughput(unbatched, clients, window);
            double on = throughput(batched, clients, window);
            System.out.printf(Locale.ROOT, "3. concurrency %2d: %8.0f req/s unbatched, %8.0f req/s batched, ratio %.2f%s%n",
                    clients, off, on, on / off, clients == 32 ? " (goal >= 3)" : "");
        }
        unbatched.deactivate();

        // 4. worst latency during swaps under load
        long[] calm = latenciesUnderLoad(batched, window, null, null);
        long[] swapping = latenciesUnderLoad(batched, window, edge, cloud);
        System.out.printf(Locale.ROOT, "4. 8 clients, 3 s: without swaps p99 %d us, max %d us; swapping every 200 ms"
                + " (%d swaps) p99 %d us, max %d us, failed requests %d%n", calm[0], calm[1], swapping[3], swapping[0],
                swapping[1], swapping[2]);
        batched.deactivate();
    }

    private static TensorFlowInferenceEngine engine(int maxBatch, Map<String, String> models) {
        return new TensorFlowInferenceEngine(new EngineOptions("bench", models, null, 0, 0, maxBatch, 0,
                EngineOptions.Device.CPU, false, 0), null, "");
    }

    private static double bareRound(Session session, float[] window) {
        long start = System.nanoTime();
        float[] out = new float[1];
        for (int i = 0; i < CALLS_PER_ROUND; i++) {
            try (TFloat32 input = TFloat32.tensorOf(Shape.of(1, WIDTH), DataBuffers.of(window, true, false));
                    Result result = session.runner().feed("window:0", input).fetch("anomaly:0").run()) {
                result.get(0).asRawTensor().data().asFloats().read(out);
            }
        }
        return (System.nanoTime() - start) / 1000.0 / CALLS_PER_ROUND;
    }

    private static double fastRound(TensorFlowInferenceEngine engine, float[] window) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < CALLS_PER_ROUND; i++) {
            engine.infer("edge", window, 1, WIDTH);
        }
        return (System.nanoTime() - start) / 1000.0 / CALLS_PER_ROUND;
    }

    private static double throughput(TensorFlowInferenceEngine engine, int clients, float[] window) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong answered = new AtomicLong();
        AtomicLong counted = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        AtomicBoolean measuring = new AtomicBoolean(false);
        for (int c = 0; c < clients; c++) {
            Thread thread = new Thread(() -> {
                try {
                    while (running.get()) {
                        engine.infer("edge", window, 1, WIDTH);
                        answered.incrementAndGet();
                        if (measuring.get()) {
                            counted.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    done.countDown();
                }
            }, "bench-client-" + c);
            thread.start();
        }
        Thread.sleep(500); // warm-up
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(THROUGHPUT_MS);
        measuring.set(false);
        double seconds = (System.nanoTime() - start) / 1e9;
        running.set(false);
        done.await();
        return counted.get() / seconds;
    }

    /** @return {p99, max, failed, swaps} of request latencies (µs) for 8 clients over 3 s */
    private static long[] latenciesUnderLoad(TensorFlowInferenceEngine engine, float[] window, Path a, Path b)
            throws Exception {
        int clients = 8;
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong failed = new AtomicLong();
        List<long[]> perClient = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            long[] latencies = new long[2_000_000];
            int[] count = new int[1];
            perClient.add(latencies);
            Thread thread = new Thread(() -> {
                while (running.get() && count[0] < latencies.length) {
                    long start = System.nanoTime();
                    try {
                        engine.infer("edge", window, 1, WIDTH);
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                    latencies[count[0]++] = (System.nanoTime() - start) / 1000;
                }
                latencies[latencies.length - 1] = count[0];
            }, "bench-swap-client-" + c);
            threads.add(thread);
            thread.start();
        }
        long swaps = 0;
        long end = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < end) {
            Thread.sleep(200);
            if (a != null) {
                engine.loadModel("edge", Optional.of((swaps % 2 == 0 ? b : a).toString()));
                swaps++;
            }
        }
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        if (a != null) {
            engine.loadModel("edge", Optional.of(a.toString()));
        }
        List<Long> all = new ArrayList<>();
        for (long[] latencies : perClient) {
            int n = (int) latencies[latencies.length - 1];
            for (int i = 0; i < n; i++) {
                all.add(latencies[i]);
            }
        }
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        long p99 = sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)];
        return new long[] {p99, sorted[sorted.length - 1], failed.get(), swaps};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
