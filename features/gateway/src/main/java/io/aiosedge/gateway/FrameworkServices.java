package io.aiosedge.gateway;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

/**
 * The services the launcher uses from outside the framework — ConfigurationAdmin, DeploymentAdmin,
 * ServiceComponentRuntime — called through their interfaces as the providing bundle loaded them. The launcher's
 * class path has only the framework; exporting the service APIs from the system bundle instead would let bundles
 * wire to two copies of them.
 */
final class FrameworkServices {

    static final String CONFIGURATION_ADMIN = "org.osgi.service.cm.ConfigurationAdmin";
    static final String DEPLOYMENT_ADMIN = "org.osgi.service.deploymentadmin.DeploymentAdmin";
    static final String SERVICE_COMPONENT_RUNTIME = "org.osgi.service.component.runtime.ServiceComponentRuntime";

    private final BundleContext context;

    FrameworkServices(BundleContext context) {
        this.context = context;
    }

    /** Waits up to {@code timeoutMillis} for a service, returning it or null. */
    Object await(String type, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            ServiceReference<?> reference = this.context.getServiceReference(type);
            if (reference != null) {
                Object service = this.context.getService(reference);
                if (service != null) {
                    return service;
                }
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
            Thread.sleep(10);
        }
    }

    // ------------------------------------------------------------------ ConfigurationAdmin

    /** Whether ConfigAdmin holds a configuration for the singleton PID. */
    boolean hasConfiguration(Object configurationAdmin, String pid) throws Exception {
        return list(configurationAdmin, "(service.pid=" + pid + ")").length > 0;
    }

    /** Whether ConfigAdmin holds a factory configuration with this kura.service.pid. */
    boolean hasFactoryConfiguration(Object configurationAdmin, String factoryPid, String instance) throws Exception {
        return list(configurationAdmin, "(&(service.factoryPid=" + factoryPid + ")(kura.service.pid=" + instance + "))")
                .length > 0;
    }

    /** Creates or replaces the singleton PID's configuration (location "?": any bundle may use it). */
    void updateConfiguration(Object configurationAdmin, String pid, Dictionary<String, Object> properties)
            throws Exception {
        Object configuration = call(configurationAdmin, CONFIGURATION_ADMIN, "getConfiguration",
                new Class<?>[] {String.class, String.class}, pid, "?");
        call(configuration, "org.osgi.service.cm.Configuration", "update", new Class<?>[] {Dictionary.class},
                properties);
    }

    /** Creates or replaces the factory instance with this kura.service.pid. */
    void updateFactoryConfiguration(Object configurationAdmin, String factoryPid, String instance,
            Dictionary<String, Object> properties) throws Exception {
        Object[] existing = list(configurationAdmin,
                "(&(service.factoryPid=" + factoryPid + ")(kura.service.pid=" + instance + "))");
        Object configuration = existing.length > 0 ? existing[0]
                : call(configurationAdmin, CONFIGURATION_ADMIN, "createFactoryConfiguration",
                        new Class<?>[] {String.class, String.class}, factoryPid, "?");
        call(configuration, "org.osgi.service.cm.Configuration", "update", new Class<?>[] {Dictionary.class},
                properties);
    }

    private Object[] list(Object configurationAdmin, String filter) throws Exception {
        Object found = call(configurationAdmin, CONFIGURATION_ADMIN, "listConfigurations",
                new Class<?>[] {String.class}, filter);
        return found == null ? new Object[0] : (Object[]) found;
    }

    // ------------------------------------------------------------------ DeploymentAdmin

    /** The installed version of a Deployment Package, or null. */
    Version installedVersion(Object deploymentAdmin, String symbolicName) throws Exception {
        Object dp = call(deploymentAdmin, DEPLOYMENT_ADMIN, "getDeploymentPackage", new Class<?>[] {String.class},
                symbolicName);
        return dp == null ? null
                : (Version) call(dp, "org.osgi.service.deploymentadmin.DeploymentPackage", "getVersion",
                        new Class<?>[0]);
    }

    /** Installs or upgrades a Deployment Package; DeploymentAdmin's refusal is rethrown as it is. */
    void install(Object deploymentAdmin, InputStream in) throws Exception {
        call(deploymentAdmin, DEPLOYMENT_ADMIN, "installDeploymentPackage", new Class<?>[] {InputStream.class}, in);
    }

