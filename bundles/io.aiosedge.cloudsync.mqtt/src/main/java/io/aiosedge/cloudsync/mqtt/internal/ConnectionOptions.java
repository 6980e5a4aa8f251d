package io.aiosedge.cloudsync.mqtt.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import io.aiosedge.cloudsync.mqtt.internal.wire.Topics;

/**
 * What the MQTT session needs, validated. Two option sets that are {@code equals} need no reconnect.
 *
 * @param brokerUrl {@code tcp://host:port} or {@code ssl://host:port}
 * @param clientId MQTT client id, also the gateway id in topics
 * @param username empty for none
 * @param password decrypted; empty for none
 * @param tls trust/key stores for {@code ssl://}
 * @param keepAliveSeconds MQTT keep-alive in s
 * @param connectTimeoutSeconds how long one connect attempt may take, in s
 * @param cleanSession MQTT clean session flag
 * @param reconnectMinMillis first reconnect delay in ms
 * @param reconnectMaxMillis cap of the exponential reconnect delay in ms
 * @param inflightWindow most QoS &ge; 1 messages awaiting acknowledgement at once
 * @param statusTopic topic of the birth / last-will / disconnect messages, null for none
 */
public record ConnectionOptions(String brokerUrl, String clientId, String username, String password, TlsOptions tls,
        int keepAliveSeconds, int connectTimeoutSeconds, boolean cleanSession, long reconnectMinMillis,
        long reconnectMaxMillis, int inflightWindow, String statusTopic) {

    /**
     * Trust and key stores (PKCS12 or JKS; the type is detected).
     *
     * @param trustStorePath empty: the JVM's default trust
     * @param keyStorePath empty: no client certificate
     */
    public record TlsOptions(String trustStorePath, String trustStorePassword, String keyStorePath, String keyStorePassword,
            boolean hostnameVerification) {

        @Override
        public String toString() {
            return "TlsOptions[trustStore=" + trustStorePath + ", keyStore=" + keyStorePath + ", hostnameVerification="
                    + hostnameVerification + "]";
        }
    }

    public ConnectionOptions {
        URI uri;
        try {
            uri = URI.create(brokerUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("broker.url '" + brokerUrl + "' is not a URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("tcp") && !scheme.equals("ssl") || uri.getHost() == null) {
            throw new IllegalArgumentException("broker.url '" + brokerUrl
                    + "' must be tcp://host[:port] or ssl://host[:port]");
        }
        if (clientId == null || clientId.isEmpty() || clientId.length() > 65535 || !Topics.isLevel(clientId)) {
            throw new IllegalArgumentException("client.id '" + clientId
                    + "' must be a non-empty single topic level (no '/', '+', '#')");
        }
        if (keepAliveSeconds < 0) {
            throw new IllegalArgumentException("keep.alive.s must be >= 0, got " + keepAliveSeconds);
        }
        if (connectTimeoutSeconds <= 0) {
            throw new IllegalArgumentException("connect.timeout.s must be > 0, got " + connectTimeoutSeconds);
        }
        if (reconnectMinMillis <= 0) {
            throw new IllegalArgumentException("reconnect.min.delay.ms must be > 0, got " + reconnectMinMillis);
        }
        if (reconnectMaxMillis < reconnectMinMillis) {
            throw new IllegalArgumentException("reconnect.max.delay.ms must be >= reconnect.min.delay.ms ("
                    + reconnectMinMillis + "), got " + reconnectMaxMillis);
        }
        if (inflightWindow < 1 || inflightWindow > 65535) {
            throw new IllegalArgumentException("inflight.window must be 1..65535, got " + inflightWindow);
        }
        if (statusTopic != null) {
            Topics.checkTopicName(statusTopic, "status.topic");
        }
        username = username == null ? "" : username;
        password = password == null ? "" : password;
    }

    public boolean usesTls() {
        return brokerUrl.regionMatches(true, 0, "ssl:", 0, 4);
    }

    /**
     * The socket factory for {@code ssl://}: the configured trust store (or the JVM default) and optional client
     * key store. A missing or unreadable store is an IllegalArgumentException naming the property.
     */
    public SSLSocketFactory socketFactory() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (tls.trustStorePath().isEmpty()) {
                trust.init((KeyStore) null);
            } else {
                trust.init(load(tls.trustStorePath(), tls.trustStorePassword(), "tls.truststore.path"));
            }
            KeyManagerFactory keys = null;
            if (!tls.keyStorePath().isEmpty()) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(tls.keyStorePath(), tls.keyStorePassword(), "tls.keystore.path"),
                        tls.keyStorePassword().toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS setup failed: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String path, String password, String property) {
        Path file = Path.of(path);
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(property + " '" + path + "' is not a readable file");
        }
        char[] secret = password.isEmpty() ? null : password.toCharArray();
        for (String type : new String[] {"PKCS12", "JKS"}) {
            try (InputStream in = Files.newInputStream(file)) {
                KeyStore store = KeyStore.getInstance(type);
                store.load(in, secret);
                return store;
            } catch (IOException | GeneralSecurityException e) {
                if (e.getCause() instanceof java.security.UnrecoverableKeyException
                        || String.valueOf(e.getMessage()).contains("password")) {
                    throw new IllegalArgumentException(property + " '" + path + "': wrong password ("
                            + e.getMessage() + ")", e);
                }
                // try the next type
            }
        }
        throw new IllegalArgumentException(property + " '" + path + "' is neither a PKCS12 nor a JKS key store");
    }

    @Override
    public String toString() {
        return "ConnectionOptions[" + brokerUrl + ", clientId=" + clientId + ", user=" + username + ", password="
                + (password.isEmpty() ? "none" : "***") + ", " + tls + ", keepAlive=" + keepAliveSeconds
                + " s, connectTimeout=" + connectTimeoutSeconds + " s, cleanSession=" + cleanSession + ", reconnect="
                + reconnectMinMillis + ".." + reconnectMaxMillis + " ms, window=" + inflightWindow + ", status="
                + statusTopic + "]";
    }
}
