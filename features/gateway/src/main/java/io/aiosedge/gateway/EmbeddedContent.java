package io.aiosedge.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.osgi.framework.Version;

/**
 * The bundles and Deployment Packages the gateway jar carries, and a build id that changes when any of them
 * does. Read once by {@link GatewayLauncher#run()} on the launcher's thread; immutable afterwards, no lock. The
 * jar stays open for the life of the JVM, as the launcher reads entries from it until the packages are installed.
 */
final class EmbeddedContent {

    /** One embedded Deployment Package. */
    static final class Package {
        final String entry;
        final String symbolicName;
        final Version version;

        Package(String entry, String symbolicName, Version version) {
            this.entry = entry;
            this.symbolicName = symbolicName;
            this.version = version;
        }
    }

    private final JarFile jar;
    private final List<String> bundles;
    private final List<Package> packages;
    private final String buildId;

    private EmbeddedContent(JarFile jar, List<String> bundles, List<Package> packages, String buildId) {
        this.jar = jar;
        this.bundles = bundles;
        this.packages = packages;
        this.buildId = buildId;
    }

    static EmbeddedContent open() throws IOException {
        Path self;
        try {
            self = Paths.get(GatewayLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the gateway jar", e);
        }
        if (!Files.isRegularFile(self)) {
            throw new IllegalStateException("run the gateway from its jar (java -jar aiosedge-gateway.jar), not "
                    + self);
        }
        JarFile jar = new JarFile(self.toFile());
        List<String> bundles = new ArrayList<>();
        Map<String, String> packageEntries = new TreeMap<>();
        MessageDigest digest = sha256();
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
            JarEntry entry = entries.nextElement();
            String name = entry.getName();
            if (name.startsWith("bundles/") && name.endsWith(".jar")) {
                bundles.add(name);
            } else if (name.startsWith("dps/") && name.endsWith(".dp")) {
                packageEntries.put(name, name);
            } else {
                continue;
            }
            digest.update((name + ":" + entry.getSize() + ":" + entry.getCrc() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        bundles.sort(null);
        return new EmbeddedContent(jar, bundles, orderedPackages(jar, packageEntries),
                HexFormat.of().formatHex(digest.digest()));
    }

    /** The packages in the order of dps/install-order.txt, read from each package's manifest. */
    private static List<Package> orderedPackages(JarFile jar, Map<String, String> entries) throws IOException {
        Map<String, Package> byName = new HashMap<>();
        for (String entry : entries.keySet()) {
            try (InputStream in = jar.getInputStream(jar.getEntry(entry));
                    java.util.jar.JarInputStream dp = new java.util.jar.JarInputStream(in)) {
                if (dp.getManifest() == null) {
                    throw new IllegalStateException(entry + " in the gateway jar has no manifest");
                }
                String name = dp.getManifest().getMainAttributes().getValue("DeploymentPackage-SymbolicName");
                String version = dp.getManifest().getMainAttributes().getValue("DeploymentPackage-Version");
                byName.put(name, new Package(entry, name, Version.parseVersion(version)));
            }
        }
        List<Package> ordered = new ArrayList<>();
        JarEntry order = jar.getJarEntry(GatewayLauncher.DP_ORDER);
        if (order == null) {
            throw new IllegalStateException(GatewayLauncher.DP_ORDER + " is missing from the gateway jar");
        }
        try (InputStream in = jar.getInputStream(order)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                String name = line.trim();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                Package dp = byName.remove(name);
                if (dp == null) {
                    throw new IllegalStateException(GatewayLauncher.DP_ORDER + " names " + name
                            + ", which the jar does not hold");
                }
                ordered.add(dp);
            }
        }
        if (!byName.isEmpty()) {
            throw new IllegalStateException("packages " + byName.keySet() + " are not in " + GatewayLauncher.DP_ORDER);
        }
        return ordered;
    }

    List<String> bundles() {
        return this.bundles;
    }

    List<Package> packages() {
        return this.packages;
    }

    String buildId() {
        return this.buildId;
    }

    InputStream open(String entry) throws IOException {
        JarEntry found = this.jar.getJarEntry(entry);
        if (found == null) {
            throw new UncheckedIOException(new IOException(entry + " is missing from the gateway jar"));
        }
        return this.jar.getInputStream(found);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
