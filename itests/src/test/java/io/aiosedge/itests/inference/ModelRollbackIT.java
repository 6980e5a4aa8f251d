package io.aiosedge.itests.inference;

import static io.aiosedge.itests.inference.LearningLoopFixtures.ENGINE_FACTORY;
import static io.aiosedge.itests.inference.LearningLoopFixtures.both;
import static io.aiosedge.itests.inference.LearningLoopFixtures.gogo;
import static io.aiosedge.itests.inference.LearningLoopFixtures.labels;
import static io.aiosedge.itests.inference.LearningLoopFixtures.old;
import static io.aiosedge.itests.inference.LearningLoopFixtures.trainEdgeNetwork;
import static io.aiosedge.itests.inference.LearningLoopFixtures.windows;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.aiosedge.api.cloud.OffloadHandler;
import io.aiosedge.api.cloud.OffloadReply;
import io.aiosedge.api.cloud.TensorPayloads;
import io.aiosedge.api.inference.TensorInference;
import io.aiosedge.api.scheduler.TaskScheduler;
import io.aiosedge.driver.simulated.signal.LabelledWindows;

/**
 * Automatic model rollback end to end, in one framework over a real Mosquitto. The "gateway": its cloud endpoint,
 * the TensorFlow engine serving an int8 edge model of the simulated machine (v0), the scheduler with joint inference,
 * io.aiosedge.learning.ModelUpdates. The "cloud": another endpoint serving offloaded inference (shared subscription)
 * through an OffloadHandler of this test that runs a full model (the same network trained on twice the windows) in a
 * TensorFlow engine of its own (io.aiosedge.cloud.worker is not among the ITs' bundles), and the trainer. Every edge answer of the gateway's tasks is escalated over MQTT, so the rollback rule's baseline forms from
 * real edge-vs-cloud answers. Then hard examples with inverted labels (a poisoned upload) make the trainer fine-tune
 * v1, which its promotion rule rejects; {@code aios:promote v1} pushes it anyway, signed and retained, as the trainer
 * pushes every version. The engine hot-swaps it, the disagreement with the cloud jumps, and ModelUpdates goes back to
 * v0 on its own and refuses v1 from then on, also when a restart brings the retained offer back. No task and no
 * direct inference call fails throughout.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModelRollbackIT extends LearningLoopTestSupport {

    private static final String MODEL = "learn-edge";
    private static final String CLOUD_MODEL = "learn-cloud";
    private static final String SCHEDULER_PID = "io.aiosedge.scheduler.TaskScheduler";
    private static final int ROLLBACK_WINDOW = 100;
    private static final double ROLLBACK_MARGIN = 0.1;
    /** The outcome of the swap to v1 in aios:modelupdates. */
    private static final Pattern ROLLED_BACK = Pattern.compile(
            "v1: rolled back to (\\S+): disagreement ([0-9.]+) over (\\d+) answers after the swap, limit ([0-9.]+)"
                    + " \\(before ([0-9.]+)");

    @Configuration
    public Option[] config() {
        return new Option[] {inferencePlatform()};
    }

    @Test
    public void aWorseVersionPushedByTheTrainerIsRolledBackByTheGatewayAndStaysRefused() throws Exception {
        long started = System.nanoTime();
        startBroker("aios-it-rollback");

        // v0 of the edge model, and the cloud's full model: the same network trained on twice the windows
        Path initial = temp.resolve("initial");
        Path shipped = temp.resolve("shipped");
        Path full = temp.resolve("cloud");
        trainEdgeNetwork(old(1, 6, 200), initial, shipped);
        trainEdgeNetwork(both(old(1, 6, 200), old(201, 6, 200)), full, null);

        // The gateway: its engine holds the edge model only; joint inference runs it first and escalates to the
        // cloud endpoint's offload handler.
        org.osgi.service.cm.Configuration updatesConfiguration = configureGateway(MODEL + "=" + shipped, Map.of(
                "models", MODEL,
                        "RequestHandler.target", "(&(aios.request.handler.id=models)(aios.engine.pid=gw-engine))",
                        "rollback.window", ROLLBACK_WINDOW, "rollback.margin", ROLLBACK_MARGIN));
        Map<String, Object> scheduler = new HashMap<>();
        scheduler.put("policy", "joint-inference");
        // every edge answer is checked by the cloud (confidence is max(p, 1 - p) < 1), so the rate sees them all
        scheduler.put("joint.confidence.threshold", 1.0);
        scheduler.put("cloud.node.id", "it-cloud");
        scheduler.put("cloud.address", "inference");
        scheduler.put("local.slots", 2);
        scheduler.put("learning.persist", false);
        scheduler.put("TensorInference.target", "(kura.service.pid=gw-engine)");
        scheduler.put("OffloadClient.target", "(kura.service.pid=gw-endpoint)");
        scheduler.put("CloudLinkMonitor.target", "(kura.service.pid=gw-endpoint)");
        configurations.add(configure(SCHEDULER_PID, scheduler));

        // the cloud: offloaded inference with the full model, and the trainer
        configurations.add(createFactoryConfiguration(ENGINE_FACTORY, Map.of("kura.service.pid", "cloud-engine",
                "models", CLOUD_MODEL + "=" + full, "model.bundles", false, "request.handler.id", "")));
        TensorInference cloudEngine = awaitService(TensorInference.class, "(kura.service.pid=cloud-engine)");
        registrations.add(context.registerService(OffloadHandler.class, request -> {
            TensorPayloads.FloatTensor input = TensorPayloads.decode(request.payload());
            long start = System.nanoTime();
            float[] output = cloudEngine.infer(CLOUD_MODEL, input.values(), input.shape());
            return new OffloadReply(request.taskId(), OffloadReply.Status.OK, "it-cloud", (System.nanoTime() - start)
                    / 1e6, Map.of(), TensorPayloads.encode(new long[] {1, output.length}, output));
        }, new Hashtable<>(Map.of(OffloadHandler.CAPABILITY_PROPERTY, "inference"))));
        // the trainer runs only by hand, and never promotes by itself (an F1 gain of 1 is out of reach)
        configureCloud(Map.of("offload.serve.enabled", true), MODEL, initial, Map.of("min.new.examples", 1_000_000,
                "promote.margin", 1.0, "replay.share", 0.0, "hard.label.weight", 1.0));

        TensorInference engine = awaitService(TensorInference.class, "(kura.service.pid=gw-engine)");
        await("models " + MODEL + " and " + CLOUD_MODEL + " loaded",
                () -> engine.models().contains(MODEL) && cloudEngine.models().contains(CLOUD_MODEL));
        String good = engine.statistics(MODEL).version();
        awaitLoopReady();
        TaskScheduler tasks = awaitService(TaskScheduler.class, null);
        long ready = System.nanoTime();

        // live traffic from here to the end, the same 100 windows over and over (so that any window of answers
        // holds each once); first the baseline window of v0
        LiveTraffic traffic = new LiveTraffic(tasks, engine, MODEL, CLOUD_MODEL, windows(old(3001, 5, 20)));
        closeables.add(traffic);
        traffic.start();
        await(ROLLBACK_WINDOW + " answers of v0 judged by the cloud", () -> traffic.completed() >= ROLLBACK_WINDOW + 20);
        assertTrue("the cloud answered: " + traffic, traffic.escalated() >= ROLLBACK_WINDOW);

        // a poisoned upload: 200 windows of the same machine with every label inverted
        LabelledWindows[] poisoned = old(401, 4, 50);
        float[][] hard = windows(poisoned);
        int[] inverted = Arrays.stream(labels(poisoned)).map(l -> 1 - l).toArray();
        uploadFromGateway(MODEL, hard, inverted);
        await("the trainer holds the 200 examples", () -> String.valueOf(gogo(context, "trainer"))
                .contains("; 200 new"));
        String run = gogo(context, "trainer", "run");
        assertTrue(run, run.startsWith("made v1"));
        assertTrue("the trainer's rule rejected v1", gogo(context, "trainer").matches("(?s).*\\nv1 .* rejected .*"));
        long answersAtPush = traffic.completed();
        long pushed = System.nanoTime();
        String promoted = gogo(context, "promote", "v1");
        assertTrue(promoted, promoted.startsWith("deployed and pushed v1"));

        String rolledBack = awaitValue("the gateway rolling v1 back", () -> {
            String status = gogo(context, "modelupdates");
            return status != null && status.contains("refused (rolled back here): " + MODEL + " v1") ? status : null;
        });
        long backAt = System.nanoTime();
        long answersAtRollback = traffic.completed();
        assertEquals("serving v0 again", good, engine.statistics(MODEL).version());
        assertTrue(rolledBack, rolledBack.contains("offers 1, installed 1, ignored 0, rollbacks 1"));
        assertTrue("the engine served v1 in between: " + traffic.versionsSeen(), traffic.versionsSeen().contains("v1"));
        Matcher outcome = ROLLED_BACK.matcher(rolledBack);
        assertTrue(rolledBack, outcome.find());
        assertEquals(good, outcome.group(1));
        double rate = Double.parseDouble(outcome.group(2));
        int judged = Integer.parseInt(outcome.group(3));
        double limit = Double.parseDouble(outcome.group(4));
        double baseline = Double.parseDouble(outcome.group(5));
        assertEquals("limit = baseline + margin", baseline + ROLLBACK_MARGIN, limit, 1e-3);
        assertTrue("rolled back before the window ended: " + rolledBack, rate > limit && judged <= ROLLBACK_WINDOW);

        // the retained offer of v1 comes back with a restart of the component: refused, v0 keeps serving
        Dictionary<String, Object> restart = updatesConfiguration.getProperties();
        restart.put("it.restarted", true);
        updatesConfiguration.update(restart);
        String afterRestart = awaitValue("the restarted component ignoring the retained v1", () -> {
            String status = gogo(context, "modelupdates");
            return status != null && status.startsWith("offers 1, installed 0, ignored 1, rollbacks 0") ? status : null;
        });
        assertTrue(afterRestart, afterRestart.contains("ignored: it was rolled back here")
                && afterRestart.contains("refused (rolled back here): " + MODEL + " v1"));
        long answersAfterRestart = traffic.completed();
        await("a window of answers", () -> traffic.completed() >= answersAfterRestart + ROLLBACK_WINDOW);
        assertEquals("still serving v0", good, engine.statistics(MODEL).version());

        // a good version after all that (the trainer's aios:rollback pushes its v0, the same weights) is kept
        String trainerBack = gogo(context, "rollback");
        assertTrue(trainerBack, trainerBack.startsWith("rolled back: deployed and pushed v0"));
        String kept = awaitValue("the trainer's v0 kept", () -> {
            String status = gogo(context, "modelupdates");
            return status != null && status.contains(" -> v0: kept") ? status : null;
        });
        assertEquals(kept, "v0", engine.statistics(MODEL).version());
        assertTrue(kept, kept.contains("offers 2, installed 1, ignored 1, rollbacks 0"));
        Matcher keptRate = Pattern.compile(" -> v0: kept: ([0-9.]+) over").matcher(kept);
        assertTrue(kept, keptRate.find());
        traffic.close();

        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "ModelRollbackIT: baseline %.3f (v0 vs the cloud over %d answers), v1 rolled back"
                + " %.2f s after aios:promote, after %d answers judged (rate %.3f > limit %.3f; %d answers completed"
                + " in between); the trainer's v0 pushed after it kept at %s; %s; %.1f s from ready, %.1f s in all%n",
                baseline, ROLLBACK_WINDOW, (backAt - pushed) / 1e9, judged, rate, limit,
                answersAtRollback - answersAtPush, keptRate.group(1), traffic,
                (System.nanoTime() - ready) / 1e9, seconds);
        assertEquals("failed tasks: " + traffic, 0, traffic.failed());
        assertEquals("failed inference calls: " + traffic, 0, traffic.fastPathFailures());
        assertFalse(traffic.versionsSeen().isEmpty());
    }
}
