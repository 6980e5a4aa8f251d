package io.aiosedge.deployment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.eclipse.kura.KuraErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

class PackageFetcherTest {

    private static final char[] PASSWORD = "secret-for-tests".toCharArray();

    @TempDir
    Path dir;

    private HttpsServer server;
    private SSLContext clientTls;
    private final byte[] dp = TestPackages.dp("io.aiosedge.dp.test", "1.0.0", "io.aiosedge.test.a");
    private final List<Long> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void httpsServer() throws Exception {
        Path keystore = this.dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", new String(PASSWORD), "-keypass",
                new String(PASSWORD)).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keys.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        this.clientTls = SSLContext.getInstance("TLS");
        this.clientTls.init(null, trust.getTrustManagers(), null);

        this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        this.server.createContext("/packages/test.dp", exchange -> {
            exchange.sendResponseHeaders(200, this.dp.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(this.dp);
            }
        });
        this.server.start();
    }

    @AfterEach
    void stop() {
        this.server.stop(0);
    }

    private PackageFetcher fetcher(long maxBytes, int timeoutMs) {
        HandlerOptions options = new HandlerOptions("deploy", java.util.Set.of("https", "file"), maxBytes, timeoutMs, 0, io.aiosedge.api.security.TrustedKeys.none(), false);
        return new PackageFetcher(options, this::open);
    }

    private URLConnection open(URL url) throws IOException {
        URLConnection connection = url.openConnection();
        if (connection instanceof HttpsURLConnection) {
            ((HttpsURLConnection) connection).setSSLSocketFactory(this.clientTls.getSocketFactory());
        }
        return connection;
    }

    private URL https(String path) throws IOException {
        return new URL("https://127.0.0.1:" + this.server.getAddress().getPort() + path);
    }

    @Test
    void downloadsOverHttpsCheckingTheDigestAndReportingProgress() throws Exception {
        Path target = this.dir.resolve("a.dp");
        fetcher(1 << 20, 5000).download(https("/packages/test.dp"), TestPackages.sha256(this.dp), target,
                (bytes, total) -> {
                    assertThat(total).isEqualTo(this.dp.length);
                    this.progress.add(bytes);
                });
        assertThat(Files.readAllBytes(target)).isEqualTo(this.dp);
        assertThat(this.progress).isNotEmpty().last().isEqualTo((long) this.dp.length);
    }

    @Test
    void copiesAFileUrl() throws Exception {
        Path source = this.dir.resolve("source.dp");
        Files.write(source, this.dp);
        Path target = this.dir.resolve("b.dp");
        fetcher(1 << 20, 5000).download(source.toUri().toURL(), TestPackages.sha256(this.dp), target, (b, t) -> { });
        assertThat(Files.readAllBytes(target)).isEqualTo(this.dp);
    }

    @Test
    void aWrongDigestDeletesTheFileAndSaysBothDigests() throws Exception {
        Path target = this.dir.resolve("c.dp");
        String wrong = "0".repeat(64);
        assertThatThrownBy(() -> fetcher(1 << 20, 5000).download(https("/packages/test.dp"), wrong, target,
                (b, t) -> { }))
                .isInstanceOfSatisfying(CommandRefused.class,
                        e -> assertThat(e.code()).isEqualTo(KuraErrorCode.SECURITY_EXCEPTION))
                .hasMessageContaining("is " + TestPackages.sha256(this.dp) + ", the command says " + wrong)
                .hasMessageContaining("nothing was installed");
        assertThat(target).doesNotExist();
    }

    @Test
    void aPackageLargerThanTheLimitIsRefusedBeforeItIsRead() throws Exception {
        Path target = this.dir.resolve("d.dp");
        assertThatThrownBy(() -> fetcher(1024, 5000).download(https("/packages/test.dp"),
                TestPackages.sha256(this.dp), target, (b, t) -> { }))
                .isInstanceOfSatisfying(CommandRefused.class,
                        e -> assertThat(e.code()).isEqualTo(KuraErrorCode.BAD_REQUEST))
                .hasMessageContaining("more than download.max.bytes (1024)");
        assertThat(target).doesNotExist();
    }

    @Test
    void anUnreachableUrlAndAMissingPackageAreRefusedNamingTheUrl() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URL unreachable = new URL("https://127.0.0.1:" + closedPort + "/x.dp");
        assertThatThrownBy(() -> fetcher(1 << 20, 2000).download(unreachable, "0".repeat(64), this.dir.resolve("e.dp"),
                (b, t) -> { }))
                .isInstanceOfSatisfying(CommandRefused.class, e -> assertThat(e.code()).isEqualTo(KuraErrorCode.IO_ERROR))
                .hasMessageStartingWith("cannot download " + unreachable);
        assertThatThrownBy(() -> fetcher(1 << 20, 2000).download(https("/packages/missing.dp"), "0".repeat(64),
                this.dir.resolve("f.dp"), (b, t) -> { }))
                .isInstanceOfSatisfying(CommandRefused.class, e -> assertThat(e.code()).isEqualTo(KuraErrorCode.NOT_FOUND))
                .hasMessageContaining("the server answered 404");
        assertThat(this.dir.resolve("e.dp")).doesNotExist();
        assertThat(this.dir.resolve("f.dp")).doesNotExist();
    }

    @Test
    void aStalledDownloadEndsWhenAborted() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        this.server.createContext("/packages/slow.dp", exchange -> {
            exchange.sendResponseHeaders(200, this.dp.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(this.dp, 0, 10);
                out.flush();
                started.countDown();
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        PackageFetcher fetcher = fetcher(1 << 20, 60_000);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread downloading = new Thread(() -> {
            try {
                fetcher.download(https("/packages/slow.dp"), TestPackages.sha256(this.dp), this.dir.resolve("g.dp"),
                        (b, t) -> { });
            } catch (Exception e) {
                failure.set(e);
            }
        }, "test-download");
        downloading.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        fetcher.abort();
        downloading.join(10_000);
        release.countDown();
        assertThat(downloading.isAlive()).as("the download thread ended").isFalse();
        assertThat(failure.get()).isInstanceOf(CommandRefused.class).hasMessageContaining("shutting down");
        assertThat(this.dir.resolve("g.dp")).doesNotExist();
    }

    @Test
    void storesAPayloadCheckingSizeAndDigest() throws Exception {
        Path target = this.dir.resolve("h.dp");
        fetcher(1 << 20, 5000).store(this.dp, TestPackages.sha256(this.dp), target);
        assertThat(Files.readAllBytes(target)).isEqualTo(this.dp);
        assertThatThrownBy(() -> fetcher(1 << 20, 5000).store(this.dp, "1".repeat(64), this.dir.resolve("i.dp")))
                .hasMessageContaining("SHA-256 of the payload is");
        assertThatThrownBy(() -> fetcher(1024, 5000).store(this.dp, TestPackages.sha256(this.dp),
                this.dir.resolve("j.dp"))).hasMessageContaining("more than download.max.bytes (1024)");
        assertThat(this.dir.resolve("i.dp")).doesNotExist();
    }
}
