package io.aiosedge.itests.inference;

import static io.aiosedge.itests.inference.LearningLoopFixtures.f1;
import static io.aiosedge.itests.inference.LearningLoopFixtures.labels;
import static io.aiosedge.itests.inference.LearningLoopFixtures.old;
import static io.aiosedge.itests.inference.LearningLoopFixtures.shifted;
import static io.aiosedge.itests.inference.LearningLoopFixtures.shuffle;
import static io.aiosedge.itests.inference.LearningLoopFixtures.trainEdgeNetwork;
import static io.aiosedge.itests.inference.LearningLoopFixtures.windows;
import static io.aiosedge.itests.inference.LearningLoopFixtures.writeLabelled;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.aiosedge.api.inference.TensorInference;
import io.aiosedge.driver.simulated.signal.LabelledWindows;

/**
 * The learning loop in one framework over a real Mosquitto: a "gateway" (its own cloud endpoint, the TensorFlow
 * engine serving an edge model trained on the old simulated machine, io.aiosedge.learning.ModelUpdates) and a
 * "cloud" (another endpoint, io.aiosedge.learning.cloud.Trainer with a signing key the engine trusts). Hard examples
 * of a new machine (other shape parameters, noise and anomaly kinds) are uploaded through the gateway's endpoint as
 * io.aiosedge.learning uploads them; the trainer fine-tunes, promotes and pushes a signed archive; the gateway's
 * engine then serves the new version, and its F1 on the new machine, measured through the engine, is higher.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LearningLoopIT extends LearningLoopTestSupport {

    private static final String MODEL = "learn-edge";

    @Configuration
    public Option[] config() {
        return new Option[] {inferencePlatform()};
    }

    @Test
    public void hardExamplesOfANewMachineComeBackAsANewVersionTheGatewayServes() throws Exception {
        long started = System.nanoTime();
        startBroker("aios-it-learning");

        // the edge model of the old machine: trainable form for the trainer, int8 for the gateway's engine
        LabelledWindows[] oldTrain = old(1, 6, 200);
        Path initial = temp.resolve("initial");
        Path shipped = temp.resolve("shipped");
        trainEdgeNetwork(oldTrain, initial, shipped);
        Path oldData = temp.resolve("old.csv");
        writeLabelled(oldData, old(101, 6, 100));

        configureGateway(MODEL + "=" + shipped, Map.of("models", MODEL, "rollback.window", 1000));
        configureCloud(Map.of(), MODEL, initial, Map.of("old.data.file", oldData.toString(), "min.new.examples", 200,
                "min.interval.s", 0, "check.interval.s", 1, "promote.margin", 0.0));

        TensorInference engine = awaitService(TensorInference.class, "(kura.service.pid=gw-engine)");
        await("model " + MODEL + " loaded", () -> engine.models().contains(MODEL));
        String firstVersion = engine.statistics(MODEL).version();
        awaitLoopReady();

        LabelledWindows[] newTest = shifted(2001, 4, 150);
        LabelledWindows[] oldTest = old(1001, 6, 100);
        double newBefore = f1(engine, MODEL, windows(newTest), labels(newTest));
        double oldBefore = f1(engine, MODEL, windows(oldTest), labels(oldTest));

        // 200 hard examples of the new machine, uploaded in batches of 50 as the gateway's collector does
        LabelledWindows[] shifted = shifted(201, 4, 50);
        float[][] hard = windows(shifted);
        int[] hardLabels = labels(shifted);
        shuffle(hard, hardLabels);
        uploadFromGateway(MODEL, hard, hardLabels);
        long uploaded = System.nanoTime();

        awaitValue("the gateway's engine serving v1 (was " + firstVersion + ")", () -> {
            String v = engine.statistics(MODEL) == null ? null : engine.statistics(MODEL).version();
            return "v1".equals(v) ? v : null;
        });
        double seconds = (System.nanoTime() - uploaded) / 1e9;
        double newAfter = f1(engine, MODEL, windows(newTest), labels(newTest));
        double oldAfter = f1(engine, MODEL, windows(oldTest), labels(oldTest));
        System.out.printf(Locale.ROOT, "LearningLoopIT: 200 hard examples -> v1 served by the gateway %.1f s after the"
                + " upload (%.1f s in all); F1 through the engine, new machine %.3f -> %.3f, old machine %.3f -> %.3f%n",
                seconds, (System.nanoTime() - started) / 1e9, newBefore, newAfter, oldBefore, oldAfter);
        assertTrue("new-machine F1 " + newBefore + " -> " + newAfter, newAfter > newBefore + 0.05);
        assertTrue("old-machine F1 " + oldBefore + " -> " + oldAfter, oldAfter > oldBefore - 0.1);
        assertTrue(Files.exists(temp.resolve("trainer/versions/v1/int8/saved_model.pb")));
        assertEquals(List.of(), unsatisfiedComponents().stream().filter(c -> c.contains("learning")).toList());
    }
}
