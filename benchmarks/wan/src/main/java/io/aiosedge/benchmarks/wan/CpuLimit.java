package io.aiosedge.benchmarks.wan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Limits one process to a share of one CPU with a cgroup's CFS quota (cgroup v1 {@code cpu} controller or cgroup
 * v2 {@code cpu.max}; root needed): how the benchmark makes the gateway as slow as a small ARM gateway next to a
 * cloud worker, on one machine.
 */
final class CpuLimit implements AutoCloseable {

    private static final long PERIOD_MICROS = 100_000;
    private final Path group;

    private CpuLimit(Path group) {
        this.group = group;
    }

    /** Puts {@code pid} into a new cgroup limited to {@code share} of one CPU; IOException saying why it cannot. */
    static CpuLimit apply(long pid, double share) throws IOException {
        long quota = Math.max(1000, Math.round(share * PERIOD_MICROS));
        Path v1 = Path.of("/sys/fs/cgroup/cpu");
        Path v2 = Path.of("/sys/fs/cgroup");
        Path group;
        if (Files.isRegularFile(v1.resolve("cpu.cfs_quota_us"))) {
            group = v1.resolve("aios-bench-gateway");
            Files.createDirectories(group);
            Files.writeString(group.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_MICROS));
            Files.writeString(group.resolve("cpu.cfs_quota_us"), Long.toString(quota));
        } else if (Files.isRegularFile(v2.resolve("cgroup.controllers"))
                && Files.readString(v2.resolve("cgroup.controllers")).contains("cpu")) {
            group = v2.resolve("aios-bench-gateway");
            Files.createDirectories(group);
            Files.writeString(group.resolve("cpu.max"), quota + " " + PERIOD_MICROS);
        } else {
            throw new IOException("no cgroup cpu controller (neither /sys/fs/cgroup/cpu nor cgroup v2 with cpu)");
        }
        Files.writeString(group.resolve("cgroup.procs"), Long.toString(pid));
        return new CpuLimit(group);
    }

    /** Removes the group (once its process has exited; a group with processes cannot be removed). */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(group);
        } catch (IOException e) {
            System.err.println("cgroup " + group + " not removed: " + e.getMessage());
        }
    }
}
