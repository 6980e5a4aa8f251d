package io.aiosedge.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.xml.sax.SAXException;

/**
 * Checks bundle jars against the rules an add-on must follow to run on an Eclipse Kura 5.5 gateway (see
 * {@link KuraRule}). It reads only the jar: manifest, DS component XML, metatype XML and the direct supertypes of
 * its class files.
 *
 * <p>Command line: {@code java -jar aiosedge-kura-conformance.jar <jar or folder>...} checks every jar given
 * and every {@code *.jar} directly inside a given folder, prints one line per violation and exits with 0
 * when all conform, 1 when any violates a rule, 2 on a usage or I/O error.
 */
public final class KuraConformanceChecker {

    /** Creates a checker; it holds no state, so one instance may check any number of jars. */
    public KuraConformanceChecker() {
        // Stateless.
    }

    /**
     * Checks one jar.
     *
     * @param bundleJar the jar file
     * @return the violations, empty when the jar conforms; a jar without Bundle-SymbolicName yields only
     *     {@link KuraRule#NOT_A_BUNDLE}
     * @throws IOException when the file cannot be read as a jar
     */
    public List<Violation> check(Path bundleJar) throws IOException {
        try (BundleJar jar = BundleJar.open(bundleJar)) {
            Findings findings = new Findings(jar.fileName());
            String symbolicName = jar.header("Bundle-SymbolicName");
            if (symbolicName == null || symbolicName.isBlank()) {
                findings.report(KuraRule.NOT_A_BUNDLE, "the manifest has no Bundle-SymbolicName");
                return findings.violations();
            }
            checkManifest(jar, symbolicName, findings);
            int before = findings.count(KuraRule.MALFORMED_XML);
            List<DsComponent> components = readComponents(jar, findings);
            boolean allComponentsRead = findings.count(KuraRule.MALFORMED_XML) == before;
            List<MetatypeFile> metatypes = readMetatypes(jar, findings);
            components.forEach(component -> ComponentRules.checkNamespace(component, findings));
            metatypes.forEach(file -> MetatypeRules.check(file, findings));
            ComponentRules.checkConfigurable(metatypes, components, allComponentsRead, findings);
            return findings.violations();
        }
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** The command line without {@link System#exit}: returns the exit status, writes every line to {@code out}. */
    static int run(String[] args, PrintStream out) {
        if (args.length == 0) {
            out.println("usage: KuraConformanceChecker <bundle.jar or folder of jars>...");
            return 2;
        }
        KuraConformanceChecker checker = new KuraConformanceChecker();
        int bundles = 0;
        int failing = 0;
        int violations = 0;
        List<Path> jars;
        try {
            jars = jarsIn(args);
        } catch (IOException e) {
            out.println("error: " + e.getMessage());
            return 2;
        }
        for (Path jar : jars) {
            List<Violation> found;
            try {
                found = checker.check(jar);
            } catch (IOException e) {
                out.println("error: cannot read " + jar + " as a jar: " + e.getMessage());
                return 2;
            }
            found.forEach(out::println);
            bundles++;
            failing += found.isEmpty() ? 0 : 1;
            violations += found.size();
        }
        if (violations > 0) {
            out.println(violations + " violations of Kura's rules in " + failing + " of " + bundles + " bundles");
            return 1;
        }
        out.println(bundles + " bundles conform to Kura's rules");
        return 0;
    }

    private static List<Path> jarsIn(String[] args) throws IOException {
        List<Path> jars = new ArrayList<>();
        for (String arg : args) {
            Path path = Path.of(arg);
            if (Files.isDirectory(path)) {
                try (Stream<Path> children = Files.list(path)) {
                    children.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                            .sorted()
                            .forEach(jars::add);
                }
            } else if (Files.isRegularFile(path)) {
                jars.add(path);
            } else {
                throw new IOException(arg + ": no such file or folder");
            }
        }
        return jars;
    }

    private static void checkManifest(BundleJar jar, String symbolicNameHeader, Findings findings)
            throws IOException {
        String name = symbolicName(symbolicNameHeader, findings);
        List<String> malformed = new ArrayList<>();
        KuraSupertypes implemented = KuraSupertypes.of(jar, malformed);
        malformed.forEach(entry -> findings.report(KuraRule.MALFORMED_CLASS, "class file " + entry));
        try {
            PackageRules.checkImports(ManifestHeader.parse(jar.header("Import-Package")), implemented, findings);
        } catch (IllegalArgumentException e) {
            findings.report(KuraRule.MALFORMED_MANIFEST, "Import-Package: " + e.getMessage());
        }
        try {
            PackageRules.checkExports(ManifestHeader.parse(jar.header("Export-Package")), name, findings);
        } catch (IllegalArgumentException e) {
            findings.report(KuraRule.MALFORMED_MANIFEST, "Export-Package: " + e.getMessage());
        }
    }

    /** The name without directives such as {@code singleton:=true}. */
    private static String symbolicName(String header, Findings findings) {
        try {
            List<ManifestHeader.Clause> clauses = ManifestHeader.parse(header);
            if (!clauses.isEmpty() && !clauses.get(0).paths().isEmpty()) {
                return clauses.get(0).paths().get(0);
            }
        } catch (IllegalArgumentException e) {
            findings.report(KuraRule.MALFORMED_MANIFEST, "Bundle-SymbolicName: " + e.getMessage());
        }
        return header.trim();
    }

    private static List<DsComponent> readComponents(BundleJar jar, Findings findings) throws IOException {
        List<String> files = new ArrayList<>();
        try {
            for (ManifestHeader.Clause clause : ManifestHeader.parse(jar.header("Service-Component"))) {
                for (String path : clause.paths()) {
                    List<String> matches = jar.matching(path);
                    if (matches.isEmpty() && path.indexOf('*') < 0) {
                        findings.report(KuraRule.MISSING_ENTRY, "Service-Component names " + path
                                + ", which is not in the jar");
                    }
                    matches.stream().filter(match -> !files.contains(match)).forEach(files::add);
                }
            }
        } catch (IllegalArgumentException e) {
            findings.report(KuraRule.MALFORMED_MANIFEST, "Service-Component: " + e.getMessage());
        }
        List<DsComponent> components = new ArrayList<>();
        for (String file : files) {
            try (InputStream in = jar.read(file)) {
                components.addAll(DsComponentReader.read(file, in));
            } catch (SAXException e) {
                findings.report(KuraRule.MALFORMED_XML, "DS component file " + file + " is not well-formed XML: "
                        + e.getMessage());
            }
        }
        return components;
    }

    private static List<MetatypeFile> readMetatypes(BundleJar jar, Findings findings) throws IOException {
        List<MetatypeFile> metatypes = new ArrayList<>();
        for (String file : jar.entriesUnder(MetatypeFile.FOLDER, ".xml")) {
            try (InputStream in = jar.read(file)) {
                metatypes.add(MetatypeReader.read(file, in));
            } catch (SAXException e) {
                findings.report(KuraRule.MALFORMED_XML, "metatype file " + file + " is not well-formed XML: "
                        + e.getMessage());
            }
        }
        return metatypes;
    }
}
