package io.aiosedge.deployment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.InputStream;
import java.net.URL;
import java.security.KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudNotificationPublisher;
import org.eclipse.kura.cloudconnection.request.RequestHandlerContext;
import org.eclipse.kura.cloudconnection.request.RequestHandlerMessageConstants;
import org.eclipse.kura.message.KuraPayload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.deploymentadmin.BundleInfo;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.deploymentadmin.DeploymentException;
import org.osgi.service.deploymentadmin.DeploymentPackage;

import io.aiosedge.api.security.ArtifactSignatures;
import io.aiosedge.api.security.Ed25519Keys;
import io.aiosedge.api.security.TrustedKeys;

/**
 * The handler against a mocked DeploymentAdmin: request checks, the operation's states as notifications, and that
 * nothing reaches DeploymentAdmin when a check fails.
 */
class DeploymentCommandHandlerTest {

    private static final String OWN_BSN = "io.aiosedge.deployment";
    /** The release key the handler trusts (generated per run). */
    private static final KeyPair RELEASE = Ed25519Keys.generate();

    @TempDir
    Path dir;

    private final DeploymentAdmin admin = mock(DeploymentAdmin.class);
    private final BundleContext context = mock(BundleContext.class);
    private final Map<String, DeploymentPackage> installed = new HashMap<>();
    private final List<byte[]> handedToDeploymentAdmin = new CopyOnWriteArrayList<>();
    private final List<KuraMessage> notifications = new CopyOnWriteArrayList<>();
    private DeploymentCommandHandler handler;

    @BeforeEach
    void handler() throws Exception {
        Bundle self = mock(Bundle.class);
        when(self.getSymbolicName()).thenReturn(OWN_BSN);
        when(this.context.getBundle()).thenReturn(self);
        when(this.context.getBundles()).thenReturn(new Bundle[] {self});
        when(this.admin.getDeploymentPackage(any(String.class))).thenAnswer(i -> this.installed.get(i.getArgument(0)));
        when(this.admin.listDeploymentPackages())
                .thenAnswer(i -> this.installed.values().toArray(new DeploymentPackage[0]));
        when(this.admin.installDeploymentPackage(any(InputStream.class))).thenAnswer(i -> {
            byte[] bytes = ((InputStream) i.getArgument(0)).readAllBytes();
            this.handedToDeploymentAdmin.add(bytes);
            Path file = this.dir.resolve("handed.dp");
            Files.write(file, bytes);
            PackageManifest manifest = PackageManifest.read(file);
            DeploymentPackage dp = dp(manifest.symbolicName(), manifest.version());
            this.installed.put(dp.getName(), dp);
            return dp;
        });
        this.handler = handler(TrustedKeys.of(Map.of("release", RELEASE.getPublic())), false);
    }

    private DeploymentCommandHandler handler(TrustedKeys keys, boolean allowUnsigned) throws Exception {
        HandlerOptions options = new HandlerOptions("deploy", new LinkedHashSet<>(List.of("https", "file")), 1 << 20, 5000,
                0, keys, allowUnsigned);
        return new DeploymentCommandHandler(options, new GatewayPackages(this.admin, this.context), this.admin,
                Files.createDirectories(this.dir.resolve("downloads")), URL::openConnection);
    }

