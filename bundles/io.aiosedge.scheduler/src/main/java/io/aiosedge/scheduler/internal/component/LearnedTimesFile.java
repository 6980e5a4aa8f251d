package io.aiosedge.scheduler.internal.component;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.scheduler.internal.core.ExecutionHistory;

/**
 * What the cost model learned, kept in a file of the bundle's data area across restarts and updates: read once at
 * activation (a missing file is a first start; a bad one is logged and the priors are used), written now and then
 * and at deactivation through a temporary file moved over the old one, so that a crash leaves one of the two whole.
 */
final class LearnedTimesFile {

    /** Name of the file in the bundle's data area. */
    static final String NAME = "learned-times.txt";

    private static final Logger LOG = LoggerFactory.getLogger(LearnedTimesFile.class);

    private final Path file;
    private final ExecutionHistory history;

    LearnedTimesFile(Path file, ExecutionHistory history) {
        this.file = file;
        this.history = history;
    }

    void load() {
        if (!Files.exists(file)) {
            return;
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            history.read(reader);
            LOG.info("Learned times of {} (kind, node) pairs read from {}", history.size(), file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Learned times in {} not used (starting from the priors): {}", file, e.getMessage());
        }
    }

    synchronized void save() {
        if (history.size() == 0) {
            return;
        }
        Path temporary = file.resolveSibling(NAME + ".tmp");
        try {
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                history.write(writer);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Learned times not saved to {}: {}", file, e.toString());
        }
    }
}
