package io.aiosedge.deployment.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.eclipse.kura.KuraErrorCode;
import org.osgi.framework.Version;

/**
 * The manifest of a Deployment Package file: its symbolic name, version and the bundles it names. Read before
 * DeploymentAdmin sees the file, so that a command can be refused for what it would install.
 */
final class PackageManifest {

    private final String symbolicName;
    private final Version version;
    private final Map<String, Version> bundles;

    PackageManifest(String symbolicName, Version version, Map<String, Version> bundles) {
        this.symbolicName = symbolicName;
        this.version = version;
        this.bundles = Collections.unmodifiableMap(new LinkedHashMap<>(bundles));
    }

    /** Largest manifest read: a DP's manifest names its bundles and resources, a few KiB. */
    static final int MAX_MANIFEST_BYTES = 1 << 20;

    /**
     * @throws CommandRefused when the file is no Deployment Package (no manifest first, no symbolic name or
     *         version, a bundle section without symbolic name or version, a manifest larger than
     *         {@value #MAX_MANIFEST_BYTES} bytes unpacked, or bytes that are not a jar at all)
     */
    static PackageManifest read(Path file) throws CommandRefused {
        // The manifest is read here rather than by JarInputStream, which unpacks it whole into memory (a small file
        // whose manifest inflates to gigabytes) and throws IllegalArgumentException on a malformed entry name.
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry entry = zip.getNextEntry();
            if (entry != null && entry.getName().equalsIgnoreCase("META-INF/")) {
                entry = zip.getNextEntry();
            }
            if (entry == null || !entry.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                throw notADp("it has no manifest as first entry");
            }
            byte[] bytes = zip.readNBytes(MAX_MANIFEST_BYTES + 1);
            if (bytes.length > MAX_MANIFEST_BYTES) {
                throw notADp("its manifest unpacks to more than " + MAX_MANIFEST_BYTES + " bytes");
            }
            Manifest manifest = new Manifest(new ByteArrayInputStream(bytes));
            String name = manifest.getMainAttributes().getValue("DeploymentPackage-SymbolicName");
            String version = manifest.getMainAttributes().getValue("DeploymentPackage-Version");
            if (name == null || name.isBlank()) {
                throw notADp("its manifest has no DeploymentPackage-SymbolicName");
            }
            Version parsed = parse(version, "DeploymentPackage-Version");
            Map<String, Version> bundles = new LinkedHashMap<>();
            for (Map.Entry<String, Attributes> section : manifest.getEntries().entrySet()) {
                String bsn = section.getValue().getValue("Bundle-SymbolicName");
                if (bsn == null) {
                    continue; // a resource for a resource processor, not a bundle
                }
                bundles.put(bsn.split(";", 2)[0].trim(), parse(section.getValue().getValue("Bundle-Version"),
                        "Bundle-Version of " + section.getKey()));
            }
            return new PackageManifest(name.trim(), parsed, bundles);
        } catch (IOException | RuntimeException e) {
            throw notADp("it cannot be read as a jar (" + e.getMessage() + ")");
        }
    }

    private static Version parse(String value, String header) throws CommandRefused {
        if (value == null || value.isBlank()) {
            throw notADp("its manifest has no " + header);
        }
        try {
            return Version.parseVersion(value.trim());
        } catch (IllegalArgumentException e) {
            throw notADp(header + " '" + value + "' is not an OSGi version");
        }
    }

    private static CommandRefused notADp(String why) {
        return new CommandRefused(KuraErrorCode.BAD_REQUEST, "not a Deployment Package: " + why);
    }

    String symbolicName() {
        return this.symbolicName;
    }

    Version version() {
        return this.version;
    }

    /** Bundle symbolic name to version, in manifest order. */
    Map<String, Version> bundles() {
        return this.bundles;
    }
}
