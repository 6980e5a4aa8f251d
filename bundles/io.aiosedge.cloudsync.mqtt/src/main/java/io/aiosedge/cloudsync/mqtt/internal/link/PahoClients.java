package io.aiosedge.cloudsync.mqtt.internal.link;

import java.util.function.Function;

import javax.net.SocketFactory;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;

import io.aiosedge.cloudsync.mqtt.internal.ConnectionOptions;

/**
 * What the link needs to know about Paho: the connect options made from our {@link ConnectionOptions}, closing a
 * client whatever its state, and a short reason for an {@link MqttException}. Stateless; safe on any thread.
 */
final class PahoClients {

    private PahoClients() {
    }

    /** Paho's options for one connect attempt; the will (LOST) only when status messages are on. */
    static MqttConnectOptions connectOptions(ConnectionOptions o, SocketFactory socketFactory,
            Function<String, byte[]> statusPayload) {
        MqttConnectOptions m = new MqttConnectOptions();
        m.setCleanSession(o.cleanSession());
        m.setKeepAliveInterval(o.keepAliveSeconds());
        m.setConnectionTimeout(o.connectTimeoutSeconds());
        m.setAutomaticReconnect(false);
        // Our window limits the outbox; the margin leaves room for status messages and direct replies.
        m.setMaxInflight(o.inflightWindow() + 16);
        m.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        if (!o.username().isEmpty()) {
            m.setUserName(o.username());
        }
        if (!o.password().isEmpty()) {
            m.setPassword(o.password().toCharArray());
        }
        m.setSocketFactory(socketFactory);
        if (o.usesTls()) {
            m.setHttpsHostnameVerificationEnabled(o.tls().hostnameVerification());
        }
        if (o.statusTopic() != null) {
            m.setWill(o.statusTopic(), statusPayload.apply("LOST"), 1, true);
        }
        return m;
    }

    /** Closes a client, disconnecting it forcibly first when still connected; never throws. */
    static void closeQuietly(MqttAsyncClient c) {
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnectForcibly(100, 100);
            }
        } catch (MqttException | RuntimeException ignored) {
            // closing anyway
        }
        try {
            c.close(true);
        } catch (MqttException | RuntimeException ignored) {
            // already closed
        }
    }

    /** A short human-readable reason, e.g. "not authorized (5)" for a refused password. */
    static String describe(Throwable e) {
        if (e instanceof MqttException) {
            MqttException m = (MqttException) e;
            String reason;
            switch (m.getReasonCode()) {
            case MqttException.REASON_CODE_FAILED_AUTHENTICATION:
                reason = "bad user name or password";
                break;
            case MqttException.REASON_CODE_NOT_AUTHORIZED:
                reason = "not authorized";
                break;
            case MqttException.REASON_CODE_INVALID_CLIENT_ID:
                reason = "client id refused";
                break;
            case MqttException.REASON_CODE_BROKER_UNAVAILABLE:
                reason = "broker unavailable";
                break;
            case MqttException.REASON_CODE_SERVER_CONNECT_ERROR:
                reason = "cannot connect to the broker";
                break;
            case MqttException.REASON_CODE_CLIENT_TIMEOUT:
                reason = "timed out";
                break;
            case MqttException.REASON_CODE_CONNECTION_LOST:
                reason = "connection lost";
                break;
            default:
                reason = String.valueOf(m.getMessage());
            }
            Throwable cause = m.getCause();
            return reason + " (" + m.getReasonCode() + ")" + (cause == null ? "" : ": " + cause);
        }
        return String.valueOf(e);
    }
}
