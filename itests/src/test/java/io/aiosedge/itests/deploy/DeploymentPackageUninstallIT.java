package io.aiosedge.itests.deploy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.cm.ManagedService;
import org.osgi.service.cm.ManagedServiceFactory;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.deploymentadmin.BundleInfo;
import org.osgi.service.deploymentadmin.DeploymentPackage;

/**
 * Uninstalling a DP while its driver runs (a listener thread is busy) leaves nothing of it: no bundle, no
 * service registered by its bundles (configuration listeners included), no DS component, no thread. What other
 * DPs provide keeps running, and the driver's configuration stays in ConfigAdmin, as on Kura (configurations are
 * not part of a DP).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeploymentPackageUninstallIT extends DeploymentTestSupport {

    private static final String FACTORY_PID = "io.aiosedge.driver.simulated.SimulatedDriver";
    private static final String INSTANCE = "sim-uninstall";
    private static final String DRIVER_THREAD_PREFIX = "aios-sim-driver";

    @Configuration
    public Option[] config() {
        return new Option[] {platformOnly()};
    }

    @Test
    public void uninstallLeavesNoBundleServiceListenerComponentOrThreadOfThePackage() throws Exception {
        DeploymentPackage api = installBuilt(DP_API);
        installBuilt(DP_MODBUS);
        DeploymentPackage simulated = installBuilt(DP_SIMULATED);

        Map<String, Object> properties = new HashMap<>();
        properties.put("kura.service.pid", INSTANCE);
        properties.put("listener.interval.ms", 20L);
        org.osgi.service.cm.Configuration configuration = createFactoryConfiguration(FACTORY_PID, properties);
        SimulatedDriverClient client = new SimulatedDriverClient(this.context, INSTANCE);
        client.open();
        try {
            await("events from " + INSTANCE, () -> client.events() >= 3);
            assertFalse("the driver's listener thread runs", threadsNamed(DRIVER_THREAD_PREFIX).isEmpty());

            Set<Long> bundleIds = new HashSet<>();
            Set<String> symbolicNames = new HashSet<>();
            for (BundleInfo info : simulated.getBundleInfos()) {
                bundleIds.add(simulated.getBundle(info.getSymbolicName()).getBundleId());
                symbolicNames.add(info.getSymbolicName());
            }
            assertFalse(servicesRegisteredBy(bundleIds).isEmpty());

            simulated.uninstall();

            assertTrue(simulated.isStale());
            assertNull(deploymentAdmin().getDeploymentPackage(DP_SIMULATED));
            for (Bundle bundle : this.context.getBundles()) {
                assertFalse(bundle.getSymbolicName() + " is still installed",
                        symbolicNames.contains(bundle.getSymbolicName()) || bundleIds.contains(bundle.getBundleId()));
            }
            assertEquals("services of the uninstalled bundles", List.of(), servicesRegisteredBy(bundleIds));
            for (Class<?> listenerType : List.of(ManagedService.class, ManagedServiceFactory.class,
                    ConfigurationListener.class)) {
                assertEquals(listenerType.getSimpleName() + " registrations of the uninstalled bundles", List.of(),
                        registeredBy(listenerType.getName(), bundleIds));
            }
            assertEquals("components of the uninstalled bundles", List.of(), componentsOf(symbolicNames));
            await("no driver thread left: " + threadsNamed(DRIVER_THREAD_PREFIX),
                    () -> threadsNamed(DRIVER_THREAD_PREFIX).isEmpty());
            int eventsAtUninstall = client.events();

            // The rest of the gateway is untouched.
            assertTrue(notStarted(api).isEmpty());
            assertNotNull(deploymentAdmin().getDeploymentPackage(DP_MODBUS));
            assertTrue(notStarted(deploymentAdmin().getDeploymentPackage(DP_MODBUS)).isEmpty());
            assertNotNull("the configuration stays (it is not part of the DP)",
                    configurationAdmin().listConfigurations("(kura.service.pid=" + INSTANCE + ")"));
            assertEquals("no event after the uninstall", eventsAtUninstall, client.events());

            // Installing it again brings the instance back from the same configuration.
            installBuilt(DP_SIMULATED);
            await("the driver is back from its kept configuration", () -> client.driversSeen() >= 2);
            await("events again", () -> client.events() >= eventsAtUninstall + 3);
        } finally {
            client.close();
            configuration.delete();
        }
    }

    private List<String> servicesRegisteredBy(Set<Long> bundleIds) throws InvalidSyntaxException {
        return registeredBy(null, bundleIds);
    }

    private List<String> registeredBy(String type, Set<Long> bundleIds) throws InvalidSyntaxException {
        List<String> found = new ArrayList<>();
        ServiceReference<?>[] references = this.context.getAllServiceReferences(type, null);
        if (references != null) {
            for (ServiceReference<?> reference : references) {
                Bundle owner = reference.getBundle();
                if (owner != null && bundleIds.contains(owner.getBundleId())) {
                    found.add(reference.toString());
                }
            }
        }
        return found;
    }

    private List<String> componentsOf(Set<String> symbolicNames) {
        ServiceComponentRuntime scr = awaitService(ServiceComponentRuntime.class, null);
        List<String> found = new ArrayList<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            if (symbolicNames.contains(description.bundle.symbolicName)) {
                found.add(description.name);
            }
        }
        return found;
    }
}
