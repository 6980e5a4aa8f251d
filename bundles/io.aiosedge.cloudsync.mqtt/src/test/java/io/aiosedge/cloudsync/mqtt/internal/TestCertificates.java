package io.aiosedge.cloudsync.mqtt.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI made at test time with the JDK's keytool: a CA, a server certificate for localhost / 127.0.0.1
 * signed by it (PEM files for Mosquitto; the key written as PKCS#8 PEM from Java), and a PKCS12 trust store
 * holding the CA for the gateway; on demand, client certificates signed by the CA in PKCS12 key stores (mutual TLS).
 */
final class TestCertificates {

    static final String STORE_PASSWORD = "changeit-" + Long.toHexString(System.nanoTime());

    final Path caPem;
    final Path serverCertPem;
    final Path serverKeyPem;
    final Path trustStore;
    private final Path dir;

    private TestCertificates(Path dir, Path caPem, Path serverCertPem, Path serverKeyPem, Path trustStore) {
        this.dir = dir;
        this.caPem = caPem;
        this.serverCertPem = serverCertPem;
        this.serverKeyPem = serverKeyPem;
        this.trustStore = trustStore;
    }

    static TestCertificates create(Path dir, String caName) {
        return create(dir, caName, "dns:localhost,ip:127.0.0.1");
    }

    /** With the server certificate's subject alternative names, e.g. {@code dns:localhost,ip:127.0.0.1}. */
    static TestCertificates create(Path dir, String caName, String subjectAltNames) {
        try {
            Files.createDirectories(dir);
            Path ca = dir.resolve("ca.p12");
            Path server = dir.resolve("server.p12");
            keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=" + caName, "-ext", "bc:c", "-keystore", ca.toString(), "-storetype", "PKCS12",
                    "-storepass", STORE_PASSWORD);
            keytool("-exportcert", "-alias", "ca", "-rfc", "-keystore", ca.toString(), "-storepass", STORE_PASSWORD,
                    "-file", dir.resolve("ca.pem").toString());
            keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=localhost", "-keystore", server.toString(), "-storetype", "PKCS12",
                    "-storepass", STORE_PASSWORD);
            keytool("-certreq", "-alias", "server", "-keystore", server.toString(), "-storepass", STORE_PASSWORD,
                    "-file", dir.resolve("server.csr").toString());
            keytool("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-storepass", STORE_PASSWORD,
                    "-infile", dir.resolve("server.csr").toString(), "-outfile", dir.resolve("server.pem").toString(),
                    "-rfc", "-validity", "2", "-ext", "san=" + subjectAltNames, "-ext", "eku=serverAuth");
            keytool("-importcert", "-noprompt", "-alias", "ca", "-file", dir.resolve("ca.pem").toString(),
                    "-keystore", dir.resolve("trust.p12").toString(), "-storetype", "PKCS12", "-storepass",
                    STORE_PASSWORD);
            writeKey(server, dir.resolve("server-key.pem"));
            return new TestCertificates(dir, dir.resolve("ca.pem"), dir.resolve("server.pem"), dir.resolve("server-key.pem"),
                    dir.resolve("trust.p12"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A client certificate with this common name (for Mosquitto's {@code use_identity_as_username}, the user name),
     * signed by this CA for client authentication, in a PKCS12 key store (password {@link #STORE_PASSWORD}) holding
     * the key and the chain.
     */
    Path clientKeyStore(String commonName) {
        try {
            Path store = dir.resolve("client-" + commonName + ".p12");
            if (Files.exists(store)) {
                return store;
            }
            Path csr = dir.resolve("client-" + commonName + ".csr");
            Path cert = dir.resolve("client-" + commonName + ".pem");
            keytool("-genkeypair", "-alias", "client", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=" + commonName, "-keystore", store.toString(), "-storetype", "PKCS12",
                    "-storepass", STORE_PASSWORD);
            keytool("-certreq", "-alias", "client", "-keystore", store.toString(), "-storepass", STORE_PASSWORD,
                    "-file", csr.toString());
            keytool("-gencert", "-alias", "ca", "-keystore", dir.resolve("ca.p12").toString(), "-storepass",
                    STORE_PASSWORD, "-infile", csr.toString(), "-outfile", cert.toString(), "-rfc", "-validity", "2",
                    "-ext", "eku=clientAuth");
            keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore",
                    store.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
            keytool("-importcert", "-noprompt", "-alias", "client", "-file", cert.toString(), "-keystore",
                    store.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeKey(Path store, Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, STORE_PASSWORD.toCharArray());
            Key key = keyStore.getKey("server", STORE_PASSWORD.toCharArray());
            String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded());
            Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
