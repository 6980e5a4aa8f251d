package io.aiosedge.inference.tensorflow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.aiosedge.testsupport.FuzzSummary;

/**
 * Model archives as a {@code models} command delivers them, unpacked by {@link ModelArchive#unzip} (the kept inputs
 * start the fuzzer from a SavedModel, zip-slip entries, an absolute path, a symlink entry, a small bomb and
 * clashing names). Limits of 1 MiB and 100 entries, so that small inputs reach them. Whatever the bytes: nothing is
 * written outside the target folder, no symlink is created, the unpacked size stays within the limit, and the only
 * refusal is an IOException (what the engine turns into "not a SavedModel package" and cleans up after).
 */
class ModelArchiveFuzzTest {

    private static final ModelArchive.Limits LIMITS = new ModelArchive.Limits(1 << 20, 100);
    private static final FuzzSummary SUMMARY = new FuzzSummary("inference: model archives (ModelArchive.unzip)");
    private static final Path DIR;

    static {
        try {
            Path base = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm")
                    : Path.of(System.getProperty("java.io.tmpdir"));
            DIR = Files.createTempDirectory(base, "aios-model-fuzz");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest
    void unzip(byte[] archive) throws Exception {
        Path zip = DIR.resolve("model.zip");
        Files.write(zip, archive);
        Path parent = DIR.resolve("cloud").resolve("m");
        Path target = parent.resolve("unpacked");
        String outcome;
        try {
            ModelArchive.unzip(zip, target, LIMITS);
            outcome = "unpacked";
        } catch (IOException refused) {
            // Reported, not failed on (the installer is another module's work): some truncated archives are refused
            // with a JDK exception that has no message, so the command's reply says "...: null".
            outcome = refused.getMessage() == null ? "refused without a message: " + refused.getClass().getSimpleName()
                    + " at " + refused.getStackTrace()[0] : "refused";
        }
        assertThat(list(DIR)).as("what lies next to the target").isSubsetOf("model.zip", "cloud");
        assertThat(list(DIR.resolve("cloud"))).isSubsetOf("m");
        assertThat(list(parent)).isSubsetOf("unpacked");
        long total = 0;
        if (Files.exists(target)) {
            try (Stream<Path> paths = Files.walk(target)) {
                for (Path p : paths.collect(Collectors.toList())) {
                    assertThat(Files.isSymbolicLink(p)).as("symlink " + p).isFalse();
                    assertThat(p.toAbsolutePath().normalize().startsWith(target.toAbsolutePath())).isTrue();
                    if (Files.isRegularFile(p)) {
                        total += Files.size(p);
                    }
                }
            }
        }
        assertThat(total).isLessThanOrEqualTo(LIMITS.maxUnpackedBytes());
        ModelArchive.deleteTree(DIR.resolve("cloud"));
        SUMMARY.count(outcome);
    }

    private static List<String> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(p -> p.getFileName().toString()).collect(Collectors.toList());
        }
    }

    @AfterAll
    static void summary() throws Exception {
        SUMMARY.write();
        ModelArchive.deleteTree(DIR);
    }
}
