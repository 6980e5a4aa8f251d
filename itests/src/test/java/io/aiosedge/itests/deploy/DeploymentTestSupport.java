package io.aiosedge.itests.deploy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.service.deploymentadmin.BundleInfo;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.deploymentadmin.DeploymentException;
import org.osgi.service.deploymentadmin.DeploymentPackage;

import io.aiosedge.itests.OsgiTestSupport;

/**
 * Base of the Deployment Package ITs: the framework starts with only what a Kura gateway has
 * ({@link #platformOnly()}), and the tests install our capabilities as the DPs the build produced, through Felix
 * DeploymentAdmin, the way Kura's Packages page does.
 */
public abstract class DeploymentTestSupport extends OsgiTestSupport {

    /** Where the build copied the DPs (see itests/pom.xml). */
    protected static final Path DPS_DIR = Paths.get(System.getProperty("aios.dps.dir", "target/dps"));

    static final String DP_API = "io.aiosedge.dp.api";
    static final String DP_SIMULATED = "io.aiosedge.dp.driver.simulated";
    static final String DP_MODBUS = "io.aiosedge.dp.driver.modbus";
    static final String DP_CLOUDSYNC = "io.aiosedge.dp.cloudsync";
    static final String DP_TENSORFLOW_X86_64 = "io.aiosedge.dp.tensorflow.runtime.linux-x86_64";
    static final String DP_INFERENCE = "io.aiosedge.dp.inference";
    static final String DP_MODELS = "io.aiosedge.dp.models";
    static final String DP_SCHEDULER = "io.aiosedge.dp.scheduler";
    static final String DP_FEDERATED = "io.aiosedge.dp.federated";
    static final String DP_COLLABORATION = "io.aiosedge.dp.collaboration";
    static final String DP_HEALTH = "io.aiosedge.dp.health";
    static final String DP_DEPLOYMENT = "io.aiosedge.dp.deployment";

    /** The install order of dp/README.md. */
    static final List<String> INSTALL_ORDER = List.of(DP_API, DP_SIMULATED, DP_MODBUS, DP_CLOUDSYNC,
            DP_TENSORFLOW_X86_64, DP_INFERENCE, DP_MODELS, DP_SCHEDULER, DP_FEDERATED, DP_COLLABORATION, DP_HEALTH,
            DP_DEPLOYMENT);

    /** Prefix of every thread our bundles start (CONVENTIONS: named threads). */
    static final String OUR_THREAD_PREFIX = "aios-";

    private DeploymentPackageFiles files;

    protected DeploymentPackageFiles files() {
        if (this.files == null) {
            try {
                this.files = new DeploymentPackageFiles(DPS_DIR, Files.createTempDirectory("aios-dp-it-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this.files;
    }

    protected DeploymentAdmin deploymentAdmin() {
        return awaitService(DeploymentAdmin.class, null);
    }

    /** Installs (or upgrades to) the DP in {@code file} and returns what DeploymentAdmin reports. */
    protected DeploymentPackage install(Path file) throws DeploymentException {
        try (InputStream in = Files.newInputStream(file)) {
            return deploymentAdmin().installDeploymentPackage(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Installs the built DP with this symbolic name; fails the test if DeploymentAdmin refuses it. */
    protected DeploymentPackage installBuilt(String symbolicName) {
        Path file = files().built(symbolicName);
        try {
            DeploymentPackage dp = install(file);
            assertEquals(symbolicName, dp.getName());
            return dp;
        } catch (DeploymentException e) {
            throw new AssertionError("DeploymentAdmin refused " + file + " (code " + e.getCode() + "): " + e, e);
        }
    }

    /** Installs a DP that must be refused, and returns the refusal. */
    protected DeploymentException refused(Path file) {
        try {
            DeploymentPackage dp = install(file);
            fail("DeploymentAdmin accepted " + file + " as " + dp.getName() + " " + dp.getVersion());
            return null;
        } catch (DeploymentException expected) {
            return expected;
        }
    }

    /**
     * What a user of the gateway would compare before and after a failed install: every installed DP with its
     * version, every bundle with version and state, every DS component configuration with its state.
     */
    protected String gatewayState() {
        Map<String, String> state = new TreeMap<>();
        for (DeploymentPackage dp : deploymentAdmin().listDeploymentPackages()) {
            state.put("dp " + dp.getName(), dp.getVersion().toString());
        }
        for (Bundle bundle : this.context.getBundles()) {
            state.put("bundle " + bundle.getSymbolicName(), bundle.getVersion() + " " + stateName(bundle.getState())
                    + " id " + bundle.getBundleId());
        }
        return state.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
                .collect(Collectors.joining("\n"));
    }

    /** Symbolic names of the bundles installed in the framework. */
    protected List<String> installedSymbolicNames() {
        List<String> names = new ArrayList<>();
        for (Bundle bundle : this.context.getBundles()) {
            names.add(bundle.getSymbolicName());
        }
        return names;
    }

    /** Live threads whose name starts with {@code prefix}. */
    protected static List<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith(prefix)).sorted().collect(Collectors.toList());
    }

    /** Bundles of a DP that are not started (fragments: not resolved). */
    protected static List<String> notStarted(DeploymentPackage dp) {
        List<String> problems = new ArrayList<>();
        for (BundleInfo info : dp.getBundleInfos()) {
            Bundle bundle = dp.getBundle(info.getSymbolicName());
            if (bundle == null) {
                problems.add(info.getSymbolicName() + " is not installed");
                continue;
            }
            boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (bundle.getState() != expected) {
                problems.add(bundle.getSymbolicName() + " is " + stateName(bundle.getState()));
            }
        }
        return problems;
    }
}
