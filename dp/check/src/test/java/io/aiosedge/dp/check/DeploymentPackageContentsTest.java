package io.aiosedge.dp.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Compares the built Deployment Packages with the feature lists they are made from. A DP module has its feature
 * as Maven parent, so its bundles are the feature's by construction; this check catches what the construction
 * cannot: osgi-dp silently drops a jar without Bundle-SymbolicName, a DP manifest that Felix DeploymentAdmin
 * would refuse, a bundle that two DPs claim (DeploymentAdmin refuses the second DP), the Kura API stand-in or a
 * platform bundle slipping into a DP (Kura has its own), and a feature that has no DP.
 */
class DeploymentPackageContentsTest {

    private static final String DP_PREFIX = "io.aiosedge.dp.";
    private static final String KURA_API_STAND_IN = "io.aiosedge.kura.api.standin";
    /** Stand-in of Kura's core.configuration bundle (org.eclipse.kura.core.configuration.metatype). */
    private static final String KURA_CORE_CONFIGURATION_STAND_IN = "io.aiosedge.kura.core.configuration.standin";
    /** Capability features are named aiosedge-feature-*; the other modules of features/ are runnable distributions. */
    private static final String CAPABILITY_FEATURE_PREFIX = "aiosedge-feature-";
    /** The capability feature that is not shipped as a DP: what Kura provides. */
    private static final Set<String> FEATURES_WITHOUT_DP = Set.of("aiosedge-feature-platform");
    /** DPs of architectures built only on request (-Ptensorflow-arm64). */
    private static final Pattern OPTIONAL_ARCHITECTURES = Pattern.compile("\\.linux-arm64$");
    private static final Pattern OSGI_VERSION = Pattern.compile("\\d+(\\.\\d+(\\.\\d+(\\.[\\w-]+)?)?)?");

    private static final Path DPS = dir("aios.dps.dir");
    private static final Path DP_MODULES = dir("aios.dp.modules.dir");
    private static final Path FEATURES = dir("aios.features.dir");

    /** DP symbolic name to what the built file holds. */
    private static final Map<String, BuiltPackage> BUILT = new TreeMap<>();
    /** DP symbolic name to the artifactId of its feature (the DP module's parent). */
    private static final Map<String, String> FEATURE_OF_DP = new TreeMap<>();
    /** Feature artifactId to the artifactIds it lists (artifactId = Bundle-SymbolicName in this project). */
    private static final Map<String, Set<String>> FEATURE_BUNDLES = new TreeMap<>();

