package io.aiosedge.conformance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rules on DS components: namespace version, and how configurable components meet their metatype. */
final class ComponentRules {

    static final String CONFIGURABLE_COMPONENT = "org.eclipse.kura.configuration.ConfigurableComponent";
    static final String SELF_CONFIGURING_COMPONENT = "org.eclipse.kura.configuration.SelfConfiguringComponent";

    private static final Pattern DS_NAMESPACE = Pattern.compile("http://www\\.osgi\\.org/xmlns/scr/v(.+)");
    private static final OsgiVersion NEWEST_DS = OsgiVersion.parse("1.4.0");
    /** Felix SCR's own extension namespaces, which 2.1.16 still reads. */
    private static final List<String> FELIX_NAMESPACES = List.of(
            "http://felix.apache.org/xmlns/scr/v1.1.0-felix", "http://felix.apache.org/xmlns/scr/v1.2.0-felix");

    private ComponentRules() {
    }

    static void checkNamespace(DsComponent component, Findings findings) {
        String namespace = component.namespace();
        if (namespace.isEmpty() || FELIX_NAMESPACES.contains(namespace)) {
            return; // No namespace is DS 1.0.
        }
        Matcher matcher = DS_NAMESPACE.matcher(namespace);
        String where = "component '" + component.name() + "' in " + component.file();
        if (!matcher.matches()) {
            findings.report(KuraRule.DS_NAMESPACE, where + " uses namespace " + namespace
                    + ", which is not a DS namespace, so SCR ignores it; expected http://www.osgi.org/xmlns/scr/v1.4.0");
            return;
        }
        OsgiVersion version;
        try {
            version = OsgiVersion.parse(matcher.group(1));
        } catch (IllegalArgumentException e) {
            findings.report(KuraRule.DS_NAMESPACE, where + " uses namespace " + namespace + ": " + e.getMessage());
            return;
        }
        if (version.compareTo(NEWEST_DS) > 0) {
            findings.report(KuraRule.DS_NAMESPACE, where + " uses DS namespace " + namespace
                    + "; Kura's Felix SCR 2.1.16 reads at most http://www.osgi.org/xmlns/scr/v1.4.0");
        }
    }

    /**
     * Matches every Designate to the components configured by its PID, then checks those components once
     * each.
     *
     * @param allComponentsRead false when a component file could not be read: a Designate without a
     *     component is then not reported, as its component may be in that file
     */
    static void checkConfigurable(List<MetatypeFile> metatypes, List<DsComponent> components,
            boolean allComponentsRead, Findings findings) {
        Map<DsComponent, String> configurable = new LinkedHashMap<>();
        for (MetatypeFile file : metatypes) {
            for (MetatypeFile.Designate designate : file.designates()) {
                String pid = designate.boundPid();
                if (pid == null || pid.isEmpty()) {
                    continue; // MetatypeRules reports it.
                }
                String label = "Designate " + designate.boundAttribute() + " '" + pid + "' in " + file.path();
                List<DsComponent> users = components.stream().filter(c -> c.usesPid(pid)).toList();
                if (users.isEmpty() && allComponentsRead) {
                    findings.report(KuraRule.METATYPE_NAMING, label + " matches no DS component name or"
                            + " configuration-pid; components: " + components.stream().map(DsComponent::name).toList());
                }
                for (DsComponent user : users) {
                    checkPidNaming(user, pid, findings);
                    configurable.putIfAbsent(user, label);
                }
            }
        }
        configurable.forEach((component, label) -> checkConfigurableComponent(component, label, findings));
    }

    private static void checkPidNaming(DsComponent component, String pid, Findings findings) {
        if (!component.name().equals(pid)) {
            findings.report(KuraRule.METATYPE_NAMING, "component '" + component.name() + "' in " + component.file()
                    + " takes configuration-pid '" + pid + "'; Kura requires the DS component name to equal the PID");
        }
        List<String> servicePid = component.properties().get("service.pid");
        if (servicePid != null && !servicePid.equals(List.of(pid))) {
            findings.report(KuraRule.METATYPE_NAMING, "component '" + component.name() + "' in " + component.file()
                    + " declares service.pid '" + String.join(",", servicePid) + "'; expected its metatype PID '"
                    + pid + "'");
        }
    }

    private static void checkConfigurableComponent(DsComponent component, String label, Findings findings) {
        String where = "component '" + component.name() + "' in " + component.file() + " is configurable (" + label
                + ")";
        if (!"require".equals(component.configurationPolicy())) {
            findings.report(KuraRule.CONFIGURATION_POLICY, where + " but has configuration-policy '"
                    + component.configurationPolicy() + "'; Kura needs configuration-policy=\"require\"");
        }
        if (!component.provides().contains(CONFIGURABLE_COMPONENT)
                && !component.provides().contains(SELF_CONFIGURING_COMPONENT)) {
            findings.report(KuraRule.CONFIGURABLE_SERVICE, where + " but provides " + component.provides()
                    + "; Kura's ConfigurationService tracks it only if it provides " + CONFIGURABLE_COMPONENT
                    + " or " + SELF_CONFIGURING_COMPONENT);
        }
    }
}
