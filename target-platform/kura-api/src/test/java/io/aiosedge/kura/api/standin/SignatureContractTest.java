package io.aiosedge.kura.api.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.kura.type.DataType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The stand-in's binary contract: {@code javap -protected -constants} of every compiled class must equal, line
 * by line, the block for that class in {@code signatures.txt} (the listing of Kura's own classes), and every
 * class listed there must exist in the stand-in.
 */
class SignatureContractTest {

    private static final String SIGNATURES = "/signatures.txt";
    private static final Pattern HEADER = Pattern.compile("\\b(?:class|interface) ([\\w.$]+)");

    private static Map<String, List<String>> expected;
    private static Map<String, List<String>> actual;
    private static Path classesDir;

    @BeforeAll
    static void runJavap() throws IOException, URISyntaxException {
        expected = parseBlocks(readSignatures());
        classesDir = findClassesDir();
        List<String> classNames;
        try (Stream<Path> files = Files.walk(classesDir)) {
            classNames = files.filter(p -> p.toString().endsWith(".class"))
                    .filter(p -> !p.getFileName().toString().equals("package-info.class"))
                    .filter(p -> !p.getFileName().toString().equals("module-info.class"))
                    .map(p -> toClassName(classesDir.relativize(p))).sorted().collect(Collectors.toList());
        }
        assertThat(classNames).as("class files under %s", classesDir).isNotEmpty();
        actual = parseBlocks(javap(classNames));
    }

    @TestFactory
    Stream<DynamicTest> everyCompiledClassMatchesItsKuraSignature() {
        return actual.keySet().stream()
                .map(name -> DynamicTest.dynamicTest(name, () -> assertSameSignature(name, actual.get(name))));
    }

    @TestFactory
    Stream<DynamicTest> everyKuraClassExistsInTheStandIn() {
        return expected.keySet().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            if (!actual.containsKey(name)) {
                fail(name + " is listed in signatures.txt but the stand-in (" + classesDir + ") has no such class");
            }
        }));
    }

    @Test
    void theStandInHasNoClassOutsideTheContract() {
        Set<String> extra = new TreeSet<>(actual.keySet());
        extra.removeAll(expected.keySet());
        assertThat(extra).as("compiled classes that signatures.txt does not list").isEmpty();
        assertThat(actual.keySet()).as("stand-in classes").containsExactlyInAnyOrderElementsOf(expected.keySet());
    }

    @Test
    void aDriftNamesTheClassAndTheFirstDifferingMember() {
        String name = "org.eclipse.kura.type.DataType";
        List<String> drifted = new ArrayList<>(expected.get(name));
        String removed = drifted.remove(drifted.size() - 2);
        drifted.add(drifted.size() - 1, "  public static int extra();");

        assertThatThrownBy(() -> assertSameSignature(name, drifted)).hasMessageContaining(name)
                .hasMessageContaining("expected: " + removed)
                .hasMessageContaining("actual:     public static int extra();")
                .hasMessageContaining("missing members:\n  " + removed)
                .hasMessageContaining("extra members:\n    public static int extra();");
    }

    private static void assertSameSignature(String name, List<String> actualBlock) {
        List<String> expectedBlock = expected.get(name);
        if (expectedBlock == null) {
            fail(name + " is compiled into the stand-in but has no block in signatures.txt (Kura has no such class)");
        }
        if (expectedBlock.equals(actualBlock)) {
            return;
        }
        StringBuilder message = new StringBuilder("Signature of ").append(name).append(" differs from Kura's\n");
        int common = Math.min(expectedBlock.size(), actualBlock.size());
        int first = 0;
        while (first < common && expectedBlock.get(first).equals(actualBlock.get(first))) {
            first++;
        }
        message.append("first difference at line ").append(first + 1).append(" of the block:\n")
                .append("  expected: ").append(first < expectedBlock.size() ? expectedBlock.get(first) : "<end of block>")
                .append('\n')
                .append("  actual:   ").append(first < actualBlock.size() ? actualBlock.get(first) : "<end of block>")
                .append('\n');
        Set<String> missing = new LinkedHashSet<>(expectedBlock);
        missing.removeAll(actualBlock);
        Set<String> extra = new LinkedHashSet<>(actualBlock);
        extra.removeAll(expectedBlock);
        if (!missing.isEmpty()) {
            message.append("missing members:\n");
            missing.forEach(line -> message.append("  ").append(line).append('\n'));
        }
        if (!extra.isEmpty()) {
            message.append("extra members:\n");
            extra.forEach(line -> message.append("  ").append(line).append('\n'));
        }
        if (missing.isEmpty() && extra.isEmpty()) {
            message.append("same members in a different order (javac emits members in source order)\n");
        }
        fail(message.toString());
    }

    private static String readSignatures() throws IOException {
        try (InputStream in = SignatureContractTest.class.getResourceAsStream(SIGNATURES)) {
            assertThat(in).as("test resource %s", SIGNATURES).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Path findClassesDir() throws URISyntaxException {
        Path location = Paths.get(DataType.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(location)) {
            return location;
        }
        Path fallback = Paths.get("target", "classes");
        assertThat(fallback).as("classes directory (stand-in loaded from %s)", location).isDirectory();
        return fallback;
    }

    private static String toClassName(Path relative) {
        String path = relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }

    private static String javap(List<String> classNames) {
        ToolProvider javap = ToolProvider.findFirst("javap")
                .orElseThrow(() -> new AssertionError("javap is not available in-process (run the tests on a JDK)"));
        List<String> args = new ArrayList<>(List.of("-protected", "-constants", "-cp", classesDir.toString()));
        args.addAll(classNames);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc;
        try (PrintWriter outWriter = new PrintWriter(out); PrintWriter errWriter = new PrintWriter(err)) {
            rc = javap.run(outWriter, errWriter, args.toArray(new String[0]));
        }
        assertThat(rc).as("javap exit code; stderr: %s", err).isZero();
        return out.toString();
    }

    /** Splits a javap listing into blocks keyed by class name; "Compiled from" lines are dropped. */
    static Map<String, List<String>> parseBlocks(String listing) {
        Map<String, List<String>> blocks = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : listing.split("\\R")) {
            if (line.startsWith("Compiled from") || (current == null && line.isBlank())) {
                continue;
            }
            if (current == null) {
                Matcher matcher = HEADER.matcher(line);
                if (!matcher.find()) {
                    throw new AssertionError("Not a class header: " + line);
                }
                current = new ArrayList<>();
                current.add(line);
                if (blocks.put(matcher.group(1), current) != null) {
                    throw new AssertionError("Class listed twice: " + matcher.group(1));
                }
            } else {
                current.add(line);
            }
            if (line.equals("}")) {
                current = null;
            }
        }
        return blocks;
    }
}
