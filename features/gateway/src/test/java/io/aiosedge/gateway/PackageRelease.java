package io.aiosedge.gateway;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * What a release of a Deployment Package looks like to DeploymentAdmin: a higher package version and new bundle
 * versions (DeploymentAdmin only replaces a bundle whose version changed). Made from a built package by rewriting
 * its manifest and each bundle's Bundle-Version.
 */
final class PackageRelease {

    private PackageRelease() {
    }

    /** Writes {@code source} as version {@code version}, every bundle version given the qualifier suffix. */
    static Path write(Path source, String version, String qualifierSuffix, Path target) throws IOException {
        Manifest manifest;
        Map<String, byte[]> bundles = new LinkedHashMap<>();
        try (JarInputStream in = new JarInputStream(Files.newInputStream(source))) {
            manifest = new Manifest(in.getManifest());
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                bundles.put(entry.getName(), in.readAllBytes());
            }
        }
        manifest.getMainAttributes().putValue("DeploymentPackage-Version", version);
        Map<String, byte[]> released = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> bundle : bundles.entrySet()) {
            Attributes section = manifest.getAttributes(bundle.getKey());
            String bundleVersion = section.getValue("Bundle-Version") + "-" + qualifierSuffix;
            section.putValue("Bundle-Version", bundleVersion);
            released.put(bundle.getKey(), withVersion(bundle.getValue(), bundleVersion));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream dp = new JarOutputStream(out, manifest)) {
            for (Map.Entry<String, byte[]> bundle : released.entrySet()) {
                dp.putNextEntry(new JarEntry(bundle.getKey()));
                dp.write(bundle.getValue());
                dp.closeEntry();
            }
        }
        return Files.write(target, out.toByteArray());
    }

    private static byte[] withVersion(byte[] bundle, String version) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(bundle))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            try (JarOutputStream jar = new JarOutputStream(out, manifest)) {
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    jar.putNextEntry(new JarEntry(entry.getName()));
                    jar.write(in.readAllBytes());
                    jar.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }
}