    @Test
    void anUnsignedOrWronglySignedPackageIsRefusedBeforeAnyByteIsFetchedOrHandedToDeploymentAdmin() throws Exception {
        byte[] dp = TestPackages.dp("io.aiosedge.dp.test", "1.0.0", "io.aiosedge.test.a");
        String sha = TestPackages.sha256(dp);
        Path source = Files.write(this.dir.resolve("source.dp.bin"), dp);
        assertRefused(() -> this.handler.doExec(context(), unsigned(List.of(), Map.of("sha256", sha), dp)),
                "deploy: the package has no signature", "deploy.allow.unsigned=true");
        assertRefused(() -> this.handler.doExec(context(), unsigned(List.of(), Map.of("sha256", sha,
                "url", source.toUri().toString()), null)), "has no signature");
        KeyPair stranger = Ed25519Keys.generate();
        assertRefused(() -> this.handler.doExec(context(), unsigned(List.of(), Map.of("sha256", sha,
                "signature", ArtifactSignatures.sign(stranger.getPrivate(), "release", sha)), dp)),
                "the package's signature is refused: signature does not verify with key 'release'");
        assertRefused(() -> this.handler.doExec(context(), unsigned(List.of(), Map.of("sha256", sha,
                "signature", ArtifactSignatures.sign(stranger.getPrivate(), "other", sha)), dp)),
                "unknown key id 'other'; trusted: [release]");
        // a signature of another package's digest
        assertRefused(() -> this.handler.doExec(context(), unsigned(List.of(), Map.of("sha256", sha,
                "signature", ArtifactSignatures.sign(RELEASE.getPrivate(), "release", "ab".repeat(32))), dp)),
                "does not verify");
        assertThat(this.notifications).as("no operation was queued").isEmpty();
        verify(this.admin, never()).installDeploymentPackage(any());
        assertThat(this.installed).isEmpty();
    }

    @Test
    void withoutTrustedKeysEvenASignedPackageIsRefusedNamingTheSetting() throws Exception {
        this.handler.close();
        this.handler = handler(TrustedKeys.none(), false);
        byte[] dp = TestPackages.dp("io.aiosedge.dp.test", "1.0.0", "io.aiosedge.test.a");
        assertRefused(() -> this.handler.doExec(context(), command(List.of(), Map.of("sha256", TestPackages.sha256(dp)),
                dp)), "no key may sign packages: set artifacts.trusted.keys");
        verify(this.admin, never()).installDeploymentPackage(any());
    }

    @Test
    void theExplicitOptInInstallsAnUnsignedPackage() throws Exception {
        this.handler.close();
        this.handler = handler(TrustedKeys.none(), true);
        byte[] dp = TestPackages.dp("io.aiosedge.dp.test", "1.0.0", "io.aiosedge.test.a");
        String operation = accepted(this.handler.doExec(context(), unsigned(List.of(),
                Map.of("sha256", TestPackages.sha256(dp)), dp)));
        awaitFinal(operation);
        assertThat(states(operation)).endsWith("COMPLETED");
        assertThat(this.installed).containsKey("io.aiosedge.dp.test");
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String... reasons) {
        assertThatThrownBy(call).isInstanceOfSatisfying(KuraException.class,
                e -> assertThat(e.getCode()).isEqualTo(KuraErrorCode.SECURITY_EXCEPTION)).hasMessageContaining(reasons[0])
                .satisfies(e -> assertThat(e.getMessage()).contains(reasons).contains("nothing was installed"));
    }

    @AfterEach
    void close() {
        this.handler.close();
        assertThat(threads()).as("worker thread released").isEmpty();
    }

    @Test
    void installsFromThePayloadAndReportsEachStepUpToTheInstalledVersion() throws Exception {
        byte[] dp = TestPackages.dp("io.aiosedge.dp.test", "1.2.3", "io.aiosedge.test.a");
        KuraMessage response = this.handler.doExec(context(), command(List.of("install"),
                Map.of("sha256", TestPackages.sha256(dp)), dp));

        assertThat(response.getPayload().getMetric("state")).isEqualTo("QUEUED");
        String operation = (String) response.getPayload().getMetric("operation");
        awaitFinal(operation);
        assertThat(states(operation)).containsExactly("VERIFYING", "INSTALLING", "COMPLETED");
        KuraMessage completed = last(operation);
        assertThat(completed.getPayload().getMetric("dp.name")).isEqualTo("io.aiosedge.dp.test");
        assertThat(completed.getPayload().getMetric("dp.version")).isEqualTo("1.2.3");
        assertThat(completed.getPayload().getMetric("request.id")).isEqualTo("r-1");
        assertThat(completed.getProperties()).containsEntry("handler", "deploy");
        assertThat(this.handedToDeploymentAdmin).hasSize(1);
        assertThat(this.handedToDeploymentAdmin.get(0)).isEqualTo(dp);
        assertThat(this.dir.resolve("downloads")).as("no package left behind").isEmptyDirectory();
    }

