package io.aiosedge.conformance;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Entry point for the build (exec-maven-plugin's in-process {@code java} goal): like
 * {@link KuraConformanceChecker#main(String[])}, but it fails by throwing, because calling
 * {@code System.exit} would end the Maven JVM itself.
 */
public final class BuildCheck {

    private BuildCheck() {
    }

    public static void main(String[] args) {
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(report, true, StandardCharsets.UTF_8)) {
            status = KuraConformanceChecker.run(args, out);
        }
        String text = report.toString(StandardCharsets.UTF_8);
        if (status != 0) {
            throw new IllegalStateException("Kura conformance check failed:\n" + text);
        }
        System.out.print(text);
    }
}
