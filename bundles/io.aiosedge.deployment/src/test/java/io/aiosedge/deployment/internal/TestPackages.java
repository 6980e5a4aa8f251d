package io.aiosedge.deployment.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Small Deployment Packages for the tests: a DP manifest and one tiny bundle per symbolic name. */
final class TestPackages {

    private TestPackages() {
    }

    /** A DP named {@code name} at {@code version} holding one bundle per given symbolic name, all at 1.0.0. */
    static byte[] dp(String name, String version, String... bundles) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("DeploymentPackage-SymbolicName", name);
        manifest.getMainAttributes().putValue("DeploymentPackage-Version", version);
        for (String bsn : bundles) {
            Attributes section = new Attributes();
            section.putValue("Bundle-SymbolicName", bsn);
            section.putValue("Bundle-Version", "1.0.0");
            manifest.getEntries().put(bsn + ".jar", section);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            for (String bsn : bundles) {
                out.putNextEntry(new JarEntry(bsn + ".jar"));
                out.write(bundle(bsn));
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] bundle(String bsn) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", bsn);
        manifest.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            out.putNextEntry(new JarEntry("readme.txt"));
            out.write(("bundle " + bsn).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
            // Incompressible filler, so that a package is larger than the smallest size limit (1024 bytes).
            byte[] filler = new byte[2048];
            new java.util.Random(bsn.hashCode()).nextBytes(filler);
            out.putNextEntry(new JarEntry("filler.bin"));
            out.write(filler);
            out.closeEntry();
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