    @Test
    void installsFromAFileUrl() throws Exception {
        byte[] dp = TestPackages.dp("io.aiosedge.dp.test", "2.0.0", "io.aiosedge.test.a");
        Path source = Files.write(this.dir.resolve("source.dp.bin"), dp);
        KuraMessage response = this.handler.doPut(context(), command(List.of(),
                Map.of("url", source.toUri().toString(), "sha256", TestPackages.sha256(dp).toUpperCase(),
                        "name", "io.aiosedge.dp.test", "version", "2.0.0"), null));
        String operation = (String) response.getPayload().getMetric("operation");
        awaitFinal(operation);
        assertThat(states(operation)).startsWith("DOWNLOADING").endsWith("COMPLETED");
        assertThat(this.installed).containsKey("io.aiosedge.dp.test");
    }

    @Test
    void aWrongDigestFailsWithoutTouchingDeploymentAdmin() throws Exception {
        byte[] dp = TestPackages.dp("io.aiosedge.dp.test", "1.0.0", "io.aiosedge.test.a");
        String operation = accepted(this.handler.doExec(context(), command(List.of(),
                Map.of("sha256", "ab".repeat(32)), dp)));
        awaitFinal(operation);
        assertThat(states(operation)).containsExactly("FAILED");
        assertThat((String) last(operation).getPayload().getMetric("message"))
                .contains("SHA-256 of the payload is " + TestPackages.sha256(dp)).contains("nothing was installed");
        verify(this.admin, never()).installDeploymentPackage(any());
    }

    @Test
    void whatDeploymentAdminRefusesIsReportedWithItsReason() throws Exception {
        when(this.admin.installDeploymentPackage(any(InputStream.class))).thenThrow(new DeploymentException(
                DeploymentException.CODE_BUNDLE_SHARING_VIOLATION, "Bundle 'x' already present in other packages"));
        byte[] dp = TestPackages.dp("io.aiosedge.dp.test", "1.0.0", "io.aiosedge.test.a");
        String operation = accepted(this.handler.doExec(context(), command(List.of(),
                Map.of("sha256", TestPackages.sha256(dp)), dp)));
        awaitFinal(operation);
        assertThat(states(operation)).containsExactly("VERIFYING", "INSTALLING", "FAILED");
        assertThat((String) last(operation).getPayload().getMetric("message"))
                .isEqualTo("DeploymentAdmin refused io.aiosedge.dp.test 1.0.0 (CODE_BUNDLE_SHARING_VIOLATION):"
                        + " Bundle 'x' already present in other packages; the gateway is as before");
    }

    @Test
    void aPackageThatIsNotTheExpectedOneOrReplacesTheHandlerIsRefused() throws Exception {
        byte[] dp = TestPackages.dp("io.aiosedge.dp.other", "1.0.0", "io.aiosedge.test.a");
        String wrongName = accepted(this.handler.doExec(context(), command(List.of(),
                Map.of("sha256", TestPackages.sha256(dp), "name", "io.aiosedge.dp.test"), dp)));
        awaitFinal(wrongName);
        assertThat((String) last(wrongName).getPayload().getMetric("message"))
                .isEqualTo("the package is io.aiosedge.dp.other, the command expects io.aiosedge.dp.test");

        byte[] self = TestPackages.dp("io.aiosedge.dp.deployment", "9.0.0", OWN_BSN);
        String replacingSelf = accepted(this.handler.doExec(context(), command(List.of(),
                Map.of("sha256", TestPackages.sha256(self)), self)));
        awaitFinal(replacingSelf);
        assertThat((String) last(replacingSelf).getPayload().getMetric("message"))
                .contains("would replace the deployment command handler itself");
        verify(this.admin, never()).installDeploymentPackage(any());
    }

