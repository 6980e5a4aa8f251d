package io.aiosedge.scheduler.internal.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.junit.jupiter.api.Test;

import io.aiosedge.api.driver.ChannelSpec;
import io.aiosedge.api.scheduler.FailureReason;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.TaskFailedException;
import io.aiosedge.api.scheduler.TaskResult;

class JobPartsTest {

    @Test
    void windowsAreSampleMajorAndDoNotOverlap() {
        SampleWindow window = new SampleWindow(2, 3);
        assertThat(window.add(new double[] {1, 10})).isNull();
        assertThat(window.add(new double[] {2, 20})).isNull();
        assertThat(window.add(new double[] {3, 30})).containsExactly(1, 10, 2, 20, 3, 30);
        assertThat(window.filled()).isZero();
        assertThat(window.add(new double[] {4, 40})).isNull();
        assertThatThrownBy(() -> window.add(new double[] {1})).hasMessageContaining("2 channels");
    }

    @Test
    void channelsBecomeKuraChannelConfigurations() {
        List<ChannelSpec> channels = JobSettings.parseChannels("vib:DOUBLE:shape=SINE,amplitude=2; temp:float");
        assertThat(channels).hasSize(2);
        assertThat(channels.get(0).config()).containsEntry("shape", "SINE").containsEntry("amplitude", "2")
                .containsEntry("+name", "vib").containsEntry("+value.type", "DOUBLE").containsEntry("+type", "READ");
        assertThat(channels.get(1).readRecord().getChannelName()).isEqualTo("temp");
        assertThatThrownBy(() -> JobSettings.parseChannels("name:STRING")).hasMessageContaining("not numeric");
        assertThatThrownBy(() -> JobSettings.parseChannels(" ; ")).hasMessageContaining("no channel");
        assertThatThrownBy(() -> JobSettings.parseChannels("x:DOUBLE:shape")).hasMessageContaining("not key=value");
    }

    @Test
    void aResultBecomesAMessageWithTimesScoreAndAnomalyFlag() {
        TaskResult result = new TaskResult("job-1", "gateway", NodeKind.LOCAL, "model", new float[] {0.7f}, 3, 0, 5,
                1_000, true, 0.7, 0.7, false, false, Map.of());
        KuraMessage message = ResultMessages.message("job", "job-1", result, null, 0.5, 2_000);
        assertThat(message.getPayload().getMetric("status")).isEqualTo("COMPLETED");
        assertThat(message.getPayload().getMetric("node")).isEqualTo("gateway");
        assertThat(message.getPayload().getMetric("total.ms")).isEqualTo(8.0);
        assertThat(message.getPayload().getMetric("anomaly")).isEqualTo(true);
        assertThat(message.getProperties()).containsEntry("assetName", "job").containsEntry("taskId", "job-1");
        assertThat(message.getPayload().metricNames()).doesNotContain("estimate.ms", "estimate.error.ms");

        KuraMessage estimated = ResultMessages.message("job", "job-1", result, null, 0.5, 2_000, 6.5);
        assertThat(estimated.getPayload().getMetric("estimate.ms")).isEqualTo(6.5);
        assertThat(estimated.getPayload().getMetric("estimate.error.ms")).as("actual 8 - estimate 6.5").isEqualTo(1.5);
    }

    @Test
    void aFailureBecomesAMessageWithItsReason() {
        KuraMessage message = ResultMessages.message("job", "job-2", null,
                new TaskFailedException("job-2", FailureReason.DEADLINE_UNREACHABLE, "too late"), 0.5, 2_000);
        assertThat(message.getPayload().getMetric("status")).isEqualTo("FAILED");
        assertThat(message.getPayload().getMetric("failure.reason")).isEqualTo("DEADLINE_UNREACHABLE");
        assertThat((String) message.getPayload().getMetric("failure.message")).contains("too late");
    }

    @Test
    void aJobWithoutANameIsNamedByItsKuraServicePidElseItsServicePid() {
        JobComponent.Config config = defaults(JobComponent.Config.class);
        assertThat(JobSettings.from(config, Map.of("kura.service.pid", "anomaly-job", "service.pid", "x.1")).name())
                .isEqualTo("anomaly-job");
        assertThat(JobSettings.from(config, Map.of("kura.service.pid", " ", "service.pid", "io.aiosedge.scheduler.Job~a"))
                .name()).isEqualTo("io.aiosedge.scheduler.Job~a");
        assertThat(JobSettings.from(config, Map.of("service.pid", "io.aiosedge.scheduler.Job~b")).name())
                .isEqualTo("io.aiosedge.scheduler.Job~b");
    }

    /** The configuration DS would hand over for an instance saved with every default. */
    private static <T> T defaults(Class<T> type) {
        return type.cast(java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> method.getDefaultValue()));
    }
}
