package io.aiosedge.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

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
    public void kuraApiStandInExportsKuraPackageVersions() {
        Bundle standIn = installedBundle("io.aiosedge.kura.api.standin");
        String exports = standIn.getHeaders().get("Export-Package");
        assertTrue(exports, exports.contains("org.eclipse.kura.type;version=\"1.1.0\""));
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
