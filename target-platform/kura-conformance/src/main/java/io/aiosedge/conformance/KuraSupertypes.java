package io.aiosedge.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The org.eclipse.kura types a bundle's classes implement or extend directly, by package, split into Kura's
 * {@code @ProviderType}s and the rest ({@code @ConsumerType} or unannotated): what decides the import range bnd
 * gives the package.
 */
final class KuraSupertypes {

    static final KuraSupertypes NONE = new KuraSupertypes(Map.of(), Map.of());

    /** package -> "our.Class implements kura.Type" entries. */
    private final Map<String, List<String>> providers;
    private final Map<String, List<String>> consumers;

    private KuraSupertypes(Map<String, List<String>> providers, Map<String, List<String>> consumers) {
        this.providers = providers;
        this.consumers = consumers;
    }

    /** Reads every class file of the jar; {@code malformed} gets the name of each one that does not parse. */
    static KuraSupertypes of(BundleJar jar, List<String> malformed) throws IOException {
        Map<String, List<String>> providers = new TreeMap<>();
        Map<String, List<String>> consumers = new TreeMap<>();
        for (String entry : jar.entriesUnder("", ".class")) {
            if (entry.endsWith("module-info.class") || entry.endsWith("package-info.class")) {
                continue;
            }
            List<String> supertypes;
            try (InputStream in = jar.read(entry)) {
                supertypes = ClassSupertypes.read(in);
            } catch (IOException e) {
                malformed.add(entry + ": " + e.getMessage());
                continue;
            }
            String className = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
            for (String type : supertypes) {
                if (!KuraExports.isKuraPackage(type)) {
                    continue;
                }
                String packageName = type.substring(0, type.lastIndexOf('.'));
                (KuraExports.isProviderType(type) ? providers : consumers)
                        .computeIfAbsent(packageName, p -> new ArrayList<>()).add(className + " -> " + type);
            }
        }
        return new KuraSupertypes(providers, consumers);
    }

    List<String> providerTypesIn(String packageName) {
        return providers.getOrDefault(packageName, List.of());
    }

    List<String> consumerTypesIn(String packageName) {
        return consumers.getOrDefault(packageName, List.of());
    }
}