    // ------------------------------------------------------------------ ServiceComponentRuntime

    /** A DS component configuration of one of our bundles. */
    static final class ComponentState {
        static final int UNSATISFIED_CONFIGURATION = 1;
        static final int UNSATISFIED_REFERENCE = 2;
        static final int SATISFIED = 4;
        static final int ACTIVE = 8;
        static final int FAILED_ACTIVATION = 16;

        final String bundle;
        final String component;
        final int state;
        final String pid;
        final String kuraServicePid;
        final String problem;

        ComponentState(String bundle, String component, int state, String pid, String kuraServicePid,
                String problem) {
            this.bundle = bundle;
            this.component = component;
            this.state = state;
            this.pid = pid;
            this.kuraServicePid = kuraServicePid;
            this.problem = problem;
        }

        boolean isUp() {
            return this.state == ACTIVE || this.state == SATISFIED;
        }
    }

    /** Every component configuration of the bundles whose symbolic name starts with {@code prefix}. */
    List<ComponentState> components(Object scr, String prefix) throws Exception {
        List<ComponentState> states = new ArrayList<>();
        Collection<?> descriptions = (Collection<?>) call(scr, SERVICE_COMPONENT_RUNTIME,
                "getComponentDescriptionDTOs", new Class<?>[] {Bundle[].class}, (Object) new Bundle[0]);
        Class<?> descriptionType = scr.getClass().getClassLoader()
                .loadClass("org.osgi.service.component.runtime.dto.ComponentDescriptionDTO");
        for (Object description : descriptions) {
            Object bundle = description.getClass().getField("bundle").get(description);
            String bsn = (String) bundle.getClass().getField("symbolicName").get(bundle);
            if (bsn == null || !bsn.startsWith(prefix)) {
                continue;
            }
            String name = (String) description.getClass().getField("name").get(description);
            Collection<?> configurations = (Collection<?>) call(scr, SERVICE_COMPONENT_RUNTIME,
                    "getComponentConfigurationDTOs", new Class<?>[] {descriptionType}, description);
            for (Object configuration : configurations) {
                int state = configuration.getClass().getField("state").getInt(configuration);
                Map<?, ?> properties = (Map<?, ?>) configuration.getClass().getField("properties").get(configuration);
                Object pid = properties.get("service.factoryPid") != null ? properties.get("service.factoryPid")
                        : properties.get("service.pid");
                Object kuraPid = properties.get("kura.service.pid");
                states.add(new ComponentState(bsn, name, state, first(pid), first(kuraPid),
                        problem(configuration, state)));
            }
        }
        return states;
    }

    /** A property value as a String: SCR gives a component with several configuration PIDs an array. */
    private static String first(Object value) {
        if (value instanceof Object[]) {
            Object[] values = (Object[]) value;
            return values.length == 0 ? null : String.valueOf(values[values.length - 1]);
        }
        if (value instanceof Collection) {
            Collection<?> values = (Collection<?>) value;
            return values.isEmpty() ? null : String.valueOf(values.toArray()[values.size() - 1]);
        }
        return value == null ? null : value.toString();
    }

    private static String problem(Object configuration, int state) throws Exception {
        if (state == ComponentState.FAILED_ACTIVATION) {
            Object failure = configuration.getClass().getField("failure").get(configuration);
            String text = failure == null ? "activation failed" : failure.toString();
            int lineEnd = text.indexOf('\n');
            return lineEnd > 0 ? text.substring(0, lineEnd) : text;
        }
        if (state == ComponentState.UNSATISFIED_REFERENCE) {
            List<String> missing = new ArrayList<>();
            for (Object reference : (Object[]) configuration.getClass().getField("unsatisfiedReferences")
                    .get(configuration)) {
                missing.add(reference.getClass().getField("name").get(reference) + " "
                        + reference.getClass().getField("target").get(reference));
            }
            return "waiting for " + missing;
        }
        return null;
    }

    // ------------------------------------------------------------------ plumbing

    /** Calls {@code method} of interface {@code type} (as {@code target}'s bundle sees it) on {@code target}. */
    private static Object call(Object target, String type, String method, Class<?>[] parameters, Object... arguments)
            throws Exception {
        Class<?> api = target.getClass().getClassLoader().loadClass(type);
        Method m = api.getMethod(method, parameters);
        try {
            return m.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw e;
        }
    }
}
