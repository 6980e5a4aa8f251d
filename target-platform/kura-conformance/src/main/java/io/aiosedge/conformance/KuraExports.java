package io.aiosedge.conformance;

import java.util.Map;
import java.util.Optional;

/** The org.eclipse.kura package versions a Kura 5.5 gateway exports (shared/design/kura-api/RULES.md). */
final class KuraExports {

    static final String KURA_PACKAGE = "org.eclipse.kura";

    /** Bundle-SymbolicName of our build-time stand-in for org.eclipse.kura.api, the one allowed exporter. */
    static final String STAND_IN = "io.aiosedge.kura.api.standin";

    private static final String CLOUD_CONNECTION = "org.eclipse.kura.cloudconnection";

    private static final Map<String, OsgiVersion> VERSIONS = Map.ofEntries(
            entry("org.eclipse.kura", "1.7.0"),
            entry("org.eclipse.kura.annotation", "1.0.0"),
            entry("org.eclipse.kura.configuration", "1.2.0"),
            entry("org.eclipse.kura.configuration.metatype", "1.1.0"),
            entry("org.eclipse.kura.core.configuration.metatype", "1.0.0"),
            entry("org.eclipse.kura.driver", "1.0.0"),
            entry("org.eclipse.kura.driver.descriptor", "1.0.0"),
            entry("org.eclipse.kura.channel", "1.2.0"),
            entry("org.eclipse.kura.channel.listener", "1.0.0"),
            entry("org.eclipse.kura.type", "1.1.0"),
            entry("org.eclipse.kura.ai.inference", "1.0.0"),
            entry(CLOUD_CONNECTION, "1.0.0"),
            entry("org.eclipse.kura.message", "1.5.0"),
            entry("org.eclipse.kura.crypto", "1.3.0"),
            entry("org.eclipse.kura.data", "1.1.2"));

    private KuraExports() {
    }

    static boolean isKuraPackage(String packageName) {
        return packageName.equals(KURA_PACKAGE) || packageName.startsWith(KURA_PACKAGE + ".");
    }

    /** The version Kura 5.5 exports {@code packageName} at, or empty when it is not one we know. */
    static Optional<OsgiVersion> versionOf(String packageName) {
        OsgiVersion known = VERSIONS.get(packageName);
        if (known == null && packageName.startsWith(CLOUD_CONNECTION + ".")) {
            // Every cloudconnection sub-package is exported at the same version.
            known = VERSIONS.get(CLOUD_CONNECTION);
        }
        return Optional.ofNullable(known);
    }

    private static Map.Entry<String, OsgiVersion> entry(String packageName, String version) {
        return Map.entry(packageName, OsgiVersion.parse(version));
    }
}