    @Test
    void malformedCommandsAreRefusedAtOnceNamingWhatIsWrong() {
        byte[] dp = TestPackages.dp("io.aiosedge.dp.test", "1.0.0", "io.aiosedge.test.a");
        assertBadRequest(() -> this.handler.doExec(context(), command(List.of(), Map.of(), dp)),
                "metric 'sha256' must be the package's SHA-256 as 64 hex digits, got 'null'");
        assertBadRequest(() -> this.handler.doExec(context(), command(List.of(), Map.of("sha256", "12ab"), dp)),
                "got '12ab'");
        assertBadRequest(() -> this.handler.doExec(context(), command(List.of(),
                Map.of("sha256", "0".repeat(64)), null)), "metric 'url' (one of [https, file]) or the package as payload is required");
        assertBadRequest(() -> this.handler.doExec(context(), command(List.of(),
                Map.of("sha256", "0".repeat(64), "url", "ftp://host/x.dp"), null)),
                "scheme 'ftp' is not allowed; allowed: [https, file] (property url.schemes)");
        assertBadRequest(() -> this.handler.doExec(context(), command(List.of(),
                Map.of("sha256", "0".repeat(64), "url", "https://host/x.dp"), dp)), "not both");
        assertBadRequest(() -> this.handler.doExec(context(), command(List.of(),
                Map.of("sha256", "0".repeat(64), "url", "https://host/x.dp", "version", "one"), null)),
                "metric 'version' 'one' is not an OSGi version");
        assertBadRequest(() -> this.handler.doExec(context(), command(List.of("reboot"), Map.of(), null)),
                "unknown EXEC argument 'reboot'");
        assertBadRequest(() -> this.handler.doDel(context(), command(List.of(), Map.of(), null)),
                "metric 'name' (the package's symbolic name) is required");
        assertThat(this.notifications).isEmpty();
    }

    @Test
    void uninstallingAnUnknownPackageIsRefusedAtOnceAndAKnownOneIsUninstalled() throws Exception {
        assertThatThrownBy(() -> this.handler.doDel(context(), command(List.of(), Map.of("name", "io.aiosedge.dp.x"),
                null))).isInstanceOfSatisfying(KuraException.class,
                        e -> assertThat(e.getCode()).isEqualTo(KuraErrorCode.INVALID_PARAMETER))
                .hasMessageStartingWith("Invalid parameter. package io.aiosedge.dp.x is not installed");

        DeploymentPackage dp = dp("io.aiosedge.dp.test", new Version("1.0.0"));
        this.installed.put(dp.getName(), dp);
        String operation = accepted(this.handler.doExec(context(), command(List.of("uninstall"),
                Map.of("name", "io.aiosedge.dp.test"), null)));
        awaitFinal(operation);
        assertThat(states(operation)).containsExactly("UNINSTALLING", "COMPLETED");
        verify(dp).uninstall();
    }

    @Test
    void getListsPackagesAndRecentOperations() throws Exception {
        this.installed.put("io.aiosedge.dp.api", dp("io.aiosedge.dp.api", new Version("0.1.0.1")));
        byte[] dp = TestPackages.dp("io.aiosedge.dp.test", "1.0.0", "io.aiosedge.test.a");
        String operation = accepted(this.handler.doExec(context(), command(List.of(),
                Map.of("sha256", TestPackages.sha256(dp)), dp)));
        awaitFinal(operation);
        KuraPayload listing = this.handler.doGet(context(), command(List.of(), Map.of(), null)).getPayload();
        assertThat(listing.getMetric("packages")).asString().contains("io.aiosedge.dp.api", "io.aiosedge.dp.test");
        assertThat(listing.getMetric("io.aiosedge.dp.api.version")).isEqualTo("0.1.0.1");
        assertThat(listing.getMetric("operations")).isEqualTo(operation);
        assertThat(listing.getMetric(operation + ".state")).isEqualTo("COMPLETED");
        assertThat(listing.getMetric(operation + ".message")).isEqualTo("installed io.aiosedge.dp.test 1.0.0");
    }

