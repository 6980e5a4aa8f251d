package io.aiosedge.health.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
import org.junit.jupiter.api.Test;

class HealthPublisherTest {

    /** Keeps what is published; refuses while {@code down}. */
    static final class RecordingPublisher implements CloudPublisher {
        final List<KuraMessage> messages = new ArrayList<>();
        boolean down;

        @Override
        public String publish(KuraMessage message) throws KuraException {
            if (down) {
                throw new KuraException(KuraErrorCode.NOT_CONNECTED);
            }
            messages.add(message);
            return Integer.toString(messages.size());
        }

        Object last(String metric) {
            return messages.get(messages.size() - 1).getPayload().getMetric(metric);
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

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicReference<Result.Status> outbox = new AtomicReference<>(Result.Status.OK);
    private final RecordingPublisher cloud = new RecordingPublisher();

    private HealthPublisher publisher(Map<String, Object> config) {
        HealthRunner runner = new HealthRunner();
        runner.addCheck(() -> new Result(outbox.get(), "outbox is " + outbox.get()), Map.of(HealthCheck.NAME,
                "AIOS outbox", HealthCheck.TAGS, new String[] {"aios", "cloud"}));
        HealthPublisher p = new HealthPublisher(Configs.of(HealthPublisher.Config.class, config), runner, now::get,
                false);
        p.bindCloudPublisher(cloud);
        return p;
    }

    @Test
    void publishesAtOnceThenOnChangeAndWhenTheIntervalHasPassed() {
        HealthPublisher p = publisher(Map.of("check_interval_s", 30, "publish_interval_s", 300));
        assertThat(p.tick()).isTrue();
        assertThat(cloud.last("health.status")).isEqualTo("OK");
        assertThat(cloud.last("health.aios.outbox.message")).isEqualTo("outbox is OK");
        assertThat(cloud.last("health.changed")).isEqualTo(false);

        now.addAndGet(30_000);
        assertThat(p.tick()).as("nothing changed, interval not over").isFalse();

        outbox.set(Result.Status.WARN);
        now.addAndGet(30_000);
        assertThat(p.tick()).as("a status changed").isTrue();
        assertThat(cloud.last("health.status")).isEqualTo("WARN");
        assertThat(cloud.last("health.changed")).isEqualTo(true);

        now.addAndGet(299_000);
        assertThat(p.tick()).isFalse();
        now.addAndGet(1_000);
        assertThat(p.tick()).as("publish interval over").isTrue();
        assertThat(cloud.last("health.changed")).isEqualTo(false);
        assertThat(cloud.messages).hasSize(3);
        assertThat(p.published()).isEqualTo(3);
    }

    @Test
    void aChangeNotDeliveredIsPublishedOnTheNextTick() {
        HealthPublisher p = publisher(Map.of());
        assertThat(p.tick()).isTrue();
        cloud.down = true;
        outbox.set(Result.Status.CRITICAL);
        assertThat(p.tick()).isFalse();
        assertThat(p.lastError()).startsWith("publish failed");
        cloud.down = false;
        assertThat(p.tick()).isTrue();
        assertThat(cloud.last("health.status")).isEqualTo("CRITICAL");

        p.unbindCloudPublisher(cloud);
        outbox.set(Result.Status.OK);
        assertThat(p.tick()).isFalse();
        assertThat(p.lastError()).isEqualTo("no CloudPublisher matches (kura.service.pid=changeme)");
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertThatThrownBy(() -> publisher(Map.of("check_interval_s", 0)))
                .hasMessage("check.interval.s must be from 1 to 3600, got 0");
        assertThatThrownBy(() -> publisher(Map.of("check_interval_s", 60, "publish_interval_s", 30)))
                .hasMessage("publish.interval.s (30) must be at least check.interval.s (60)");
        assertThatThrownBy(() -> publisher(Map.of("CloudPublisher_target", "health")))
                .hasMessageContaining("CloudPublisher.target 'health' is not an LDAP filter");
    }

    @Test
    void theTimerThreadEndsOnDeactivate() throws Exception {
        HealthPublisher p = new HealthPublisher(Configs.of(HealthPublisher.Config.class, Map.of()), new HealthRunner());
        assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals("aios-health-publisher"));
        p.deactivate();
        long until = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < until && Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("aios-health-publisher") && t.isAlive())) {
            Thread.sleep(10);
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("aios-health-publisher")
                && t.isAlive());
    }
}
