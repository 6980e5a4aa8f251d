package io.aiosedge.cloudsync.mqtt.internal;

import static io.aiosedge.cloudsync.mqtt.internal.MqttCloudEndpointTest.awaitJson;
import static io.aiosedge.cloudsync.mqtt.internal.MqttCloudEndpointTest.baseProperties;
import static io.aiosedge.cloudsync.mqtt.internal.MqttCloudEndpointTest.publishJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.aiosedge.api.security.CommandSignatures;
import io.aiosedge.cloudsync.mqtt.internal.wire.Json;

/**
 * Signed commands end to end through a broker: every refusal (unsigned, no trust anchor, wrong signature, unknown
 * key, another gateway's command, stale, from the future, replayed, policy-denied) is answered with its reason,
 * audited, and leaves the configuration unchanged (ConfigurationAdmin's {@code update} is never called); a signed
 * command is accepted once.
 */
class CommandSecurityTest {

    private static final String CMD = "aios/v1/t/gw/commands/";

    @TempDir
    Path dir;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<MqttCloudEndpoint> endpoints = new ArrayList<>();
    private final ConfigurationAdmin configurationAdmin = mock(ConfigurationAdmin.class);
    private final Configuration job = mock(Configuration.class);

    @AfterEach
    void tearDown() throws Exception {
        for (MqttCloudEndpoint e : endpoints) {
            e.deactivate();
        }
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private MqttCloudEndpoint endpoint(Map<String, Object> properties) throws Exception {
        MqttCloudEndpoint e = new MqttCloudEndpoint(Configs.of(MqttCloudEndpoint.Config.class, properties), properties,
                null, configurationAdmin, null);
        endpoints.add(e);
        return e;
    }

    /** A job's configuration as ConfigurationAdmin holds it; each read is a fresh copy, as with the real one. */
    private void jobConfiguration() throws Exception {
        when(job.getProperties()).thenAnswer(i -> new Hashtable<>(Map.of("service.pid", "io.aiosedge.scheduler.Job.1",
                "service.factoryPid", "io.aiosedge.scheduler.Job", "kura.service.pid", "anomaly-job",
                "task.locality", "EDGE_ONLY", "trigger.rate.ms", 10L)));
        when(configurationAdmin.listConfigurations(anyString())).thenReturn(new Configuration[] {job});
    }

    private static String put(String id, String metrics) {
        return "{\"id\":\"" + id + "\",\"reply\":\"aios/v1/t/ops/" + id + "\",\"method\":\"PUT\",\"args\":[\"anomaly-job\"],"
                + "\"sender\":\"alice@ops\",\"metrics\":" + metrics + "}";
    }

    private static String error(Map<String, Object> reply) {
        return String.valueOf(reply.get("error"));
    }

    @Test
    void withoutATrustAnchorStateChangingCommandsAreRefusedNamingTheSetting() throws Exception {
        jobConfiguration();
        MoquetteBroker broker = track(new MoquetteBroker().start());
        Map<String, Object> p = baseProperties(broker.url(), dir);
        p.put("commands.trusted.keys", new String[0]);
        MqttCloudEndpoint endpoint = endpoint(p);
        TestClient ops = track(new TestClient(broker.url(), "ops", true, 1, "aios/v1/t/ops/#"));
        Await.until("connected", MqttCloudEndpointTest.WAIT, endpoint::isConnected);

        publishJson(ops, CMD + "config", put("u1", "{\"trigger.rate.ms\":20}"));
        Map<String, Object> unsigned = awaitJson(ops, "aios/v1/t/ops/u1", 1);
        assertThat(unsigned).containsEntry("status", 401L);
        assertThat(error(unsigned)).contains("no trust anchor").contains("commands.trusted.keys");

        ops.publish(CMD + "config", TestSigner.OPS.sign("config", "PUT", put("u2", "{\"trigger.rate.ms\":20}")), 1, false);
        Map<String, Object> signed = awaitJson(ops, "aios/v1/t/ops/u2", 1);
        assertThat(signed).containsEntry("status", 401L);
        assertThat(error(signed)).contains("no trust anchor").contains("commands.trusted.keys");

        publishJson(ops, CMD + "status", "{\"id\":\"u3\",\"reply\":\"aios/v1/t/ops/u3\"}");
        assertThat(awaitJson(ops, "aios/v1/t/ops/u3", 1)).containsEntry("status", 200L);

        verify(job, never()).update(any());
        assertThat(endpoint.audit().last(10)).extracting(CommandAudit.Entry::outcome)
                .containsExactly("refused", "refused", "accepted");
    }

    @Test
    void everyBadCommandIsRefusedWithItsReasonAndOnlyTheSignedOneChangesTheConfiguration() throws Exception {
        jobConfiguration();
        MoquetteBroker broker = track(new MoquetteBroker().start());
        MqttCloudEndpoint endpoint = endpoint(baseProperties(broker.url(), dir));
        EventAdmin events = mock(EventAdmin.class);
        endpoint.bindEventAdmin(events);
        TestClient ops = track(new TestClient(broker.url(), "ops", true, 1, "aios/v1/t/ops/#"));
        Await.until("connected", MqttCloudEndpointTest.WAIT, endpoint::isConnected);
        String change = "{\"trigger.rate.ms\":20}";
        long now = System.currentTimeMillis();

        publishJson(ops, CMD + "config", put("a1", change));
        assertRefused(ops, "a1", 401, "unsigned config PUT refused", "commands.trusted.keys");

        TestSigner impostor = new TestSigner("ops"); // claims the trusted id with another key
        ops.publish(CMD + "config", impostor.sign("config", "PUT", put("a2", change)), 1, false);
        assertRefused(ops, "a2", 401, "signature does not verify with key 'ops'");

        TestSigner stranger = new TestSigner("intruder");
        ops.publish(CMD + "config", stranger.sign("config", "PUT", put("a3", change)), 1, false);
        assertRefused(ops, "a3", 401, "unknown key id 'intruder'; trusted: [ops]");

        ops.publish(CMD + "config", TestSigner.OPS.sign("t", "other-gateway", "config", "PUT", now,
                CommandSignatures.newNonce(), put("a4", change)), 1, false);
        assertRefused(ops, "a4", 401, "signature does not verify");

        ops.publish(CMD + "config", TestSigner.OPS.sign("t", "gw", "config", "PUT", now - 301_000,
                CommandSignatures.newNonce(), put("a5", change)), 1, false);
        assertRefused(ops, "a5", 401, "stale: issued 301 s ago, more than commands.max.age.s=300");

        ops.publish(CMD + "config", TestSigner.OPS.sign("t", "gw", "config", "PUT", now + 120_000,
                CommandSignatures.newNonce(), put("a6", change)), 1, false);
        assertRefused(ops, "a6", 401, "in the future, more than commands.clock.skew.s=30");

        // the edge-only guarantee: a job's locality is not remotely changeable, even together with an allowed change
        ops.publish(CMD + "config", TestSigner.OPS.sign("config", "PUT", put("a7",
                "{\"trigger.rate.ms\":20,\"task.locality\":\"CLOUD_ONLY\"}")), 1, false);
        assertRefused(ops, "a7", 403, "property 'task.locality' is denied by '*locality*' in config.denied.properties",
                "nothing was changed");
        verify(job, never()).update(any());

        byte[] accepted = TestSigner.OPS.sign("config", "PUT", put("a8", change));
        ops.publish(CMD + "config", accepted, 1, false);
        assertThat(awaitJson(ops, "aios/v1/t/ops/a8", 1)).containsEntry("status", 200L);
        @SuppressWarnings("unchecked")
        ArgumentCaptor<Dictionary<String, Object>> updated = ArgumentCaptor.forClass(Dictionary.class);
        verify(job).update(updated.capture());
        assertThat(updated.getValue().get("trigger.rate.ms")).isEqualTo(20L);
        assertThat(updated.getValue().get("task.locality")).isEqualTo("EDGE_ONLY");

        ops.publish(CMD + "config", accepted, 1, false); // the same bytes again: a replay
        Await.until("replay answered", MqttCloudEndpointTest.WAIT,
                () -> ops.received().stream().filter(m -> m.topic().equals("aios/v1/t/ops/a8")).count() == 2);
        Map<String, Object> replay = awaitJson(ops, "aios/v1/t/ops/a8", 2);
        assertThat(replay).containsEntry("status", 401L);
        assertThat(error(replay)).contains("replayed: nonce").contains("of key 'ops' was used already");
        verify(job, times(1)).update(any());

        List<CommandAudit.Entry> audit = endpoint.audit().last(100);
        assertThat(audit).extracting(CommandAudit.Entry::requestId)
                .containsExactly("a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a8");
        assertThat(audit).extracting(CommandAudit.Entry::outcome).containsExactly("refused", "refused", "refused",
                "refused", "refused", "refused", "refused", "accepted", "refused");
        CommandAudit.Entry ok = audit.get(7);
        assertThat(ok.keyId()).isEqualTo("ops");
        assertThat(ok.sender()).isEqualTo("alice@ops");
        assertThat(ok.handler()).isEqualTo("config");
        assertThat(ok.method()).isEqualTo("PUT");
        assertThat(ok.target()).isEqualTo("anomaly-job");
        assertThat(audit.get(0).keyId()).isEqualTo("-");
        assertThat(audit.get(6).reason()).contains("task.locality");
        List<String> lines = Files.readAllLines(dir.resolve("security").resolve(CommandAudit.FILE), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(9);
        assertThat(Json.parseObject(lines.get(7))).containsEntry("outcome", "accepted").containsEntry("key", "ops");

        ArgumentCaptor<Event> posted = ArgumentCaptor.forClass(Event.class);
        verify(events, timeout(5000).times(9)).postEvent(posted.capture());
        Event event = posted.getAllValues().get(7);
        assertThat(event.getTopic()).isEqualTo("io/aiosedge/audit/COMMAND");
        assertThat(event.getProperty("outcome")).isEqualTo("accepted");
        assertThat(event.getProperty("key")).isEqualTo("ops");
        assertThat(event.getProperty("gateway")).isEqualTo("gw");
    }

    @Test
    void noncesAndTheAuditLogSurviveARestart() throws Exception {
        jobConfiguration();
        MoquetteBroker broker = track(new MoquetteBroker().start());
        Map<String, Object> p = baseProperties(broker.url(), dir);
        MqttCloudEndpoint first = endpoint(p);
        TestClient ops = track(new TestClient(broker.url(), "ops", true, 1, "aios/v1/t/ops/#"));
        Await.until("connected", MqttCloudEndpointTest.WAIT, first::isConnected);
        byte[] command = TestSigner.OPS.sign("config", "PUT", put("b1", "{\"trigger.rate.ms\":30}"));
        ops.publish(CMD + "config", command, 1, false);
        assertThat(awaitJson(ops, "aios/v1/t/ops/b1", 1)).containsEntry("status", 200L);
        first.deactivate();
        endpoints.remove(first);

        MqttCloudEndpoint second = endpoint(p);
        Await.until("connected again", MqttCloudEndpointTest.WAIT, second::isConnected);
        assertThat(second.audit().last(10)).extracting(CommandAudit.Entry::requestId).containsExactly("b1");
        ops.publish(CMD + "config", command, 1, false);
        Map<String, Object> replay = awaitJson(ops, "aios/v1/t/ops/b1", 2);
        assertThat(replay).containsEntry("status", 401L);
        assertThat(error(replay)).contains("replayed");
        verify(job, times(1)).update(any());
        assertThat(second.audit().last(10)).extracting(CommandAudit.Entry::outcome).containsExactly("accepted", "refused");
    }

    private static void assertRefused(TestClient ops, String id, long status, String... reasons) {
        Map<String, Object> reply = awaitJson(ops, "aios/v1/t/ops/" + id, 1);
        assertThat(reply).as(id).containsEntry("status", status).containsEntry("id", id);
        assertThat(error(reply)).as(id).contains(reasons);
    }

    private <T extends AutoCloseable> T track(T c) {
        closeables.add(c);
        return c;
    }
}
