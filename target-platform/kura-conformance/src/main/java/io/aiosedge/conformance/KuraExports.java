package io.aiosedge.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The org.eclipse.kura package versions a Kura 5.5 gateway exports (shared/design/kura-api/RULES.md). */
final class KuraExports {

    static final String KURA_PACKAGE = "org.eclipse.kura";

    /** Bundle-SymbolicName of our build-time stand-in for org.eclipse.kura.api, the one allowed exporter. */
    static final String STAND_IN = "io.aiosedge.kura.api.standin";

    /** Stand-in of Kura's core.configuration bundle: it may export this one package (its only one). */
    static final String CORE_CONFIGURATION_STAND_IN = "io.aiosedge.kura.core.configuration.standin";
    static final String CORE_CONFIGURATION_METATYPE = "org.eclipse.kura.core.configuration.metatype";

    /** Kura's @ProviderType types (kura-provider-types.txt, read from Kura 5.4.1's API jar). */
    private static final Set<String> PROVIDER_TYPES = readProviderTypes();

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
            entry("org.eclipse.kura.data", "1.1.2"),
            entry("org.eclipse.kura.connection.listener", "1.0.0"),
            entry("org.eclipse.kura.asset", "1.0.0"),
            entry("org.eclipse.kura.message.store", "1.0.0"),
            entry("org.eclipse.kura.message.store.provider", "1.0.0"),
            entry("org.eclipse.kura.wire", "2.0.0"),
            entry("org.eclipse.kura.wire.graph", "1.0.0"),
            entry("org.eclipse.kura.wire.multiport", "1.0.0"),
            entry("org.eclipse.kura.wire.store.provider", "1.0.0"));

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

    /** Whether {@code packageName} may be exported by the bundle {@code symbolicName}. */
    static boolean mayExport(String symbolicName, String packageName) {
        return STAND_IN.equals(symbolicName)
                || (CORE_CONFIGURATION_STAND_IN.equals(symbolicName) && CORE_CONFIGURATION_METATYPE.equals(packageName));
    }

    /** Whether the Kura type (binary name with dots) is annotated {@code @ProviderType} in Kura's API. */
    static boolean isProviderType(String typeName) {
        return PROVIDER_TYPES.contains(typeName);
    }

    private static Set<String> readProviderTypes() {
        try (InputStream in = KuraExports.class.getResourceAsStream("kura-provider-types.txt")) {
            if (in == null) {
                throw new IllegalStateException("kura-provider-types.txt is missing from the checker's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map.Entry<String, OsgiVersion> entry(String packageName, String version) {
        return Map.entry(packageName, OsgiVersion.parse(version));
    }
}
