package io.aiosedge.itests;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Provisions every bundle of the reactor on the platform and checks that all resolve and start and that
 * every DS component is satisfied. Grows automatically as bundles are added to the feature lists.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformIT extends OsgiTestSupport {

    @Configuration
    public Option[] config() {
        return new Option[] {platform()};
    }

    @Test
    public void everyBundleResolvesAndStarts() {
        await("all bundles started", () -> bundlesNotStarted().isEmpty());
        assertEquals(Collections.emptyList(), bundlesNotStarted());
    }

    @Test
    public void everyComponentIsSatisfied() {
        await("all DS components satisfied: " + unsatisfiedComponents(), () -> unsatisfiedComponents().isEmpty());
    }

    @Test
    public void kuraApiExportsKuraPackageVersions() {
        // The stand-in by default, Kura's own jar in the real-kura profile: the same package versions.
        String api = onRealKuraApi() ? "org.eclipse.kura.api" : "io.aiosedge.kura.api.standin";
        assertEquals(api + " 1.1.0", exporterOf("org.eclipse.kura.type"));
        assertEquals(api + " 1.0.0", exporterOf("org.eclipse.kura.driver"));
        // Not in Kura's API jar: Kura's core.configuration bundle exports it, here its stand-in in both cases.
        assertEquals("io.aiosedge.kura.core.configuration.standin 1.0.0",
                exporterOf("org.eclipse.kura.core.configuration.metatype"));
    }

    /** "bsn version" of the one bundle whose wiring exports {@code packageName}. */
    private String exporterOf(String packageName) {
        List<String> exporters = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            if (wiring == null) {
                continue;
            }
            for (BundleCapability capability : wiring.getCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
                if (packageName.equals(capability.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))) {
                    exporters.add(bundle.getSymbolicName() + " "
                            + capability.getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE));
                }
            }
        }
        assertEquals("exporters of " + packageName + ": " + exporters, 1, exporters.size());
        return exporters.get(0);
    }

    @Test
    public void platformServicesAreThere() {
        List<String> required = List.of("org.osgi.service.cm.ConfigurationAdmin",
                "org.osgi.service.metatype.MetaTypeService", "org.osgi.service.event.EventAdmin",
                "org.osgi.service.deploymentadmin.DeploymentAdmin",
                "org.osgi.service.component.runtime.ServiceComponentRuntime");
        for (String service : required) {
            await(service, () -> context.getServiceReference(service) != null);
        }
    }
}
