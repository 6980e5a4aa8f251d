package io.aiosedge.federated.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.Map;

import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParticipantTest {

    private static final String INVITES = "aios/v1/#{tenant}/federated/anomaly-edge/invite";

    @TempDir
    static Path dir;
    static Path model;

    private final LoopbackEndpoint.Hub hub = new LoopbackEndpoint.Hub();
    private Participant participant;

    @BeforeAll
    static void model() throws Exception {
        model = Machines.initialModel(dir.resolve("model"));
    }

    @AfterEach
    void stop() throws Exception {
        participant.deactivate();
    }

    private Participant start(boolean enabled, double noise) throws Exception {
        ParticipantOptions o = new ParticipantOptions("anomaly-edge", enabled, model, Path.of("unused"), 100, 5, 0, 0,
                noise, INVITES, "aios/v1/#{tenant}/#{client-id}/federated/anomaly-edge/join",
                "aios/v1/#{tenant}/#{client-id}/federated/anomaly-edge/update", 1);
        participant = new Participant(o, hub.client("gw1"), (w, most) -> Machines.windows(1, 5, 50), "");
        return participant;
    }

    private void invite(long round, long deadline, float noise) throws Exception {
        float[] weights;
        try (var m = io.aiosedge.models.learning.TrainableModel.load(model)) {
            weights = WeightVector.flatten(m.weights());
        }
        KuraPayload p = new KuraPayload();
        p.setBody(FederatedMessages.encode(new FederatedMessages.Invite(round, 0, deadline, 20, 16, 0.005f, 0.5f, noise,
                "anomaly-edge", weights)));
        hub.client("cloud").publish(new KuraMessage(p, Map.of("topic", INVITES)));
    }

    private long updates() {
        return hub.published.stream().filter(m -> m.getProperties().get("topic").toString().endsWith("/update")).count();
    }

    @Test
    void answersOnceWithADeltaClippedToTheInvitesNorm() throws Exception {
        start(true, 0);
        invite(1, System.currentTimeMillis() + 60_000, 0);
        await().until(() -> participant.status().rounds() == 1);
        KuraMessage sent = hub.published.stream()
                .filter(m -> m.getProperties().get("topic").toString().equals("aios/v1/t1/gw1/federated/anomaly-edge/update"))
                .findFirst().orElseThrow();
        FederatedMessages.Update u = FederatedMessages.decodeUpdate(sent.getPayload().getBody());
        assertThat(u.samples()).isEqualTo(50);
        assertThat(u.round()).isEqualTo(1);
        assertThat(WeightVector.norm(u.delta())).isGreaterThan(0).isLessThanOrEqualTo(0.5 + 1e-6);
        // the same invite again (a redelivery) is not answered twice
        invite(1, System.currentTimeMillis() + 60_000, 0);
        await().until(() -> participant.status().invites() == 2);
        assertThat(updates()).isEqualTo(1);
        assertThat(participant.status().lastOutcome()).contains("already answered");
    }

    @Test
    void ignoresInvitesWhenOffOrLateAndNamesABrokenOne() throws Exception {
        start(false, 0);
        invite(1, System.currentTimeMillis() + 60_000, 0);
        await().until(() -> participant.status().ignored() == 1);
        assertThat(participant.status().lastOutcome()).contains("participation is off");
        participant.deactivate();
        start(true, 0);
        invite(2, System.currentTimeMillis() - 1, 0);
        await().until(() -> participant.status().ignored() == 1);
        assertThat(participant.status().lastOutcome()).contains("past its deadline");
        KuraPayload junk = new KuraPayload();
        junk.setBody(new byte[] {1, 2, 3});
        hub.client("cloud").publish(new KuraMessage(junk, Map.of("topic", INVITES)));
        await().until(() -> participant.status().ignored() == 2);
        assertThat(participant.status().lastOutcome()).startsWith("invite refused: invite:");
        assertThat(updates()).isZero();
    }

    @Test
    void statusIsWhatTheCommandPrints() throws Exception {
        start(true, 0);
        invite(3, System.currentTimeMillis() + 60_000, 0);
        await().until(() -> participant.status().rounds() == 1);
        FederatedCommands commands = new FederatedCommands();
        assertThat(commands.fedrounds()).contains("no federated coordinator");
        commands.bindParticipant(participant);
        assertThat(commands.fedparticipant()).contains("participation on").contains("rounds answered 1")
                .contains("last round 3").contains("50 windows, 4720 bytes");
        commands.unbindParticipant(participant);
        assertThat(commands.fedparticipant()).contains("no federated participant");
    }
}
