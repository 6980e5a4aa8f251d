package io.aiosedge.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one fuzz target saw (the fuzz targets of every module share this class): executions by outcome ("ok" or
 * the documented refusal). Printed after the run and, in the bounded fuzz run of {@code mvn verify}, appended to
 * {@code target/fuzz/summary.txt} (property {@code aios.fuzz.summary}).
 */
public final class FuzzSummary {

    private final String target;
    private final Map<String, Long> outcomes = new TreeMap<>();
    private long executions;

    public FuzzSummary(String target) {
        this.target = target;
    }

    public synchronized void count(String outcome) {
        this.executions++;
        this.outcomes.merge(outcome, 1L, Long::sum);
    }

    public synchronized void write() throws IOException {
        String line = this.target + ": " + this.executions + " executions " + this.outcomes;
        System.out.println("[fuzz] " + line);
        String file = System.getProperty("aios.fuzz.summary");
        if (file != null && this.executions > 0) {
            Path path = Path.of(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }
}
