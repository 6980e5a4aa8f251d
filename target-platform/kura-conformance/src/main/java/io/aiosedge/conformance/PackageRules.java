package io.aiosedge.conformance;

import java.util.List;
import java.util.Optional;

/** The manifest rules: ranges of org.eclipse.kura imports and what a bundle exports. */
final class PackageRules {

    private PackageRules() {
    }

    static void checkImports(List<ManifestHeader.Clause> imports, Findings findings) {
        for (ManifestHeader.Clause clause : imports) {
            for (String packageName : clause.paths()) {
                if (KuraExports.isKuraPackage(packageName)) {
                    checkKuraImport(packageName, versionAttribute(clause), findings);
                }
            }
        }
    }

    static void checkExports(List<ManifestHeader.Clause> exports, String symbolicName, Findings findings) {
        for (ManifestHeader.Clause clause : exports) {
            for (String packageName : clause.paths()) {
                if (KuraExports.isKuraPackage(packageName) && !KuraExports.STAND_IN.equals(symbolicName)) {
                    findings.report(KuraRule.NO_KURA_EXPORT, "Export-Package " + packageName + " from bundle "
                            + symbolicName + ": only the Kura API stand-in (" + KuraExports.STAND_IN
                            + ") may export org.eclipse.kura packages; on a gateway org.eclipse.kura.api does");
                }
                checkExportVersion(packageName, versionAttribute(clause), findings);
            }
        }
    }

    private static void checkKuraImport(String packageName, String range, Findings findings) {
        Optional<OsgiVersion> exported = KuraExports.versionOf(packageName);
        if (exported.isEmpty()) {
            findings.report(KuraRule.KURA_IMPORT_RANGE, "Import-Package " + packageName
                    + " is not exported by Kura 5.5 at a known version");
            return;
        }
        if (range == null) {
            return; // No range means [0.0.0,∞), which includes every version.
        }
        try {
            if (!VersionRange.parse(range).includes(exported.get())) {
                findings.report(KuraRule.KURA_IMPORT_RANGE, "Import-Package " + packageName + ";version=\""
                        + range + "\" excludes " + exported.get() + ", the version Kura 5.5 exports");
            }
        } catch (IllegalArgumentException e) {
            findings.report(KuraRule.KURA_IMPORT_RANGE, "Import-Package " + packageName + " has version \""
                    + range + "\": " + e.getMessage() + "; expected a range including " + exported.get());
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
