package io.aiosedge.itests.deploy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.deploymentadmin.BundleInfo;
import org.osgi.service.deploymentadmin.DeploymentPackage;

/**
 * A gateway with nothing of ours gets every DP in the documented install order, as a user of Kura's Packages page
 * would install them: each package is accepted, each of its bundles starts, and every DS component of them is
 * satisfied (immediate ones active). The TensorFlow runtime is installed but no engine is configured, so its
 * natives are not loaded in this shared JVM (they load once per JVM: see itests/pom.xml).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeploymentPackageInstallIT extends DeploymentTestSupport {

    @Configuration
    public Option[] config() {
        return new Option[] {platformOnly()};
    }

    @Test
    public void everyPackageInstallsInOrderAndAllItsComponentsComeUp() {
        assertTrue("the framework starts without our bundles: " + installedSymbolicNames(),
                installedSymbolicNames().stream().noneMatch(n -> n.startsWith("io.aiosedge.")
                        && !n.equals("io.aiosedge.kura.api.standin")
                        && !n.equals("io.aiosedge.kura.core.configuration.standin")));

        Map<String, String> expectedVersions = new TreeMap<>();
        for (String name : INSTALL_ORDER) {
            Path file = files().built(name);
            DeploymentPackage dp = installBuilt(name);
            expectedVersions.put(name, DeploymentPackageFiles.versionOf(file));
            assertEquals(name + " holds the bundles its manifest names", DeploymentPackageFiles.bundlesOf(file).keySet(),
                    bundleNames(dp));
            await(name + " started: " + notStarted(dp), () -> notStarted(dp).isEmpty());
        }

        Map<String, String> listed = new TreeMap<>();
        for (DeploymentPackage dp : deploymentAdmin().listDeploymentPackages()) {
            listed.put(dp.getName(), dp.getVersion().toString());
        }
        assertEquals(expectedVersions, listed);
        await("all bundles started: " + bundlesNotStarted(), () -> bundlesNotStarted().isEmpty());
        await("all DS components satisfied: " + unsatisfiedComponents(), () -> unsatisfiedComponents().isEmpty());
        await("immediate components active: " + inactiveImmediateComponents(),
                () -> inactiveImmediateComponents().isEmpty());
    }

    private static Set<String> bundleNames(DeploymentPackage dp) {
        Set<String> names = new LinkedHashSet<>();
        for (BundleInfo info : dp.getBundleInfos()) {
            names.add(info.getSymbolicName());
        }
        return names;
    }

    /** Immediate components of our bundles that have a configuration but are not ACTIVE. */
    private List<String> inactiveImmediateComponents() {
        ServiceComponentRuntime scr = awaitService(ServiceComponentRuntime.class, null);
        List<String> problems = new ArrayList<>();
        for (Bundle bundle : this.context.getBundles()) {
            if (bundle.getSymbolicName() == null || !bundle.getSymbolicName().startsWith("io.aiosedge.")) {
                continue;
            }
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
                if (!description.immediate) {
                    continue;
                }
                for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                    if (configuration.state != ComponentConfigurationDTO.ACTIVE) {
                        problems.add(description.name + " is in state " + configuration.state);
                    }
                }
            }
        }
        Collections.sort(problems);
        return problems;
    }
}
