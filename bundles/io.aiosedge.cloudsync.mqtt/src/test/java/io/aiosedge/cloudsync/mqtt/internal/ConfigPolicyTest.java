package io.aiosedge.cloudsync.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class ConfigPolicyTest {

    private static final List<String> JOB = Arrays.asList("io.aiosedge.scheduler.Job.7", "anomaly-job",
            "io.aiosedge.scheduler.Job");
    private static final List<String> ENDPOINT = Arrays.asList("io.aiosedge.cloudsync.mqtt.MqttCloudEndpoint.3", "ep",
            MqttCloudEndpoint.PID);

    @Test
    void defaultsAllowOurComponentsButNotCredentialsKeysTrustOrLocality() {
        ConfigPolicy p = ConfigPolicy.defaults();
        assertThat(p.refusal(JOB, "trigger.rate.ms")).isNull();
        assertThat(p.refusal(JOB, "task.locality")).contains("'*locality*'");
        assertThat(p.refusal(ENDPOINT, "broker.url")).isNull();
        assertThat(p.refusal(ENDPOINT, "password")).contains("'*password*'");
        assertThat(p.refusal(ENDPOINT, "tls.keystore.path")).contains("'*key*'");
        assertThat(p.refusal(List.of("io.aiosedge.deployment.DeploymentCommandHandler"), "artifacts.trusted.keys"))
                .contains("denied");
        assertThat(p.refusal(List.of("io.aiosedge.deployment.DeploymentCommandHandler"), "deploy.allow.unsigned"))
                .contains("'*allow.unsigned*'");
        assertThat(p.refusal(List.of("org.eclipse.kura.net.admin.NetworkConfigurationService"), "x"))
                .contains("not in config.allowed.pids [io.aiosedge.*]");
        assertThat(p.refusal(List.of("web.console"), "HTTP.PASSWORD")).contains("not in config.allowed.pids");
    }

    @Test
    void thePolicyAndTheTrustAnchorsOfAnEndpointAreNeverRemotelyChangeableWhateverItSays() {
        ConfigPolicy permissive = ConfigPolicy.of(new String[] {"*"}, new String[0]);
        assertThat(permissive.refusal(JOB, "task.locality")).isNull();
        assertThat(permissive.refusal(ENDPOINT, "config.allowed.pids")).contains("never changeable remotely");
        assertThat(permissive.refusal(ENDPOINT, "config.denied.properties")).contains("never changeable remotely");
        assertThat(permissive.refusal(ENDPOINT, "commands.trusted.keys")).contains("never changeable remotely");
        assertThat(permissive.refusal(ENDPOINT, "COMMANDS.open.handlers")).contains("never changeable remotely");
        assertThat(permissive.refusal(ENDPOINT, "broker.url")).isNull();
    }

    @Test
    void pidScopedEntriesAndBadEntries() {
        ConfigPolicy p = ConfigPolicy.of(new String[] {"io.aiosedge.*"}, new String[] {"io.aiosedge.scheduler.Job:*"});
        assertThat(p.refusal(JOB, "trigger.rate.ms")).contains("'io.aiosedge.scheduler.Job:*'");
        assertThat(p.refusal(List.of("io.aiosedge.scheduler.TaskScheduler"), "policy")).isNull();
        assertThatThrownBy(() -> ConfigPolicy.of(new String[0], new String[] {"pid:"}))
                .hasMessageContaining("config.denied.properties: entry 'pid:'");
    }
}