    @BeforeAll
    static void readPackagesAndFeatures() throws Exception {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(DPS, "*.dp")) {
            for (Path file : files) {
                BuiltPackage dp = BuiltPackage.read(file);
                if (BUILT.put(dp.symbolicName, dp) != null) {
                    fail("two DP files with symbolic name " + dp.symbolicName + " in " + DPS);
                }
            }
        }
        for (String module : modules(DP_MODULES.resolve("pom.xml"))) {
            Document pom = parse(DP_MODULES.resolve(module).resolve("pom.xml"));
            Element parent = child(pom.getDocumentElement(), "parent");
            String parentArtifact = parent == null ? null : text(parent, "artifactId");
            if (parentArtifact != null && parentArtifact.startsWith("aiosedge-feature-")) {
                FEATURE_OF_DP.put(text(pom.getDocumentElement(), "artifactId"), parentArtifact);
            }
        }
        for (String module : modules(FEATURES.resolve("pom.xml"))) {
            Document pom = parse(FEATURES.resolve(module).resolve("pom.xml"));
            Set<String> bundles = new TreeSet<>();
            Element dependencies = child(pom.getDocumentElement(), "dependencies");
            if (dependencies != null) {
                for (Element dependency : children(dependencies, "dependency")) {
                    String type = text(dependency, "type");
                    if (type == null || "jar".equals(type)) {
                        bundles.add(text(dependency, "artifactId"));
                    }
                }
            }
            FEATURE_BUNDLES.put(text(pom.getDocumentElement(), "artifactId"), bundles);
        }
        assertThat(BUILT).as("DP files in " + DPS).isNotEmpty();
        assertThat(FEATURE_OF_DP).as("DP modules in " + DP_MODULES).isNotEmpty();
    }

    @Test
    void everyDpModuleHasABuiltPackageAndNothingElseIsThere() {
        // Per-architecture runtimes other than the build machine's are built only with their profile.
        Set<String> expected = new TreeSet<>(FEATURE_OF_DP.keySet());
        expected.removeIf(name -> OPTIONAL_ARCHITECTURES.matcher(name).find() && !BUILT.containsKey(name));
        assertThat(BUILT.keySet()).isEqualTo(expected);
    }

    @Test
    void eachPackageHoldsExactlyTheBundlesOfItsFeature() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> entry : FEATURE_OF_DP.entrySet()) {
            Set<String> expected = FEATURE_BUNDLES.get(entry.getValue());
            if (expected == null) {
                problems.add(entry.getKey() + ": feature " + entry.getValue() + " is not a module of " + FEATURES);
                continue;
            }
            BuiltPackage dp = BUILT.get(entry.getKey());
            if (dp != null && !dp.bundles.keySet().equals(expected)) {
                problems.add(entry.getKey() + " holds " + dp.bundles.keySet() + " but feature " + entry.getValue()
                        + " lists " + expected);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void manifestsAreWhatDeploymentAdminAccepts() {
        List<String> problems = new ArrayList<>();
        for (BuiltPackage dp : BUILT.values()) {
            if (!dp.symbolicName.startsWith(DP_PREFIX)) {
                problems.add(dp.file + ": symbolic name " + dp.symbolicName + " does not start with " + DP_PREFIX);
            }
            if (dp.version == null || !OSGI_VERSION.matcher(dp.version).matches()) {
                problems.add(dp.file + ": DeploymentPackage-Version '" + dp.version + "' is not an OSGi version");
            }
            problems.addAll(dp.problems);
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void noBundleIsInTwoPackages() {
        Map<String, String> owner = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (BuiltPackage dp : BUILT.values()) {
            for (String bundle : dp.bundles.keySet()) {
                String previous = owner.putIfAbsent(bundle, dp.symbolicName);
                if (previous != null && !alternativeGroup(previous).equals(alternativeGroup(dp.symbolicName))) {
                    problems.add(bundle + " is in " + previous + " and " + dp.symbolicName);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /**
     * Per-architecture variants of one package ({@code io.aiosedge.dp.tensorflow.runtime.linux-x86_64},
     * {@code ….linux-arm64}) are alternatives: a gateway installs exactly one of them, so they may share their
     * architecture-neutral bundles. Every other package is its own group.
     */
    static String alternativeGroup(String symbolicName) {
        return symbolicName.replaceFirst("\\.linux-[a-z0-9_]+$", "");
    }

    @Test
    void perArchitecturePackagesAreAlternativesOfOneAnother() {
        assertThat(alternativeGroup("io.aiosedge.dp.tensorflow.runtime.linux-x86_64"))
                .isEqualTo(alternativeGroup("io.aiosedge.dp.tensorflow.runtime.linux-arm64"))
                .isEqualTo("io.aiosedge.dp.tensorflow.runtime");
        assertThat(alternativeGroup("io.aiosedge.dp.inference")).isEqualTo("io.aiosedge.dp.inference");
    }

    @Test
    void neitherTheKuraApiStandInNorAPlatformBundleIsInAnyPackage() {
        Set<String> forbidden = new TreeSet<>(FEATURE_BUNDLES.getOrDefault("aiosedge-feature-platform", Set.of()));
        assertThat(forbidden).as("platform feature bundles").isNotEmpty();
        forbidden.add(KURA_API_STAND_IN);
        forbidden.add(KURA_CORE_CONFIGURATION_STAND_IN);
        for (BuiltPackage dp : BUILT.values()) {
            assertThat(dp.bundles.keySet()).as(dp.symbolicName).doesNotContainAnyElementsOf(forbidden);
        }
    }

    @Test
    void everyShippedFeatureHasItsPackage() {
        Set<String> withoutDp = new TreeSet<>(FEATURE_BUNDLES.keySet());
        withoutDp.removeIf(feature -> !feature.startsWith(CAPABILITY_FEATURE_PREFIX));
        withoutDp.removeAll(FEATURE_OF_DP.values());
        withoutDp.removeAll(FEATURES_WITHOUT_DP);
        assertThat(withoutDp).as("features without a DP module in " + DP_MODULES).isEmpty();
    }

    // ---------------------------------------------------------------- reading

    /** What one .dp file holds, read the way DeploymentAdmin reads it: as a stream, manifest first. */
    private static final class BuiltPackage {
        final Path file;
        final String symbolicName;
        final String version;
        /** Bundle-SymbolicName to Bundle-Version, from the DP manifest's sections. */
        final Map<String, String> bundles = new TreeMap<>();
        final List<String> problems = new ArrayList<>();

        private BuiltPackage(Path file, Manifest manifest) {
            this.file = file;
            this.symbolicName = manifest.getMainAttributes().getValue("DeploymentPackage-SymbolicName");
            this.version = manifest.getMainAttributes().getValue("DeploymentPackage-Version");
        }

        static BuiltPackage read(Path file) throws IOException {
            try (JarInputStream in = new JarInputStream(Files.newInputStream(file))) {
                Manifest manifest = in.getManifest();
                if (manifest == null) {
                    fail(file + ": no manifest as first entry (DeploymentAdmin reads the DP as a stream)");
                }
                BuiltPackage dp = new BuiltPackage(file, manifest);
                Map<String, Attributes> sections = new TreeMap<>(manifest.getEntries());
                for (Map.Entry<String, Attributes> section : sections.entrySet()) {
                    String bsn = section.getValue().getValue("Bundle-SymbolicName");
                    String version = section.getValue().getValue("Bundle-Version");
                    if (bsn == null || version == null) {
                        dp.problems.add(file + ": section " + section.getKey() + " is not a bundle (a resource needs"
                                + " a resource processor, which our DPs do not use)");
                    } else if (dp.bundles.put(bsn, version) != null) {
                        dp.problems.add(file + ": bundle " + bsn + " named twice");
                    }
                }
                Set<String> seen = new LinkedHashSet<>();
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    seen.add(entry.getName());
                    Attributes section = sections.get(entry.getName());
                    if (section == null) {
                        dp.problems.add(file + ": entry " + entry.getName() + " is not named in the manifest");
                        continue;
                    }
                    dp.checkEmbeddedBundle(entry.getName(), section, in);
                }
                for (String named : sections.keySet()) {
                    if (!seen.contains(named)) {
                        dp.problems.add(file + ": manifest names " + named + " but the DP does not contain it");
                    }
                }
                return dp;
            }
        }

        /** The section's symbolic name and version must be those of the jar itself (DeploymentAdmin checks). */
        private void checkEmbeddedBundle(String name, Attributes section, InputStream entry) throws IOException {
            JarInputStream bundle = new JarInputStream(entry);
            Manifest manifest = bundle.getManifest();
            if (manifest == null) {
                this.problems.add(this.file + ": " + name + " has no manifest");
                return;
            }
            String bsn = manifest.getMainAttributes().getValue("Bundle-SymbolicName");
            bsn = bsn == null ? null : bsn.split(";", 2)[0].trim();
            String version = manifest.getMainAttributes().getValue("Bundle-Version");
            if (!section.getValue("Bundle-SymbolicName").equals(bsn)
                    || !section.getValue("Bundle-Version").equals(version)) {
                this.problems.add(this.file + ": " + name + " is " + bsn + " " + version + " but the DP manifest says "
                        + section.getValue("Bundle-SymbolicName") + " " + section.getValue("Bundle-Version"));
            }
        }
    }

    /** Modules of an aggregator, including those its profiles add (the per-architecture runtimes). */
    private static List<String> modules(Path aggregator) throws Exception {
        List<String> modules = new ArrayList<>();
        org.w3c.dom.NodeList list = parse(aggregator).getElementsByTagName("module");
        for (int i = 0; i < list.getLength(); i++) {
            String name = list.item(i).getTextContent().trim();
            if (Files.isRegularFile(aggregator.getParent().resolve(name).resolve("pom.xml"))) {
                modules.add(name);
            }
        }
        return modules;
    }

    private static Document parse(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        return factory.newDocumentBuilder().parse(pom.toFile());
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element && name.equals(node.getNodeName())) {
                found.add((Element) node);
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        Element element = child(parent, name);
        return element == null ? null : element.getTextContent().trim();
    }

    private static Path dir(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set (run through Maven)");
        }
        return Paths.get(value).normalize();
    }
}
