package io.aiosedge.cloudsync.mqtt.internal;

import java.nio.file.Path;
import java.util.Map;

import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;
import org.mockito.Mockito;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A gateway in a JVM of its own, for {@link GatewayCrashTest}: an endpoint on a durable outbox that publishes
 * messages {@code from..to-1} (metric "n") and reports on stdout each publish that returned ("published n") and
 * each confirmation ("confirmed id"), then "drained" once the outbox is empty. The test kills it with SIGKILL.
 *
 * <p>Arguments: broker URL, outbox directory, from, to.
 */
public final class GatewayProcessMain {

    private GatewayProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Path outbox = Path.of(args[1]);
        int from = Integer.parseInt(args[2]);
        int to = Integer.parseInt(args[3]);
        Map<String, Object> p = MqttCloudEndpointTest.baseProperties(url, outbox);
        p.put("client.id", "gw-crash");
        p.put("outbox.capacity", 100_000);
        MqttCloudEndpoint endpoint = new MqttCloudEndpoint(Configs.of(MqttCloudEndpoint.Config.class, p), p, null,
                Mockito.mock(ConfigurationAdmin.class), null);
        endpoint.registerCloudDeliveryListener(id -> line("confirmed " + id));
        line("ready " + endpoint.outbox().size());
        for (int n = from; n < to; n++) {
            KuraPayload payload = new KuraPayload();
            payload.addMetric("n", n);
            endpoint.publish(new KuraMessage(payload, Map.of(MqttCloudEndpoint.MESSAGE_TOPIC, "crash/data")));
            line("published " + n);
        }
        while (!endpoint.outbox().awaitEmpty(100)) {
            Thread.onSpinWait();
        }
        line("drained");
        endpoint.deactivate();
    }

    private static void line(String text) {
        synchronized (System.out) {
            System.out.println(text);
            System.out.flush();
        }
    }
}
