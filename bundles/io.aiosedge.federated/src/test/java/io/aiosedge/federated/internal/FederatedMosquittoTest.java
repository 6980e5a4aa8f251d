package io.aiosedge.federated.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aiosedge.testsupport.Mosquitto;

/**
 * Integration test over a real Mosquitto: the coordinator and three participants (each its own MQTT client, its own
 * TensorFlow model, its own simulated machine) in one JVM. One round completes with all three; in the next, one
 * participant's connection is killed after it joined, while it trains, and the round completes at its deadline
 * with the other two.
 */
class FederatedMosquittoTest {

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Mosquitto broker;

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                // a killed client is closed already
            }
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void roundsCompleteAndAGatewayKilledMidRoundDoesNotStallOne() throws Exception {
        broker = Mosquitto.in(dir.resolve("broker")).persistent(false).build().start();
        Path initial = Machines.initialModel(dir.resolve("initial"));
        Path validation = dir.resolve("validation.csv");
        StringBuilder all = new StringBuilder();
        for (int g = 0; g < 3; g++) {
            Path part = dir.resolve("v" + g + ".csv");
            Machines.write(part, Machines.windows(g, 700 + g, 60));
            all.append(Files.readString(part));
        }
        Files.writeString(validation, all);

        CoordinatorOptions options = new CoordinatorOptions("anomaly-edge", initial, validation,
                dir.resolve("coordinator"), 2, 15, 32, 0.005f, 5, 0, 500, 5_000, 5, 1.0, 0,
                "aios/v1/#{tenant}/federated/anomaly-edge/invite", "aios/v1/#{tenant}/+/federated/anomaly-edge/+", 100);
        java.util.concurrent.atomic.AtomicReference<Coordinator> started = new java.util.concurrent.atomic.AtomicReference<>();

        PahoEndpoint doomed = null;
        for (int g = 0; g < 3; g++) {
            PahoEndpoint endpoint = new PahoEndpoint(broker.url(), "gw" + g);
            toClose.add(endpoint);
            int gateway = g;
            PahoEndpoint self = endpoint;
            Participant.WindowSource source = (width, most) -> {
                // gw2 dies during its second round's training: its join went out, its update never will
                if (gateway == 2 && coordinatorRound(started.get()) >= 2) {
                    try {
                        self.kill();
                    } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
                        throw new java.io.IOException(e);
                    }
                    throw new java.io.IOException("killed");
                }
                return Machines.windows(gateway, 20 + gateway, 200);
            };
            ParticipantOptions po = new ParticipantOptions("anomaly-edge", true, initial, Path.of("unused"), 500, 0, 0,
                    0, 0, "aios/v1/#{tenant}/federated/anomaly-edge/invite",
                    "aios/v1/#{tenant}/#{client-id}/federated/anomaly-edge/join",
                    "aios/v1/#{tenant}/#{client-id}/federated/anomaly-edge/update", g);
            Participant p = new Participant(po, endpoint, source, "");
            toClose.add(p::deactivate);
            if (g == 2) {
                doomed = endpoint;
            }
        }

        // the gateways are up (models loaded) before the first invite, as in a running fleet
        PahoEndpoint cloud = new PahoEndpoint(broker.url(), "cloud");
        toClose.add(cloud);
        Coordinator coordinator = new Coordinator(options, cloud, (m, v, t, f, s) -> {
        });
        started.set(coordinator);
        toClose.add(coordinator::deactivate);
        await().atMost(Duration.ofSeconds(60)).until(() -> coordinator.status().history().size() >= 2);
        List<RoundStore.Closed> history = coordinator.status().history();
        RoundStore.Closed first = history.get(0);
        assertThat(first.outcome()).isEqualTo("new-version");
        assertThat(first.accepted()).isEqualTo(3);
        assertThat(first.details()).startsWith("all answered");
        RoundStore.Closed second = history.get(1);
        assertThat(second.joined()).isEqualTo(3);
        assertThat(second.accepted()).isEqualTo(2);
        assertThat(second.details()).startsWith("closed at the deadline").contains("[gw0, gw1]");
        assertThat(second.outcome()).isIn("new-version", "not-valid");
        assertThat(second.closedMillis() - second.openedMillis()).isBetween(4_900L, 15_000L);
        assertThat(doomed.client.isConnected()).isFalse();
        assertThat(FiniteCheck.problem(coordinator.globalWeights())).isEmpty();
        // a third round runs with the two that are left
        await().atMost(Duration.ofSeconds(60)).until(() -> coordinator.status().history().size() >= 3);
        assertThat(coordinator.status().history().get(2).accepted()).isEqualTo(2);
        System.out.println(FederatedCommands.format(coordinator.status(), 10));
    }

    private static long coordinatorRound(Coordinator c) {
        try {
            return c.status().state().round();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
