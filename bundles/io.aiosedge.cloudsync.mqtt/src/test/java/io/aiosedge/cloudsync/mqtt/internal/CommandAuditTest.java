package io.aiosedge.cloudsync.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandAuditTest {

    @TempDir
    Path dir;

    private static CommandAudit.Entry entry(int i) {
        return new CommandAudit.Entry(1000L + i, "ep", "config", "PUT", "job-" + i, "r" + i, "ops", "alice", "aios/v1/t/r",
                i % 2 == 0 ? "accepted" : "refused", i % 2 == 0 ? 200 : 401, i % 2 == 0 ? "" : "unsigned");
    }

    @Test
    void boundedOnDiskAndInMemoryKeepingTheLastEntriesAcrossRestarts() throws Exception {
        List<CommandAudit.Entry> heard = new ArrayList<>();
        CommandAudit audit = new CommandAudit(dir, 10, heard::add);
        for (int i = 0; i < 35; i++) {
            audit.append(entry(i));
        }
        assertThat(heard).hasSize(35);
        assertThat(audit.last(100)).hasSize(10).extracting(CommandAudit.Entry::requestId).startsWith("r25").endsWith("r34");
        assertThat(audit.last(3)).extracting(CommandAudit.Entry::requestId).containsExactly("r32", "r33", "r34");
        long lines = Files.readAllLines(dir.resolve(CommandAudit.FILE)).size()
                + Files.readAllLines(dir.resolve(CommandAudit.ROTATED)).size();
        assertThat(lines).isBetween(10L, 20L);

        CommandAudit reopened = new CommandAudit(dir, 10, e -> { });
        assertThat(reopened.last(100)).containsExactlyElementsOf(audit.last(100));
        assertThat(reopened.last(1).get(0).line()).contains("accepted").contains("config PUT job-34").contains("key=ops")
                .contains("sender=alice");
    }
}
