package io.aiosedge.itests.deploy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.deploymentadmin.DeploymentException;

/**
 * DPs that DeploymentAdmin must refuse — a truncated download, a manifest naming a bundle the file lacks, a
 * package carrying a bundle that another installed package owns, a file that is no DP — and after each refusal
 * the gateway is exactly as before: same packages, same bundles in the same states.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeploymentPackageRejectionIT extends DeploymentTestSupport {

    @Configuration
    public Option[] config() {
        return new Option[] {platformOnly()};
    }

    /** The same starting point for every test: api and simulated driver installed. */
    @Before
    public void installApiAndSimulatedDriver() {
        for (String name : new String[] {DP_API, DP_SIMULATED}) {
            if (deploymentAdmin().getDeploymentPackage(name) == null) {
                installBuilt(name);
            }
        }
    }

    @Test
    public void aTruncatedNewPackageIsRefusedAndNothingOfItIsInstalled() throws Exception {
        Path modbus = files().built(DP_MODBUS);
        String before = gatewayState();
        DeploymentException refusal = refused(files().truncated(modbus, (int) Files.size(modbus) / 2));
        assertTrue(refusal.getMessage(), refusal.getMessage() != null && !refusal.getMessage().isEmpty());
        assertUnchanged(before);
        assertFalse(installedSymbolicNames().contains("io.aiosedge.driver.modbus"));
    }

    @Test
    public void aPackageWhoseManifestNamesAMissingBundleIsRefused() {
        Path modbus = files().built(DP_MODBUS);
        String before = gatewayState();
        DeploymentException refusal = refused(files().namingAMissingBundle(modbus, "io.aiosedge.not.there"));
        assertTrue(refusal.getMessage(), refusal.getMessage().contains("io.aiosedge.not.there")
                || refusal.getMessage().contains("Expected more bundles"));
        assertUnchanged(before);
        assertFalse(installedSymbolicNames().contains("io.aiosedge.driver.modbus"));
    }

    @Test
    public void aPackageCarryingABundleOwnedByAnotherPackageIsRefused() {
        Path api = files().built(DP_API);
        String before = gatewayState();
        DeploymentException refusal = refused(files().renamed(api, "io.aiosedge.dp.api.copy"));
        assertEquals(refusal.toString(), DeploymentException.CODE_BUNDLE_SHARING_VIOLATION, refusal.getCode());
        assertUnchanged(before);
    }

    @Test
    public void aFileThatIsNoDeploymentPackageIsRefused() throws Exception {
        Path notADp = Files.createTempFile("aios-not-a-dp-", ".dp");
        Files.writeString(notADp, "this is not a zip file");
        String before = gatewayState();
        refused(notADp);
        assertUnchanged(before);
    }

    @Test
    public void aTruncatedUpgradeOfAnInstalledPackageKeepsTheInstalledVersion() throws Exception {
        Path simulated = files().built(DP_SIMULATED);
        String version = deploymentAdmin().getDeploymentPackage(DP_SIMULATED).getVersion().toString();
        Path upgrade = files().newRelease(simulated,
                DeploymentPackageUpgradeIT.nextVersion(deploymentAdmin().getDeploymentPackage(DP_SIMULATED)
                        .getVersion()), "broken");
        String before = gatewayState();
        refused(files().truncated(upgrade, (int) Files.size(upgrade) / 2));
        assertUnchanged(before);
        assertEquals(version, deploymentAdmin().getDeploymentPackage(DP_SIMULATED).getVersion().toString());
    }

    private void assertUnchanged(String before) {
        await("the gateway is as before the refused install", () -> before.equals(gatewayState()));
        assertEquals(before, gatewayState());
    }
}
