package io.aiosedge.itests.inference;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.inference.TensorInference;

/**
 * Updates the engine bundle 20 times while 4 clients send requests: every update must release every session
 * and graph (resident memory measured from /proc/self/status stays flat), the models (folder and model
 * bundle) come back on the new engine, and no request fails other than a clean "engine stopped / model not
 * loaded" KuraException on an engine that is being replaced.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EngineBundleUpdateIT extends InferenceTestSupport {

    private static final Logger LOG = LoggerFactory.getLogger(EngineBundleUpdateIT.class);
    private static final String ENGINE_BSN = "io.aiosedge.inference.tensorflow";
    private static final int CYCLES = 20;
    /**
     * Median growth of native memory from one update to the next that counts as a leak, kB. The allocator grows in
     * occasional steps of 10-20 MB (a new malloc arena) and otherwise by about 0.1-0.3 MB per update; a leaked
     * engine or model session would add at least a megabyte to every update, which the median sees and a step does
     * not.
     */
    private static final long LEAK_PER_UPDATE_KB = 768;
    /** Total growth over the cycles that counts as a leak whatever the median says, kB. */
    private static final long LEAK_KB = 64 * 1024;

    @Configuration
    public Option[] config() {
        return new Option[] {inferencePlatform()};
    }

    @Test
    public void updatingTheEngineUnderLoadReleasesNativeMemoryAndFailsNoRequest() throws Exception {
        Path folder = Files.createTempDirectory("aios-it-update");
        InferenceFixtures.sumModel(folder.resolve("sum"), 0f);
        Bundle models = context.installBundle("test:model-bundle-update", new ByteArrayInputStream(
                InferenceFixtures.modelBundle("io.aiosedge.models.update", "bundled", "1.0.0",
                        InferenceFixtures.sumModel(folder.resolve("bundled-src"), 50f))));
        models.start();
        createFactoryConfiguration(TensorFlowEngineIT.PID,
                Map.of("kura.service.pid", "update-it", "model.directory", folder.toString()));

        ServiceTracker<TensorInference, TensorInference> engines = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + TensorInference.class.getName() + ")(kura.service.pid=update-it))"),
                null);
        engines.open();
        awaitModels(engines);

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong answered = new AtomicLong();
        AtomicLong unavailable = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            futures.add(clients.submit(() -> {
                while (running.get()) {
                    TensorInference engine = engines.getService();
                    if (engine == null) {
                        continue;
                    }
                    try {
                        float[] out = engine.infer("sum", new float[] {1, 1, 1, 1}, 1, 4);
                        if (out.length != 1 || out[0] != 4f) {
                            failure.compareAndSet(null, new AssertionError("wrong answer " + out[0]));
                        }
                        answered.incrementAndGet();
                    } catch (KuraException e) {
                        if (e.getCode() == KuraErrorCode.SERVICE_UNAVAILABLE || (e.getCode() == KuraErrorCode.INVALID_PARAMETER
                                && e.getMessage().contains("is not loaded"))) {
                            unavailable.incrementAndGet();
                        } else {
                            failure.compareAndSet(null, e);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }
                return null;
            }));
        }

        Bundle engineBundle = installedBundle(ENGINE_BSN);
        long rssAfterFirst = -1;
        long nativeAfterFirst = -1;
        long rssBefore = InferenceFixtures.residentKilobytes();
        long[] nativeAfterCycle = new long[CYCLES + 1];
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            long before = answered.get();
            await("requests flowing before update " + cycle, () -> answered.get() > before + 50);
            engineBundle.update();
            refresh(engineBundle);
            awaitModels(engines);
            if (cycle == 1) {
                rssAfterFirst = InferenceFixtures.residentKilobytes();
                nativeAfterFirst = nativeKilobytes();
            }
            nativeAfterCycle[cycle] = nativeKilobytes();
            LOG.info("update {}: RSS {} kB, outside the Java heap and metaspace {} kB", cycle,
                    InferenceFixtures.residentKilobytes(), nativeAfterCycle[cycle]);
        }
        long afterLast = answered.get();
        await("requests flowing after the last update", () -> answered.get() > afterLast + 50);
        running.set(false);
        for (Future<?> future : futures) {
            future.get(30, TimeUnit.SECONDS);
        }
        clients.shutdown();
        long rssAfter = InferenceFixtures.residentKilobytes();
        long nativeAfter = nativeKilobytes();
        LOG.info("engine bundle updates: {} cycles, {} requests answered, {} refused while an engine stopped;"
                + " RSS before {} kB, after the 1st update {} kB, after the {}th {} kB (growth over the last {}: {} kB);"
                + " outside heap and metaspace: {} kB after the 1st, {} kB after the last",
                CYCLES, answered.get(), unavailable.get(), rssBefore, rssAfterFirst, CYCLES, rssAfter, CYCLES - 1,
                rssAfter - rssAfterFirst, nativeAfterFirst, nativeAfter);
        Files.writeString(Path.of(System.getProperty("aios.inference.bundles.dir", "target")).resolveSibling(
                "engine-update-rss.txt"), String.format("cycles=%d answered=%d refused=%d rssBeforeKb=%d"
                        + " rssAfterFirstKb=%d rssAfterLastKb=%d nativeAfterFirstKb=%d nativeAfterLastKb=%d%n", CYCLES,
                        answered.get(), unavailable.get(), rssBefore, rssAfterFirst, rssAfter, nativeAfterFirst,
                        nativeAfter));

        if (failure.get() != null) {
            throw new AssertionError("a request failed during the updates", failure.get());
        }
        long[] steps = new long[CYCLES - 1];
        for (int cycle = 2; cycle <= CYCLES; cycle++) {
            steps[cycle - 2] = nativeAfterCycle[cycle] - nativeAfterCycle[cycle - 1];
        }
        java.util.Arrays.sort(steps);
        long medianStep = steps[steps.length / 2];
        LOG.info("native memory per update: median {} kB, smallest {} kB, largest {} kB", medianStep, steps[0],
                steps[steps.length - 1]);
        assertTrue("memory outside the Java heap and metaspace grew by a median " + medianStep + " kB per update"
                + " (steps " + java.util.Arrays.toString(steps) + " kB)", medianStep < LEAK_PER_UPDATE_KB);
        assertTrue("memory outside the Java heap and metaspace grew by " + (nativeAfter - nativeAfterFirst)
                + " kB over " + (CYCLES - 1) + " updates", nativeAfter - nativeAfterFirst < LEAK_KB);
        TensorInference engine = engines.getService();
        assertArrayEquals(new float[] {54f}, engine.infer("bundled", new float[] {1, 1, 1, 1}, 1, 4), 0f);
        assertEquals(0, threadsOfOldEngines());
        engines.close();
    }

    /**
     * RSS minus what the JVM has committed for the heap and non-heap pools (metaspace, code cache), after a
     * collection: mostly TensorFlow's native allocations, which is what a leaked session or graph grows.
     */
    private static long nativeKilobytes() {
        System.gc();
        java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        long committed = memory.getHeapMemoryUsage().getCommitted() + memory.getNonHeapMemoryUsage().getCommitted();
        return InferenceFixtures.residentKilobytes() - committed / 1024;
    }

    private void awaitModels(ServiceTracker<TensorInference, TensorInference> engines) {
        await("engine with models 'sum' and 'bundled'", () -> {
            TensorInference engine = engines.getService();
            return engine != null && engine.models().contains("sum") && engine.models().contains("bundled");
        });
    }

    private void refresh(Bundle bundle) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        assertTrue("refresh finished", done.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Batch, async and closer threads are per activation; only the current engine's may be alive. */
    private static long threadsOfOldEngines() {
        long engines = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("aios-tf-close-update-it"))
                .count();
        return Math.max(0, engines - 1);
    }
}
