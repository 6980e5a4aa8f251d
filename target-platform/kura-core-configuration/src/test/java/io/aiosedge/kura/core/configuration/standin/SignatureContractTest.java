package io.aiosedge.kura.core.configuration.standin;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.kura.core.configuration.metatype.Tad;
import org.junit.jupiter.api.Test;

/**
 * The binary contract of this stand-in, as for the API stand-in: {@code javap -protected -constants} of every
 * compiled class equals its block in {@code signatures.txt} (the listing of Kura's own classes of
 * {@code org.eclipse.kura.core.configuration.metatype}), and the two sets of classes are the same.
 */
class SignatureContractTest {

    private static final Pattern HEADER = Pattern.compile("\\b(?:class|interface) ([\\w.$]+)");

    @Test
    void everyClassMatchesItsKuraSignatureAndNoneIsMissingOrExtra() throws IOException, URISyntaxException {
        Map<String, List<String>> expected;
        try (InputStream in = SignatureContractTest.class.getResourceAsStream("/signatures.txt")) {
            assertThat(in).as("test resource /signatures.txt").isNotNull();
            expected = parseBlocks(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        Path classes = Paths.get(Tad.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(classes).as("classes directory").isDirectory();
        List<String> names;
        try (Stream<Path> files = Files.walk(classes)) {
            names = files.map(classes::relativize).map(Path::toString)
                    .filter(p -> p.endsWith(".class") && !p.endsWith("package-info.class"))
                    .map(p -> p.substring(0, p.length() - ".class".length()).replace(java.io.File.separatorChar, '.'))
                    .sorted().collect(Collectors.toList());
        }
        Map<String, List<String>> actual = parseBlocks(javap(classes, names));

        assertThat(actual.keySet()).as("compiled classes").containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Map.Entry<String, List<String>> block : expected.entrySet()) {
            assertThat(actual.get(block.getKey())).as("signature of %s", block.getKey())
                    .containsExactlyElementsOf(block.getValue());
        }
    }

    private static String javap(Path classes, List<String> names) {
        ToolProvider javap = ToolProvider.findFirst("javap")
                .orElseThrow(() -> new AssertionError("javap is not available in-process (run the tests on a JDK)"));
        List<String> args = new ArrayList<>(List.of("-protected", "-constants", "-cp", classes.toString()));
        args.addAll(names);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc;
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            rc = javap.run(o, e, args.toArray(new String[0]));
        }
        assertThat(rc).as("javap exit code; stderr: %s", err).isZero();
        return out.toString();
    }

    private static Map<String, List<String>> parseBlocks(String listing) {
        Map<String, List<String>> blocks = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : listing.split("\\R")) {
            if (line.startsWith("Compiled from") || (current == null && line.isBlank())) {
                continue;
            }
            if (current == null) {
                Matcher matcher = HEADER.matcher(line);
                assertThat(matcher.find()).as("class header: %s", line).isTrue();
                current = new ArrayList<>();
                blocks.put(matcher.group(1), current);
            }
            current.add(line);
            if (line.equals("}")) {
                current = null;
            }
        }
        return blocks;
    }
}
