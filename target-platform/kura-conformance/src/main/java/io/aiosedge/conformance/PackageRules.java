package io.aiosedge.conformance;

import java.util.List;
import java.util.Optional;

/** The manifest rules: ranges of org.eclipse.kura imports and what a bundle exports. */
final class PackageRules {

    private PackageRules() {
    }

    static void checkImports(List<ManifestHeader.Clause> imports, Findings findings) {
        checkImports(imports, KuraSupertypes.NONE, findings);
    }

    /**
     * Every org.eclipse.kura import must include Kura's version; where the bundle implements or extends a Kura
     * type, the range must also be the one bnd gives by Kura's own annotations: {@code [x.y,x.y+1)} for a package
     * with an implemented @ProviderType, {@code [x.y,x+1)} (the ceiling x+1) for one whose implemented Kura types
     * are all @ConsumerType (or unannotated).
     */
    static void checkImports(List<ManifestHeader.Clause> imports, KuraSupertypes implemented, Findings findings) {
        for (ManifestHeader.Clause clause : imports) {
            for (String packageName : clause.paths()) {
                if (KuraExports.isKuraPackage(packageName)) {
                    String range = versionAttribute(clause);
                    if (checkKuraImport(packageName, range, findings)) {
                        checkImplementerRange(packageName, range, implemented, findings);
                    }
                }
            }
        }
    }

    private static void checkImplementerRange(String packageName, String range, KuraSupertypes implemented,
            Findings findings) {
        List<String> providers = implemented.providerTypesIn(packageName);
        List<String> consumers = implemented.consumerTypesIn(packageName);
        if (providers.isEmpty() && consumers.isEmpty()) {
            return; // only used: any range that includes Kura's version
        }
        OsgiVersion exported = KuraExports.versionOf(packageName).orElseThrow();
        boolean provider = !providers.isEmpty();
        String expected = provider
                ? "[" + exported.major() + "." + exported.minor() + "," + exported.major() + "." + (exported.minor() + 1) + ")"
                : "[" + exported.major() + "." + exported.minor() + "," + (exported.major() + 1) + ")";
        VersionRange actual = range == null ? null : VersionRange.parse(range);
        OsgiVersion ceiling = provider ? new OsgiVersion(exported.major(), exported.minor() + 1, 0, "")
                : new OsgiVersion(exported.major() + 1, 0, 0, "");
        boolean conforms = actual != null && actual.ceiling() != null && !actual.ceilingIncluded()
                && actual.ceiling().equals(ceiling)
                && (!provider || (actual.floorIncluded() && actual.floor().major() == exported.major()
                        && actual.floor().minor() == exported.minor()));
        if (!conforms) {
            findings.report(KuraRule.KURA_IMPLEMENTER_RANGE, "Import-Package " + packageName
                    + (range == null ? " has no version" : ";version=\"" + range + "\"") + ": the bundle implements "
                    + String.join(", ", provider ? providers : consumers) + ", Kura "
                    + (provider ? "@ProviderType" : "@ConsumerType") + ", so by Kura's rules it imports " + expected
                    + (provider ? " (a provider breaks on a minor change of the package)"
                            : " (a consumer is safe until a major change)"));
        }
    }

    static void checkExports(List<ManifestHeader.Clause> exports, String symbolicName, Findings findings) {
        for (ManifestHeader.Clause clause : exports) {
            for (String packageName : clause.paths()) {
                if (KuraExports.isKuraPackage(packageName) && !KuraExports.mayExport(symbolicName, packageName)) {
                    findings.report(KuraRule.NO_KURA_EXPORT, "Export-Package " + packageName + " from bundle "
                            + symbolicName + ": only the Kura API stand-in (" + KuraExports.STAND_IN
                            + ") may export org.eclipse.kura packages; on a gateway org.eclipse.kura.api does");
                }
                checkExportVersion(packageName, versionAttribute(clause), findings);
            }
        }
    }

    /** True when the import includes Kura's version (so that the implementer rule can be checked on it). */
    private static boolean checkKuraImport(String packageName, String range, Findings findings) {
        Optional<OsgiVersion> exported = KuraExports.versionOf(packageName);
        if (exported.isEmpty()) {
            findings.report(KuraRule.KURA_IMPORT_RANGE, "Import-Package " + packageName
                    + " is not exported by Kura 5.5 at a known version");
            return false;
        }
        if (range == null) {
            return true; // No range means [0.0.0,∞), which includes every version.
        }
        try {
            if (!VersionRange.parse(range).includes(exported.get())) {
                findings.report(KuraRule.KURA_IMPORT_RANGE, "Import-Package " + packageName + ";version=\""
                        + range + "\" excludes " + exported.get() + ", the version Kura 5.5 exports");
                return false;
            }
            return true;
        } catch (IllegalArgumentException e) {
            findings.report(KuraRule.KURA_IMPORT_RANGE, "Import-Package " + packageName + " has version \""
                    + range + "\": " + e.getMessage() + "; expected a range including " + exported.get());
            return false;
        }
    }

    private static void checkExportVersion(String packageName, String version, Findings findings) {
        if (version == null) {
            findings.report(KuraRule.UNVERSIONED_EXPORT, "Export-Package " + packageName
                    + " has no version; declare @Version in its package-info.java");
            return;
        }
        try {
            if (OsgiVersion.parse(version).equals(OsgiVersion.ZERO)) {
                findings.report(KuraRule.UNVERSIONED_EXPORT, "Export-Package " + packageName + " has version "
                        + version + "; declare a version other than 0.0.0 with @Version in its package-info.java");
            }
        } catch (IllegalArgumentException e) {
            findings.report(KuraRule.UNVERSIONED_EXPORT, "Export-Package " + packageName + " has version \""
                    + version + "\": " + e.getMessage());
        }
    }

    /** The version attribute, or the pre-R4 specification-version some tools still write. */
    private static String versionAttribute(ManifestHeader.Clause clause) {
        String version = clause.attributes().get("version");
        return version != null ? version : clause.attributes().get("specification-version");
    }
}
