package io.aiosedge.itests.deploy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.request.RequestHandler;
import org.eclipse.kura.cloudconnection.request.RequestHandlerContext;
import org.eclipse.kura.cloudconnection.request.RequestHandlerMessageConstants;
import org.eclipse.kura.message.KuraPayload;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.deploymentadmin.DeploymentPackage;

import io.aiosedge.itests.RecordingCloudPublisher;

/**
 * The deployment command handler (io.aiosedge.deployment, installed as its own DP) in Felix with the real
 * DeploymentAdmin, called as the cloud connector calls a Kura RequestHandler: installs from a file: URL and from
 * the payload, upgrades, uninstalls; a wrong digest, an unreachable URL and a package DeploymentAdmin rejects each
 * end in a FAILED notification naming the reason, with the gateway exactly as before; an unsigned or wrongly signed
 * package is refused at once and never reaches DeploymentAdmin.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeploymentCommandIT extends DeploymentTestSupport {

    private static final String PID = "io.aiosedge.deployment.DeploymentCommandHandler";

    private final RecordingCloudPublisher notifications = new RecordingCloudPublisher();

    @Configuration
    public Option[] config() {
        return new Option[] {platformOnly()};
    }

    @Before
    public void installApiAndTheHandler() throws Exception {
        for (String name : new String[] {DP_API, DP_DEPLOYMENT}) {
            if (deploymentAdmin().getDeploymentPackage(name) == null) {
                installBuilt(name);
            }
        }
        org.osgi.service.cm.Configuration[] existing = configurationAdmin().listConfigurations("(service.pid=" + PID + ")");
        if (existing == null || !java.util.Arrays.asList((String[]) existing[0].getProperties()
                .get("artifacts.trusted.keys")).contains(TRUST_ENTRY)) {
            Map<String, Object> properties = new HashMap<>();
            properties.put("aios.request.handler.id", "deploy");
            properties.put("url.schemes", "https,file");
            properties.put("download.timeout.ms", 2000L);
            properties.put("progress.interval.ms", 0L);
            properties.put("artifacts.trusted.keys", new String[] {TRUST_ENTRY});
            configure(PID, properties);
        }
    }

    @Test
    public void anUnsignedOrWronglySignedPackageIsRefusedAndTheGatewayStaysAsItWas() throws Exception {
        RequestHandler handler = handler();
        Path modbus = files().built(DP_MODBUS);
        String before = gatewayState();
        String digest = sha256(modbus);
        Map<String, Object> unsigned = new HashMap<>(Map.of("url", modbus.toUri().toString(), "sha256", digest));
        unsigned.put("signature", null); // command() signs unless told not to
        KuraException noSignature = refusedAtOnce(() -> handler.doExec(context(), command(null, unsigned, null)));
        assertEquals(KuraErrorCode.SECURITY_EXCEPTION, noSignature.getCode());
        assertTrue(noSignature.getMessage(), noSignature.getMessage().contains("has no signature"));

        KeyPair stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Map<String, Object> forged = new HashMap<>(Map.of("url", modbus.toUri().toString(), "sha256", digest,
                "signature", signature(stranger, digest)));
        KuraException wrongKey = refusedAtOnce(() -> handler.doExec(context(), command(null, forged, null)));
        assertEquals(KuraErrorCode.SECURITY_EXCEPTION, wrongKey.getCode());
        assertTrue(wrongKey.getMessage(), wrongKey.getMessage().contains("signature does not verify with key 'it'"));
        assertNull(deploymentAdmin().getDeploymentPackage(DP_MODBUS));
        assertEquals(before, gatewayState());
    }

    /** The release key the handler trusts in this test, made at run time. */
    private static final KeyPair RELEASE = newKeyPair();
    private static final String TRUST_ENTRY = "it=" + Base64.getEncoder().encodeToString(RELEASE.getPublic().getEncoded());

    private static KeyPair newKeyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A detached signature as aios-sign sign-file makes it, written from the documented format with the JDK only:
     * {@code it:<base64 Ed25519 over "aios-artifact-v1\n<sha256 hex>">}.
     */
    private static String signature(KeyPair key, String sha256) throws Exception {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key.getPrivate());
        signer.update(("aios-artifact-v1\n" + sha256.toLowerCase()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return "it:" + Base64.getEncoder().encodeToString(signer.sign());
    }

    @Test
    public void installUpgradeAndUninstallThroughCommands() throws Exception {
        RequestHandler handler = handler();
        Path simulated = files().built(DP_SIMULATED);

        String install = accepted(handler.doExec(context(), command("install", Map.of("url",
                simulated.toUri().toString(), "sha256", sha256(simulated), "name", DP_SIMULATED), null)));
        KuraMessage installed = awaitFinal(install);
        assertEquals(states(install).toString(), "COMPLETED", state(installed));
        assertEquals(DeploymentPackageFiles.versionOf(simulated), installed.getPayload().getMetric("dp.version"));
        assertTrue(states(install).toString(), states(install).get(0).equals("DOWNLOADING"));
        DeploymentPackage dp = deploymentAdmin().getDeploymentPackage(DP_SIMULATED);
        assertNotNull(dp);
        await("simulated driver started", () -> notStarted(dp).isEmpty());

        String nextVersion = DeploymentPackageUpgradeIT.nextVersion(dp.getVersion());
        byte[] upgrade = Files.readAllBytes(files().newRelease(simulated, nextVersion, "cmd"));
        String upgradeOp = accepted(handler.doPut(context(), command(null, Map.of("sha256", sha256(upgrade),
                "version", nextVersion), upgrade)));
        KuraMessage upgraded = awaitFinal(upgradeOp);
        assertEquals(upgraded.getPayload().metrics().toString(), "COMPLETED", state(upgraded));
        assertEquals(DeploymentPackageFiles.versionOf(simulated), upgraded.getPayload().getMetric("previous.version"));
        assertEquals(nextVersion, deploymentAdmin().getDeploymentPackage(DP_SIMULATED).getVersion().toString());
        assertTrue(installedBundle("io.aiosedge.driver.simulated").getVersion().toString().endsWith("-cmd"));

        // The api package is used by the driver: refused at once unless forced.
        KuraException inUse = refusedAtOnce(() -> handler.doDel(context(), command(null, Map.of("name", DP_API),
                null)));
        assertEquals(KuraErrorCode.BAD_REQUEST, inUse.getCode());
        assertTrue(inUse.getMessage(), inUse.getMessage().contains("io.aiosedge.driver.simulated -> io.aiosedge.api"));
        // The handler's own package cannot be removed by a command.
        assertEquals(KuraErrorCode.SECURITY_EXCEPTION, refusedAtOnce(() -> handler.doDel(context(),
                command(null, Map.of("name", DP_DEPLOYMENT), null))).getCode());

        String uninstall = accepted(handler.doExec(context(), command("uninstall", Map.of("name", DP_SIMULATED),
                null)));
        assertEquals("COMPLETED", state(awaitFinal(uninstall)));
        assertNull(deploymentAdmin().getDeploymentPackage(DP_SIMULATED));
        assertFalse(installedSymbolicNames().contains("io.aiosedge.driver.simulated"));
    }

    @Test
    public void aWrongDigestAnUnreachableUrlAndARejectedPackageLeaveTheGatewayAsItWas() throws Exception {
        RequestHandler handler = handler();
        Path modbus = files().built(DP_MODBUS);
        String before = gatewayState();

        String wrongDigest = accepted(handler.doExec(context(), command(null, Map.of("url", modbus.toUri().toString(),
                "sha256", "0".repeat(64)), null)));
        KuraMessage digestFailure = awaitFinal(wrongDigest);
        assertEquals("FAILED", state(digestFailure));
        assertTrue(message(digestFailure), message(digestFailure).contains("SHA-256 of " + modbus.toUri().toURL()));
        assertEquals(before, gatewayState());

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "https://127.0.0.1:" + closedPort + "/io.aiosedge.dp.driver.modbus.dp";
        String unreachable = accepted(handler.doExec(context(), command(null, Map.of("url", url, "sha256",
                sha256(modbus)), null)));
        KuraMessage downloadFailure = awaitFinal(unreachable);
        assertEquals("FAILED", state(downloadFailure));
        assertTrue(message(downloadFailure), message(downloadFailure).startsWith("cannot download " + url));
        assertEquals(before, gatewayState());

        byte[] inconsistent = Files.readAllBytes(files().namingAMissingBundle(modbus, "io.aiosedge.not.there"));
        String rejected = accepted(handler.doExec(context(), command(null, Map.of("sha256", sha256(inconsistent)),
                inconsistent)));
        KuraMessage rejection = awaitFinal(rejected);
        assertEquals("FAILED", state(rejection));
        assertTrue(message(rejection), message(rejection).startsWith("DeploymentAdmin refused " + DP_MODBUS));
        await("gateway as before the rejected package", () -> before.equals(gatewayState()));

        String digest = sha256(modbus);
        KuraException badScheme = refusedAtOnce(() -> handler.doExec(context(), command(null,
                Map.of("url", "ftp://127.0.0.1/x.dp", "sha256", digest), null)));
        assertEquals(KuraErrorCode.BAD_REQUEST, badScheme.getCode());
        assertEquals(before, gatewayState());
    }

    // ---------------------------------------------------------------- helpers

    private RequestHandler handler() {
        return awaitService(RequestHandler.class, "(aios.request.handler.id=deploy)");
    }

    private RequestHandlerContext context() {
        return new RequestHandlerContext(notifications, Map.of());
    }

    /** A command; one with a sha256 metric is signed by the trusted release key unless it names a signature. */
    private static KuraMessage command(String verb, Map<String, Object> metrics, byte[] body) throws Exception {
        KuraPayload payload = new KuraPayload();
        metrics.forEach((name, value) -> {
            if (value != null) {
                payload.addMetric(name, value);
            }
        });
        Object sha = metrics.get("sha256");
        if (sha != null && sha.toString().matches("[0-9a-fA-F]{64}") && !metrics.containsKey("signature")) {
            payload.addMetric("signature", signature(RELEASE, sha.toString()));
        }
        if (body != null) {
            payload.setBody(body);
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(RequestHandlerMessageConstants.ARGS_KEY.value(),
                verb == null ? new ArrayList<String>() : new ArrayList<>(List.of(verb)));
        return new KuraMessage(payload, properties);
    }

    private static String accepted(KuraMessage response) {
        assertEquals(response.getPayload().metrics().toString(), "QUEUED", response.getPayload().getMetric("state"));
        return (String) response.getPayload().getMetric("operation");
    }

    private interface Command {
        KuraMessage run() throws Exception;
    }

    private static KuraException refusedAtOnce(Command command) throws Exception {
        try {
            KuraMessage response = command.run();
            fail("accepted: " + response.getPayload().metrics());
            return null;
        } catch (KuraException expected) {
            return expected;
        }
    }

    private KuraMessage awaitFinal(String operation) {
        return awaitValue("final state of " + operation, () -> {
            List<KuraMessage> of = of(operation);
            KuraMessage last = of.isEmpty() ? null : of.get(of.size() - 1);
            return last != null && ("COMPLETED".equals(state(last)) || "FAILED".equals(state(last))) ? last : null;
        });
    }

    private List<KuraMessage> of(String operation) {
        return this.notifications.messages.stream().filter(n -> operation.equals(n.getPayload().getMetric("operation")))
                .collect(Collectors.toList());
    }

    private List<String> states(String operation) {
        return of(operation).stream().map(DeploymentCommandIT::state).collect(Collectors.toList());
    }

    private static String state(KuraMessage notification) {
        return (String) notification.getPayload().getMetric("state");
    }

    private static String message(KuraMessage notification) {
        return String.valueOf(notification.getPayload().getMetric("message"));
    }

    private static String sha256(Path file) throws Exception {
        return sha256(Files.readAllBytes(file));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
