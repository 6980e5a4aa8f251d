package io.aiosedge.federated.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator and participants with TensorFlow over an in-memory broker. */
class CoordinatorTest {

    @TempDir
    static Path shared;
    static Path initial;
    static Path validation;

    @TempDir
    Path dir;

    private final LoopbackEndpoint.Hub hub = new LoopbackEndpoint.Hub();
    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<Integer> pushed = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void model() throws Exception {
        initial = Machines.initialModel(shared.resolve("initial"));
        validation = shared.resolve("validation.csv");
        LabelledData[] parts = {Machines.windows(0, 900, 60), Machines.windows(1, 901, 60), Machines.windows(2, 902, 60)};
        StringBuilder all = new StringBuilder();
        for (LabelledData part : parts) {
            Path f = shared.resolve("part.csv");
            Machines.write(f, part);
            all.append(Files.readString(f));
        }
        Files.writeString(validation, all);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : started) {
            c.close();
        }
    }

    private CoordinatorOptions options(long deadlineMillis, int min) {
        return new CoordinatorOptions("anomaly-edge", initial, validation, dir.resolve("coordinator"), min, 15, 32,
                0.005f, 5, 0, 60_000, deadlineMillis, 5, 1.0, 0, "aios/v1/#{tenant}/federated/anomaly-edge/invite",
                "aios/v1/#{tenant}/+/federated/anomaly-edge/+", 50);
    }

    private Coordinator coordinator(CoordinatorOptions options) throws Exception {
        Coordinator c = new Coordinator(options, hub.client("cloud"), (m, v, trained, folder, scores) -> {
            assertThat(folder.resolve("saved_model.pb")).exists();
            pushed.add(v);
        });
        started.add(c::deactivate);
        return c;
    }

    private Participant participant(int gateway) throws Exception {
        ParticipantOptions o = new ParticipantOptions("anomaly-edge", true, initial, Path.of("unused"), 500, 0, 0, 0,
                0, "aios/v1/#{tenant}/federated/anomaly-edge/invite", "aios/v1/#{tenant}/#{client-id}/federated/anomaly-edge/join",
                "aios/v1/#{tenant}/#{client-id}/federated/anomaly-edge/update", gateway);
        Participant p = new Participant(o, hub.client("gw" + gateway), (w, most) -> Machines.windows(gateway, 10 + gateway,
                200), "");
        started.add(p::deactivate);
        return p;
    }

    @Test
    void aRoundWithThreeGatewaysMakesAValidatedVersion() throws Exception {
        Coordinator c = coordinator(options(60_000, 3));
        participant(0);
        participant(1);
        participant(2);
        await().atMost(Duration.ofSeconds(60)).until(() -> c.status().history().size() >= 1);
        RoundStore.Closed r = c.status().history().get(0);
        assertThat(r.outcome()).isEqualTo("new-version");
        assertThat(r.accepted()).isEqualTo(3);
        assertThat(r.details()).startsWith("all answered"); // long before the 60 s deadline
        // three updates (header 44 bytes with an empty gateway id and "anomaly-edge") and three joins of 16 bytes
        assertThat(r.uplinkBytes()).isEqualTo(3 * (1169 * 4 + 44 + 16));
        assertThat(pushed).containsExactly(1);
        assertThat(c.status().state().version()).isEqualTo(1);
        // no window travelled: every gateway message is a join or an update of the model's size
        for (KuraMessage m : hub.published) {
            String topic = m.getProperties().get("topic").toString();
            if (topic.endsWith("/update")) {
                assertThat(m.getPayload().getBody()).hasSize(1169 * 4 + 44);
            }
        }
    }

    @Test
    void aGatewayThatNeverAnswersDoesNotStallTheRound() throws Exception {
        Coordinator c = coordinator(options(4_000, 2));
        participant(0);
        participant(1);
        // gw9 joins and is never heard of again (killed mid-round)
        LoopbackEndpoint ghost = hub.client("gw9");
        ghost.registerSubscriber(Map.of("topic.filter", "aios/v1/#{tenant}/federated/anomaly-edge/invite"), m -> {
            FederatedMessages.Invite invite = FederatedMessages.decodeInvite(m.getPayload().getBody());
            KuraPayload join = new KuraPayload();
            join.setBody(FederatedMessages.encode(new FederatedMessages.Join(invite.round(), invite.version())));
            ghost.publish(new KuraMessage(join, Map.of("topic", "aios/v1/#{tenant}/#{client-id}/federated/anomaly-edge/join")));
        });
        long started = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(30)).until(() -> c.status().history().size() >= 1);
        RoundStore.Closed r = c.status().history().get(0);
        assertThat(r.joined()).isEqualTo(3);
        assertThat(r.accepted()).isEqualTo(2);
        assertThat(r.details()).startsWith("closed at the deadline");
        assertThat(r.outcome()).isEqualTo("new-version");
        assertThat(r.closedMillis() - r.openedMillis()).isBetween(3_900L, 10_000L);
        assertThat(System.currentTimeMillis() - started).isLessThan(30_000);
        float[] w = c.globalWeights();
        assertThat(FiniteCheck.problem(w)).isEmpty();
    }

    @Test
    void duplicatesAndStaleUpdatesAreRefused() throws Exception {
        Coordinator c = coordinator(options(3_000, 1));
        LoopbackEndpoint gw = hub.client("gw5");
        List<FederatedMessages.Invite> invites = new CopyOnWriteArrayList<>();
        gw.registerSubscriber(Map.of("topic.filter", "aios/v1/#{tenant}/federated/anomaly-edge/invite"),
                m -> invites.add(FederatedMessages.decodeInvite(m.getPayload().getBody())));
        await().until(() -> !invites.isEmpty());
        FederatedMessages.Invite invite = invites.get(0);
        float[] delta = new float[invite.weights().length];
        delta[0] = 0.01f;
        send(gw, new FederatedMessages.Update(invite.round(), invite.version(), 10, "", "anomaly-edge", delta));
        send(gw, new FederatedMessages.Update(invite.round(), invite.version(), 10, "", "anomaly-edge", delta));
        send(gw, new FederatedMessages.Update(invite.round() + 5, invite.version(), 10, "", "anomaly-edge", delta));
        send(gw, new FederatedMessages.Update(invite.round(), invite.version(), 10, "gw6", "anomaly-edge", delta));
        await().atMost(Duration.ofSeconds(20)).until(() -> c.status().history().size() >= 1);
        Coordinator.Status s = c.status();
        assertThat(s.history().get(0).accepted()).isEqualTo(1);
        assertThat(s.refusedOnArrival()).isEqualTo(3);
        assertThat(s.lastRefusals().get("gw5")).contains("came from gw5");
    }

    @Test
    void aRestartedCoordinatorContinuesTheOpenRoundWithTheUpdatesItHad() throws Exception {
        CoordinatorOptions o = options(6_000, 2);
        Coordinator first = new Coordinator(o, hub.client("cloud"), (m, v, t, f, s) -> pushed.add(v));
        LoopbackEndpoint gw = hub.client("gw1");
        List<FederatedMessages.Invite> invites = new CopyOnWriteArrayList<>();
        gw.registerSubscriber(Map.of("topic.filter", "aios/v1/#{tenant}/federated/anomaly-edge/invite"),
                m -> invites.add(FederatedMessages.decodeInvite(m.getPayload().getBody())));
        await().until(() -> !invites.isEmpty());
        FederatedMessages.Invite invite = invites.get(0);
        float[] delta = new float[invite.weights().length];
        delta[3] = 0.02f;
        send(gw, new FederatedMessages.Update(invite.round(), invite.version(), 10, "", "anomaly-edge", delta));
        await().until(() -> first.status().answered() == 1);
        first.deactivate();

        Coordinator second = coordinator(o);
        assertThat(second.status().state().open()).isTrue();
        assertThat(second.status().state().round()).isEqualTo(invite.round());
        assertThat(second.status().answered()).isEqualTo(1);
        // gw1's redelivered update is still a duplicate after the restart; gw2's completes the round
        send(gw, new FederatedMessages.Update(invite.round(), invite.version(), 10, "", "anomaly-edge", delta));
        send(hub.client("gw2"), new FederatedMessages.Update(invite.round(), invite.version(), 30, "", "anomaly-edge",
                delta));
        await().atMost(Duration.ofSeconds(20)).until(() -> second.status().history().size() >= 1);
        RoundStore.Closed r = second.status().history().get(0);
        assertThat(r.round()).isEqualTo(invite.round());
        assertThat(r.accepted()).isEqualTo(2);
        assertThat(second.status().refusedOnArrival()).isEqualTo(1);
        float[] w = second.globalWeights();
        assertThat(w[3] - invite.weights()[3]).isCloseTo(0.02f, org.assertj.core.api.Assertions.within(1e-6f));
    }

    private static void send(LoopbackEndpoint from, FederatedMessages.Update update) {
        KuraPayload payload = new KuraPayload();
        payload.setBody(FederatedMessages.encode(update));
        from.publish(new KuraMessage(payload, Map.of("topic",
                "aios/v1/#{tenant}/#{client-id}/federated/anomaly-edge/update")));
    }
}
