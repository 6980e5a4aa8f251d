package io.aiosedge.health.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Test;

import io.aiosedge.api.cloud.OutboxState;
import org.junit.jupiter.api.io.TempDir;

class DiskSpaceCheckTest {

    private static final long MIB = 1024 * 1024;

    private static DiskSpaceCheck check(Map<String, Object> config, CloudStatus.Source source,
            DiskSpaceCheck.FreeSpace free) {
        return new DiskSpaceCheck(Configs.of(DiskSpaceCheck.Config.class, config), source, free);
    }

    private static CloudStatus.Source outboxIn(String dir) {
        return () -> List.of(new CloudStatus.Endpoint("aios-endpoint",
                new OutboxState(0, 0, 0, 0, 1 << 20, 4096, 0, 0, dir)));
    }

    @Test
    void freeSpaceOfTheOutboxFolderAgainstItsLimits() {
        Map<String, Object> limits = Map.of("free_warn_mib", 500L, "free_critical_mib", 100L);
        assertThat(check(limits, outboxIn("/data/outbox"), p -> 501 * MIB).execute().getStatus())
                .isEqualTo(Result.Status.OK);
        Result warn = check(limits, outboxIn("/data/outbox"), p -> 500 * MIB).execute();
        assertThat(warn.getStatus()).isEqualTo(Result.Status.WARN);
        assertThat(Configs.text(warn)).contains("outbox of 'aios-endpoint' /data/outbox: 500.0 MiB usable");
        assertThat(check(limits, outboxIn("/data/outbox"), p -> 10 * MIB).execute().getStatus())
                .isEqualTo(Result.Status.CRITICAL);
    }

    @Test
    void configuredFoldersAreCheckedToo() {
        Result r = check(Map.of("paths", new String[] {"/var/lib/other"}), List::of,
                p -> p.toString().equals("/var/lib/other") ? 0 : 1000 * MIB).execute();
        assertThat(r.getStatus()).isEqualTo(Result.Status.CRITICAL);
        assertThat(Configs.text(r)).contains("configured folder /var/lib/other");
    }

    @Test
    void anUnreadableFileStoreIsCritical() {
        Result r = check(Map.of(), outboxIn("/data/outbox"), p -> {
            throw new IOException("no such device");
        }).execute();
        assertThat(r.getStatus()).isEqualTo(Result.Status.CRITICAL);
    }

    @Test
    void realFileStoreOfAFolderNotMadeYet(@TempDir Path dir) throws IOException {
        assertThat(DiskSpaceCheck.usableOfNearestFolder(dir.resolve("outbox/not/yet"))).isPositive();
    }

    @Test
    void badValuesAreRefused() {
        assertThatThrownBy(() -> check(Map.of("free_warn_mib", 100L, "free_critical_mib", 500L), List::of, p -> 0))
                .hasMessage("free.mib: the critical limit (500) must be at most the warning limit (100)");
        assertThatThrownBy(() -> check(Map.of("paths", new String[] {"relative/dir"}), List::of, p -> 0))
                .hasMessage("paths: 'relative/dir' is not an absolute path");
        assertThatThrownBy(() -> check(Map.of("free_critical_mib", -1L), List::of, p -> 0))
                .hasMessageStartingWith("free.critical.mib must be from 0");
    }
}
