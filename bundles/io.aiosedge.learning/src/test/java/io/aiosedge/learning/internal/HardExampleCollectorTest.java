package io.aiosedge.learning.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aiosedge.api.scheduler.Locality;

class HardExampleCollectorTest {

    @TempDir
    Path folder;

    private final List<HardExampleCollector> started = new ArrayList<>();

    /** Records what it is given; refuses while {@code down}. */
    static final class RecordingPublisher implements CloudPublisher {
        final List<KuraMessage> messages = new ArrayList<>();
        volatile boolean down;

        @Override
        public synchronized String publish(KuraMessage message) throws KuraException {
            if (down) {
                throw new KuraException(KuraErrorCode.NOT_CONNECTED);
            }
            messages.add(message);
            return Integer.toString(messages.size());
        }

        synchronized List<String> bodies() {
            List<String> out = new ArrayList<>();
            messages.forEach(m -> out.add(new String(m.getPayload().getBody(), StandardCharsets.UTF_8)));
            return out;
        }

        synchronized int examples() {
            return messages.stream().mapToInt(m -> ((Number) m.getPayload().getMetric("count")).intValue()).sum();
        }

        @Override
        public void registerCloudConnectionListener(CloudConnectionListener listener) {
        }

        @Override
        public void unregisterCloudConnectionListener(CloudConnectionListener listener) {
        }

        @Override
        public void registerCloudDeliveryListener(CloudDeliveryListener listener) {
        }

        @Override
        public void unregisterCloudDeliveryListener(CloudDeliveryListener listener) {
        }
    }

    private HardExampleCollector collector(Map<String, ?> properties) throws Exception {
        HardExampleCollector collector = new HardExampleCollector(Completions.config(properties),
                folder.resolve("hard-examples.bin"));
        started.add(collector);
        return collector;
    }

    @AfterEach
    void stop() throws Exception {
        for (HardExampleCollector collector : started) {
            collector.deactivate();
        }
    }

    @Test
    void escalatedTasksAreUploadedInBatchesWithTheirWindowAndBothAnswers() throws Exception {
        HardExampleCollector collector = collector(Map.of("upload.batch.size", 3));
        RecordingPublisher publisher = new RecordingPublisher();
        collector.bindCloudPublisher(publisher);
        long now = System.currentTimeMillis();
        for (int i = 0; i < 7; i++) {
            collector.taskCompleted(Completions.escalated("e" + i, 0.4f, 0.9f, now));
            collector.taskCompleted(Completions.confident("c" + i, 0.01f, now));
        }
        collector.taskCompleted(Completions.escalated("private", 0.4f, 0.9f, now, Locality.EDGE_ONLY));
        assertThat(collector.uploadNow()).isEqualTo(1); // the two full batches went as they filled up

        assertThat(publisher.examples()).isEqualTo(7);
        assertThat(publisher.messages).hasSize(3);
        assertThat(publisher.messages.get(0).getPayload().getMetric("format")).isEqualTo("aios-hard-examples/1");
        assertThat(publisher.messages.get(0).getProperties()).containsEntry("kind", "hard-examples");
        String first = publisher.bodies().get(0);
        assertThat(first).startsWith("{\"format\":\"aios-hard-examples/1\",\"examples\":[{\"time\":" + now)
                .contains("\"task\":\"e0\"", "\"source\":\"pump-3\"", "\"edgeModel\":\"anomaly-edge\"",
                        "\"model\":\"anomaly-cloud\"", "\"labelNode\":\"cloud-1\"", "\"shape\":[1,64]",
                        "\"edge\":[0.4]", "\"label\":[0.9]")
                .containsPattern("\"edgeConfidence\":0\\.(6000|5999)").contains("\"window\":[2,2.19");
        assertThat(String.join("", publisher.bodies())).doesNotContain("\"private\"", "\"c0\"");

        HardExampleCollector.Status status = collector.status();
        assertThat(status.stored()).isZero();
        assertThat(status.uploaded()).isEqualTo(7);
        assertThat(status.verdicts()).containsEntry(HardExampleFilter.Verdict.KEPT, 7L)
                .containsEntry(HardExampleFilter.Verdict.NOT_ESCALATED, 7L)
                .containsEntry(HardExampleFilter.Verdict.EDGE_ONLY, 1L);
        assertThat(HardExampleCommands.format(status)).contains("uploaded      7 in 3 messages", "edge-only 1",
                "kept 7");
    }

