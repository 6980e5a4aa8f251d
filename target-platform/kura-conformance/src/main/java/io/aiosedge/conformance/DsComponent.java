package io.aiosedge.conformance;

import java.util.List;
import java.util.Map;

/**
 * What the checker needs from one DS component description.
 *
 * @param file the jar entry that declares it
 * @param namespace the component element's namespace URI, "" when it has none (DS 1.0)
 * @param name the component name
 * @param configurationPolicy the configuration-policy attribute, "optional" when absent
 * @param configurationPids the configuration PIDs, the component name when absent
 * @param provides the provided service interfaces
 * @param properties the values of each {@code <property>} element, by property name
 */
record DsComponent(String file, String namespace, String name, String configurationPolicy,
        List<String> configurationPids, List<String> provides, Map<String, List<String>> properties) {

    /** Whether this component takes its configuration from {@code pid}. */
    boolean usesPid(String pid) {
        return name.equals(pid) || configurationPids.contains(pid);
    }
}