    // ---------------------------------------------------------------- helpers

    private DeploymentPackage dp(String name, Version version) {
        DeploymentPackage dp = mock(DeploymentPackage.class);
        when(dp.getName()).thenReturn(name);
        when(dp.getVersion()).thenReturn(version);
        when(dp.getBundleInfos()).thenReturn(new BundleInfo[0]);
        return dp;
    }

    /** A command; an install with a valid sha256 and no signature gets one by the trusted release key. */
    private static KuraMessage command(List<String> args, Map<String, Object> metrics, byte[] body) {
        Object sha = metrics.get("sha256");
        if (sha != null && sha.toString().matches("[0-9a-fA-F]{64}") && !metrics.containsKey("signature")) {
            Map<String, Object> signed = new HashMap<>(metrics);
            signed.put("signature", ArtifactSignatures.sign(RELEASE.getPrivate(), "release", sha.toString()));
            return unsigned(args, signed, body);
        }
        return unsigned(args, metrics, body);
    }

    private static KuraMessage unsigned(List<String> args, Map<String, Object> metrics, byte[] body) {
        KuraPayload payload = new KuraPayload();
        metrics.forEach(payload::addMetric);
        if (body != null) {
            payload.setBody(body);
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(RequestHandlerMessageConstants.ARGS_KEY.value(), new ArrayList<>(args));
        properties.put("request.id", "r-1");
        return new KuraMessage(payload, properties);
    }

    private RequestHandlerContext context() {
        CloudNotificationPublisher publisher = new CloudNotificationPublisher() {
            @Override
            public String publish(KuraMessage message) {
                DeploymentCommandHandlerTest.this.notifications.add(message);
                return "n" + DeploymentCommandHandlerTest.this.notifications.size();
            }

            @Override
            public void registerCloudConnectionListener(CloudConnectionListener listener) {
            }

            @Override
            public void unregisterCloudConnectionListener(CloudConnectionListener listener) {
            }

            @Override
            public void registerCloudDeliveryListener(CloudDeliveryListener listener) {
            }

            @Override
            public void unregisterCloudDeliveryListener(CloudDeliveryListener listener) {
            }
        };
        return new RequestHandlerContext(publisher, Map.of());
    }

    private static String accepted(KuraMessage response) {
        assertThat(response.getPayload().getMetric("state")).isEqualTo("QUEUED");
        return (String) response.getPayload().getMetric("operation");
    }

    private List<KuraMessage> of(String operation) {
        return this.notifications.stream().filter(n -> operation.equals(n.getPayload().getMetric("operation")))
                .collect(Collectors.toList());
    }

    private List<String> states(String operation) {
        return of(operation).stream().map(n -> (String) n.getPayload().getMetric("state")).collect(Collectors.toList());
    }

    private KuraMessage last(String operation) {
        List<KuraMessage> messages = of(operation);
        return messages.get(messages.size() - 1);
    }

    private void awaitFinal(String operation) {
        await("operation " + operation + " finished: " + states(operation),
                () -> states(operation).contains("COMPLETED") || states(operation).contains("FAILED"));
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static void assertBadRequest(ThrowingCall call, String fragment) {
        assertThatThrownBy(call::call).isInstanceOfSatisfying(KuraException.class,
                e -> assertThat(e.getCode()).isEqualTo(KuraErrorCode.BAD_REQUEST)).hasMessageContaining(fragment);
    }

    private interface ThrowingCall {
        Object call() throws Exception;
    }

    private static List<String> threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(DeploymentCommandHandler.THREAD_NAME_PREFIX)).collect(Collectors.toList());
    }
}