    @Test
    void whileThePublisherFailsOrIsMissingExamplesWaitAndSurviveARestart() throws Exception {
        HardExampleCollector collector = collector(Map.of("upload.batch.size", 2));
        long now = System.currentTimeMillis();
        collector.taskCompleted(Completions.escalated("a", 0.4f, 0.9f, now));
        assertThat(collector.uploadNow()).isZero();
        assertThat(collector.status().lastError()).contains("no CloudPublisher matches (kura.service.pid=changeme)");

        RecordingPublisher publisher = new RecordingPublisher();
        publisher.down = true;
        collector.bindCloudPublisher(publisher);
        collector.taskCompleted(Completions.escalated("b", 0.4f, 0.9f, now));
        collector.taskCompleted(Completions.escalated("c", 0.4f, 0.9f, now));
        assertThat(collector.uploadNow()).isZero();
        assertThat(collector.status().stored()).isEqualTo(3);
        assertThat(collector.status().lastError()).startsWith("upload failed, examples kept");

        // The gateway restarts: what was not uploaded is still there, and goes once the publisher is back.
        collector.deactivate();
        started.remove(collector);
        HardExampleCollector restarted = collector(Map.of("upload.batch.size", 2));
        assertThat(restarted.status().stored()).isEqualTo(3);
        publisher.down = false;
        restarted.bindCloudPublisher(publisher);
        restarted.uploadNow();
        assertThat(publisher.examples()).isEqualTo(3);
        assertThat(String.join("", publisher.bodies())).contains("\"task\":\"a\"", "\"task\":\"b\"", "\"task\":\"c\"");
        assertThat(restarted.status().stored()).isZero();
        assertThat(restarted.status().lastError()).isEmpty();
    }

    @Test
    void aDisabledCollectorKeepsNothingAndReconfigurationApplies() throws Exception {
        HardExampleCollector collector = collector(Map.of("enabled", false));
        collector.taskCompleted(Completions.escalated("a", 0.4f, 0.9f, System.currentTimeMillis()));
        assertThat(collector.status().verdicts()).isEmpty();
        collector.modified(Completions.config(Map.of("enabled", true, "confidence.below", 0.55)));
        collector.taskCompleted(Completions.escalated("b", 0.4f, 0.9f, System.currentTimeMillis()));
        collector.taskCompleted(Completions.escalated("c", 0.48f, 0.9f, System.currentTimeMillis()));
        assertThat(collector.uploadNow()).isZero();
        assertThat(collector.status().stored()).isEqualTo(1);
        assertThat(collector.status().verdicts()).containsEntry(HardExampleFilter.Verdict.CONFIDENT, 1L);
        assertThat(collector.clear()).isEqualTo(1);
    }

    @Test
    void badSettingsAreRefusedNamingTheProperty() {
        assertThatThrownBy(() -> collector(Map.of("sample.share", 1.5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sample.share must be within 0..1: 1.5");
        assertThatThrownBy(() -> collector(Map.of("max.examples", 0))).hasMessage("max.examples must be within"
                + " 1..1000000: 0");
        assertThatThrownBy(() -> collector(Map.of("CloudPublisher.target", " ")))
                .hasMessageContaining("CloudPublisher.target must name the publisher");
        assertThatThrownBy(() -> collector(Map.of("min.cross.entropy", Double.NaN)))
                .hasMessageContaining("min.cross.entropy");
    }

    @Test
    void theCommandSaysWhatIsWrongWithItsArgument() throws Exception {
        HardExampleCommands commands = new HardExampleCommands();
        assertThat(commands.hardexamples()).contains("not running", HardExampleCollector.PID);
        commands.bindCollector(collector(Map.of()));
        assertThat(commands.hardexamples()).contains("Hard examples: collecting", "stored        0 of 5000",
                "publisher not found");
        assertThatThrownBy(() -> commands.hardexamples("flush")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown action 'flush': use status, upload or clear");
    }
}
