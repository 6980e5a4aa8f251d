package io.aiosedge.itests.deploy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.kura.driver.Driver;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.service.deploymentadmin.DeploymentException;
import org.osgi.service.deploymentadmin.DeploymentPackage;

/**
 * Upgrading the simulated driver's DP while a client listens to a driver instance, as Kura's Asset does: the
 * bundle is really replaced (new Bundle-Version), the instance comes back with the same configuration, and the
 * client's events keep arriving. A broken upgrade afterwards (truncated download, manifest naming a missing
 * bundle) is refused and the running version keeps working.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeploymentPackageUpgradeIT extends DeploymentTestSupport {

    private static final String FACTORY_PID = "io.aiosedge.driver.simulated.SimulatedDriver";
    private static final String BUNDLE = "io.aiosedge.driver.simulated";
    private static final String INSTANCE = "sim-upgrade";

    @Configuration
    public Option[] config() {
        return new Option[] {platformOnly()};
    }

    @Test
    public void upgradeReplacesTheBundleWhileTheListenerKeepsGettingEventsAndTheConfigurationSurvives()
            throws Exception {
        installBuilt(DP_API);
        Path v1File = files().built(DP_SIMULATED);
        DeploymentPackage v1 = installBuilt(DP_SIMULATED);
        Version bundleV1 = installedBundle(BUNDLE).getVersion();

        org.osgi.service.cm.Configuration configuration = createFactoryConfiguration(FACTORY_PID, driverProperties());
        SimulatedDriverClient client = new SimulatedDriverClient(this.context, INSTANCE);
        client.open();
        try {
            await("events from " + INSTANCE, () -> client.events() >= 3);

            String v2Version = nextVersion(v1.getVersion());
            Path v2File = files().newRelease(v1File, v2Version, "v2");
            DeploymentPackage v2 = install(v2File);

            assertEquals(v2Version, v2.getVersion().toString());
            assertEquals(v2Version, deploymentAdmin().getDeploymentPackage(DP_SIMULATED).getVersion().toString());
            Bundle updated = installedBundle(BUNDLE);
            assertEquals(DeploymentPackageFiles.withQualifier(bundleV1.toString(), "v2"),
                    updated.getVersion().toString());
            await("bundles of " + DP_SIMULATED + " started: " + notStarted(v2), () -> notStarted(v2).isEmpty());

            await("the client re-attached to the new driver instance", () -> client.driversSeen() >= 2);
            int afterUpgrade = client.events();
            await("events keep arriving after the upgrade", () -> client.events() >= afterUpgrade + 3);

            assertConfigurationSurvived(configuration.getPid());
            ServiceReference<Driver> driver = this.context
                    .getServiceReferences(Driver.class, "(kura.service.pid=" + INSTANCE + ")").iterator().next();
            assertEquals("the new instance runs with the configured listener interval", 20L,
                    driver.getProperty("listener.interval.ms"));
            assertEquals(updated, driver.getBundle());

            // A broken v3 must not disturb v2.
            String before = gatewayState();
            String v3Version = nextVersion(v2.getVersion());
            Path v3File = files().newRelease(v1File, v3Version, "v3");
            int half = (int) (Files.size(v3File) / 2);
            DeploymentException truncated = refused(files().truncated(v3File, half));
            assertNotNull(truncated.getMessage());
            await("state after the truncated upgrade equals the state before", () -> before.equals(gatewayState()));

            DeploymentException missing = refused(files().namingAMissingBundle(v3File, "io.aiosedge.not.there"));
            assertNotNull(missing.getMessage());
            await("state after the inconsistent upgrade equals the state before", () -> before.equals(gatewayState()));
            assertEquals(before, gatewayState());

            int afterRefusals = client.events();
            await("events keep arriving after the refused upgrades", () -> client.events() >= afterRefusals + 3);
            assertConfigurationSurvived(configuration.getPid());
        } finally {
            client.close();
            configuration.delete();
        }
    }

    private void assertConfigurationSurvived(String pid) throws Exception {
        org.osgi.service.cm.Configuration[] found = configurationAdmin()
                .listConfigurations("(kura.service.pid=" + INSTANCE + ")");
        assertNotNull("the driver's configuration is still there", found);
        assertEquals(1, found.length);
        assertEquals(pid, found[0].getPid());
        assertEquals(7L, found[0].getProperties().get("seed"));
        assertEquals(20L, found[0].getProperties().get("listener.interval.ms"));
    }

    private static Map<String, Object> driverProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("kura.service.pid", INSTANCE);
        properties.put("seed", 7L);
        properties.put("listener.interval.ms", 20L);
        properties.put("read.latency.ms", 0L);
        properties.put("read.failure.probability", 0.0);
        properties.put("fail.connect", Boolean.FALSE);
        return properties;
    }

    /** The next micro version with the same qualifier: what a release of the package would carry. */
    static String nextVersion(Version version) {
        String next = new Version(version.getMajor(), version.getMinor(), version.getMicro() + 1,
                version.getQualifier()).toString();
        assertNotEquals(version.toString(), next);
        return next;
    }
}
