package io.aiosedge.itests.deploy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The built Deployment Packages (copied to {@code itests/target/dps} by the build) and variants of them that a
 * release, a broken download or a packaging mistake would produce: a new version with new bundle versions, a
 * truncated file, a manifest naming a bundle the file lacks, a package carrying another package's bundle.
 */
final class DeploymentPackageFiles {

    static final String SYMBOLIC_NAME = "DeploymentPackage-SymbolicName";
    static final String VERSION = "DeploymentPackage-Version";

    private final Path dir;
    private final Path scratch;

    /**
     * @param dir where the build copied the DPs
     * @param scratch where variants are written
     */
    DeploymentPackageFiles(Path dir, Path scratch) {
        this.dir = dir;
        this.scratch = scratch;
    }

    /** The built DP with this symbolic name. */
    Path built(String symbolicName) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(this.dir, "*.dp")) {
            for (Path file : files) {
                if (symbolicName.equals(read(file).manifest.getMainAttributes().getValue(SYMBOLIC_NAME))) {
                    return file;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + this.dir.toAbsolutePath()
                    + " (run the itests through Maven so that the DPs are copied there)", e);
        }
        throw new AssertionError("no DP " + symbolicName + " in " + this.dir.toAbsolutePath());
    }

    /** The version in a DP file's manifest. */
    static String versionOf(Path dp) {
        return read(dp).manifest.getMainAttributes().getValue(VERSION);
    }

    /** Bundle symbolic name to Bundle-Version, as the DP manifest names them. */
    static Map<String, String> bundlesOf(Path dp) {
        Map<String, String> bundles = new LinkedHashMap<>();
        for (Attributes section : read(dp).manifest.getEntries().values()) {
            bundles.put(section.getValue("Bundle-SymbolicName"), section.getValue("Bundle-Version"));
        }
        return bundles;
    }

    /**
     * A new release of {@code dp}: package version {@code dpVersion}, and every bundle's Bundle-Version (in its
     * own manifest and in the DP manifest) given the qualifier {@code bundleQualifier}, so that DeploymentAdmin
     * really updates the bundles (it skips a bundle whose version did not change).
     */
    Path newRelease(Path dp, String dpVersion, String bundleQualifier) {
        Contents contents = read(dp);
        Manifest manifest = new Manifest(contents.manifest);
        manifest.getMainAttributes().putValue(VERSION, dpVersion);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> entry : contents.entries.entrySet()) {
            Attributes section = manifest.getAttributes(entry.getKey());
            String version = withQualifier(section.getValue("Bundle-Version"), bundleQualifier);
            section.putValue("Bundle-Version", version);
            entries.put(entry.getKey(), rewriteBundleVersion(entry.getValue(), version));
        }
        return write(manifest, entries, name(dp, dpVersion));
    }

    /** The first {@code bytes} bytes of {@code dp}, as an interrupted download leaves it. */
    Path truncated(Path dp, int bytes) {
        try {
            byte[] all = Files.readAllBytes(dp);
            Path out = this.scratch.resolve("truncated-" + bytes + "-" + dp.getFileName());
            Files.createDirectories(this.scratch);
            Files.write(out, Arrays.copyOf(all, Math.min(bytes, all.length)));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code dp} whose manifest also names a bundle that the file does not contain. */
    Path namingAMissingBundle(Path dp, String missingSymbolicName) {
        Contents contents = read(dp);
        Manifest manifest = new Manifest(contents.manifest);
        Attributes section = new Attributes();
        section.putValue("Bundle-SymbolicName", missingSymbolicName);
        section.putValue("Bundle-Version", "1.0.0");
        manifest.getEntries().put(missingSymbolicName + "_1.0.0.jar", section);
        return write(manifest, contents.entries, "missing-bundle-" + dp.getFileName());
    }

    /**
     * A package named {@code symbolicName} holding the bundles of {@code dp}: installing it while {@code dp} is
     * installed asks DeploymentAdmin to let two packages own the same bundles.
     */
    Path renamed(Path dp, String symbolicName) {
        Contents contents = read(dp);
        Manifest manifest = new Manifest(contents.manifest);
        manifest.getMainAttributes().putValue(SYMBOLIC_NAME, symbolicName);
        return write(manifest, contents.entries, symbolicName + ".dp");
    }

    // ---------------------------------------------------------------- jar plumbing

    private static final class Contents {
        final Manifest manifest;
        final Map<String, byte[]> entries;

        Contents(Manifest manifest, Map<String, byte[]> entries) {
            this.manifest = manifest;
            this.entries = entries;
        }
    }

    private static Contents read(Path dp) {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(dp))) {
            Manifest manifest = in.getManifest();
            if (manifest == null) {
                throw new AssertionError(dp + " has no manifest");
            }
            Map<String, byte[]> entries = new LinkedHashMap<>();
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
            return new Contents(manifest, entries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dp, e);
        }
    }

    private Path write(Manifest manifest, Map<String, byte[]> entries, String fileName) {
        try {
            Files.createDirectories(this.scratch);
            Path out = this.scratch.resolve(fileName);
            try (OutputStream file = Files.newOutputStream(out)) {
                file.write(jar(manifest, entries));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] jar(Manifest manifest, Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new JarEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] rewriteBundleVersion(byte[] bundle, String version) {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(bundle))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            Map<String, byte[]> entries = new LinkedHashMap<>();
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
            return jar(manifest, entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 0.1.0.SNAPSHOT} with qualifier {@code v2} is {@code 0.1.0.SNAPSHOT-v2}; {@code 1.2} is {@code 1.2.0.v2}. */
    static String withQualifier(String version, String qualifier) {
        String[] parts = version.split("\\.", 4);
        String major = parts[0];
        String minor = parts.length > 1 ? parts[1] : "0";
        String micro = parts.length > 2 ? parts[2] : "0";
        String oldQualifier = parts.length > 3 ? parts[3] + "-" : "";
        return major + "." + minor + "." + micro + "." + oldQualifier + qualifier;
    }

    private static String name(Path dp, String version) {
        String file = dp.getFileName().toString();
        return file.substring(0, file.length() - ".dp".length()) + "_" + version + ".dp";
    }
}
