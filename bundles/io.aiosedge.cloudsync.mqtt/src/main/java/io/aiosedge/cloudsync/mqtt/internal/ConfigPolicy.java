package io.aiosedge.cloudsync.mqtt.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which configurations a remote {@code config} PUT may change (properties {@code config.allowed.pids} and
 * {@code config.denied.properties} of the endpoint). A PID pattern is matched against the configuration's
 * {@code service.pid}, {@code kura.service.pid} and {@code service.factoryPid}; a property entry is
 * {@code <property pattern>} or {@code <pid pattern>:<property pattern>}. Patterns are case-insensitive, {@code *}
 * stands for any characters.
 *
 * <p>Whatever the configuration says, the command and policy settings of an MQTT endpoint ({@code commands.*},
 * {@code config.*} of {@value MqttCloudEndpoint#PID} configurations) are never changeable remotely: otherwise a
 * permitted change could widen the policy or swap the trust anchors.
 */
final class ConfigPolicy {

    static final String ALLOWED_PIDS = "config.allowed.pids";
    static final String DENIED_PROPERTIES = "config.denied.properties";

    /** Defaults: our own components only. */
    static final String[] DEFAULT_ALLOWED_PIDS = {"io.aiosedge.*"};
    /**
     * Defaults: credentials and key material of any component, trust anchors and opt-ins to unsigned code, and the
     * locality of jobs (the edge-only guarantee).
     */
    static final String[] DEFAULT_DENIED_PROPERTIES = {"*password*", "*secret*", "*token*", "*key*", "*credential*",
            "*.trusted.*", "*allow.unsigned*", "*locality*"};

    private static final List<String> ENDPOINT_PROTECTED = List.of("commands.*", "config.*");

    private final List<Rule> allowedPids;
    private final List<Rule> denied;

    private record Rule(String text, Pattern pid, Pattern property) {
    }

    private ConfigPolicy(List<Rule> allowedPids, List<Rule> denied) {
        this.allowedPids = allowedPids;
        this.denied = denied;
    }

    /** @throws IllegalArgumentException naming the property and the bad entry */
    static ConfigPolicy of(String[] allowedPids, String[] deniedProperties) {
        List<Rule> allowed = new ArrayList<>();
        for (String entry : allowedPids == null ? new String[0] : allowedPids) {
            String e = entry == null ? "" : entry.trim();
            if (!e.isEmpty()) {
                allowed.add(new Rule(e, glob(e), null));
            }
        }
        List<Rule> denied = new ArrayList<>();
        for (String entry : deniedProperties == null ? new String[0] : deniedProperties) {
            String e = entry == null ? "" : entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int colon = e.lastIndexOf(':');
            if (colon == 0 || colon == e.length() - 1) {
                throw new IllegalArgumentException(DENIED_PROPERTIES + ": entry '" + e
                        + "' must be <property pattern> or <pid pattern>:<property pattern>");
            }
            denied.add(colon < 0 ? new Rule(e, null, glob(e))
                    : new Rule(e, glob(e.substring(0, colon)), glob(e.substring(colon + 1))));
        }
        return new ConfigPolicy(List.copyOf(allowed), List.copyOf(denied));
    }

    static ConfigPolicy defaults() {
        return of(DEFAULT_ALLOWED_PIDS, DEFAULT_DENIED_PROPERTIES);
    }

    /**
     * Why a configuration identified by {@code pids} (its service.pid, kura.service.pid and factory pid, nulls
     * allowed) may not have {@code property} changed remotely, or null when it may.
     */
    String refusal(Collection<String> pids, String property) {
        boolean allowed = false;
        for (Rule rule : this.allowedPids) {
            allowed |= matchesAny(rule.pid, pids);
        }
        if (!allowed) {
            return "configuration " + pids.stream().filter(p -> p != null).distinct().toList()
                    + " is not in " + ALLOWED_PIDS + " " + texts(this.allowedPids);
        }
        if (matchesAny(glob(MqttCloudEndpoint.PID), pids)) {
            for (String p : ENDPOINT_PROTECTED) {
                if (glob(p).matcher(property).matches()) {
                    return "property '" + property + "' of an MQTT endpoint (command security and the config policy)"
                            + " is never changeable remotely";
                }
            }
        }
        for (Rule rule : this.denied) {
            if (rule.property.matcher(property).matches() && (rule.pid == null || matchesAny(rule.pid, pids))) {
                return "property '" + property + "' is denied by '" + rule.text + "' in " + DENIED_PROPERTIES;
            }
        }
        return null;
    }

    private static boolean matchesAny(Pattern pattern, Collection<String> values) {
        for (String v : values) {
            if (v != null && pattern.matcher(v).matches()) {
                return true;
            }
        }
        return false;
    }

    private static List<String> texts(List<Rule> rules) {
        return rules.stream().map(Rule::text).toList();
    }

    private static Pattern glob(String glob) {
        String[] parts = glob.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            if (!parts[i].isEmpty()) {
                regex.append(Pattern.quote(parts[i]));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }

    @Override
    public String toString() {
        return "ConfigPolicy[allowed " + texts(this.allowedPids) + ", denied " + texts(this.denied) + "]";
    }
}
