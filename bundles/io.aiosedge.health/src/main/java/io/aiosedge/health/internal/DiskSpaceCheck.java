package io.aiosedge.health.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.aiosedge.api.cloud.CloudLinkMonitor;

/**
 * Usable disk space where the outbox of every AIOS cloud endpoint lives
 * ({@link io.aiosedge.api.cloud.OutboxState#directory()}) and in any further folder configured. The outbox is what
 * keeps data while the broker is away; a full disk loses it.
 */
@Designate(ocd = DiskSpaceCheck.Config.class)
@Component(name = DiskSpaceCheck.PID, configurationPid = DiskSpaceCheck.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = {HealthCheck.class, ConfigurableComponent.class},
        property = {"service.pid=" + DiskSpaceCheck.PID, HealthCheck.NAME + "=AIOS outbox disk space",
                HealthCheck.TAGS + "=" + HealthChecks.TAG, HealthCheck.TAGS + "=cloud"})
public final class DiskSpaceCheck implements HealthCheck, ConfigurableComponent {

    public static final String PID = "io.aiosedge.health.DiskSpaceCheck";

    @ObjectClassDefinition(id = PID, name = "AIOS health: outbox disk space",
            description = "Health check: usable disk space in the folder of every AIOS outbox and in the folders"
                    + " listed.")
    @interface Config {
        @AttributeDefinition(name = "Free space warning (MiB)", min = "0", max = "104857600",
                description = "WARN when at most this many MiB are usable.")
        long free_warn_mib() default 500;

        @AttributeDefinition(name = "Free space critical (MiB)", min = "0", max = "104857600",
                description = "CRITICAL when at most this many MiB are usable; at most the warning limit.")
        long free_critical_mib() default 100;

        @AttributeDefinition(name = "More folders", required = false, cardinality = 16,
                description = "Folders to check besides the outboxes' (absolute paths), e.g. the data folder.")
        String[] paths() default {};
    }

    /** Usable bytes of the file store holding a folder. */
    interface FreeSpace {
        long usableBytes(Path folder) throws IOException;
    }

    record Options(Threshold freeMib, List<Path> paths) {
        static Options of(Config c) {
            Threshold.checkRange("free.warn.mib", c.free_warn_mib(), 0, 104_857_600);
            Threshold.checkRange("free.critical.mib", c.free_critical_mib(), 0, 104_857_600);
            List<Path> paths = new ArrayList<>();
            for (String p : c.paths() == null ? new String[0] : c.paths()) {
                if (p == null || p.isBlank()) {
                    continue;
                }
                Path path;
                try {
                    path = Paths.get(p.strip());
                } catch (InvalidPathException e) {
                    throw new IllegalArgumentException("paths: '" + p + "' is not a path: " + e.getMessage());
                }
                if (!path.isAbsolute()) {
                    throw new IllegalArgumentException("paths: '" + p + "' is not an absolute path");
                }
                paths.add(path);
            }
            return new Options(Threshold.below("free.mib", c.free_warn_mib(), c.free_critical_mib()),
                    List.copyOf(paths));
        }
    }

    private final Options options;
    private final FreeSpace freeSpace;
    private final CloudStatus.Monitors monitors = new CloudStatus.Monitors();
    private final CloudStatus.Source source;

    @Activate
    public DiskSpaceCheck(Config config) {
        this.options = Options.of(config);
        this.source = monitors;
        this.freeSpace = DiskSpaceCheck::usableOfNearestFolder;
    }

    /** For tests. */
    DiskSpaceCheck(Config config, CloudStatus.Source source, FreeSpace freeSpace) {
        this.options = Options.of(config);
        this.source = source;
        this.freeSpace = freeSpace;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addMonitor(CloudLinkMonitor monitor, Map<String, Object> properties) {
        monitors.add(monitor, properties);
    }

    void removeMonitor(CloudLinkMonitor monitor) {
        monitors.remove(monitor);
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        Map<Path, String> folders = new LinkedHashMap<>();
        try {
            for (CloudStatus.Endpoint endpoint : source.endpoints()) {
                if (endpoint.outbox() != null) {
                    folders.putIfAbsent(Paths.get(endpoint.outbox().directory()), "outbox of '" + endpoint.pid() + "'");
                }
            }
        } catch (IllegalStateException | InvalidPathException e) {
            log.temporarilyUnavailable("{}", e.getMessage());
        }
        options.paths().forEach(p -> folders.putIfAbsent(p, "configured folder"));
        if (folders.isEmpty()) {
            log.info("no outbox and no folder configured: nothing to check");
            return new Result(log);
        }
        folders.forEach((folder, what) -> {
            long usable;
            try {
                usable = freeSpace.usableBytes(folder);
            } catch (IOException e) {
                log.critical("{} {}: usable space unknown ({})", what, folder, e.toString());
                return;
            }
            Result.Status status = options.freeMib().judge(usable / (1024.0 * 1024.0));
            HealthChecks.log(log, status, what + " " + folder + ": " + Durations.bytes(usable) + " usable ("
                    + options.freeMib().limitOf(status) + " MiB)");
        });
        return new Result(log);
    }

    /** The usable space of the folder's file store; a folder not made yet counts as its nearest existing parent. */
    static long usableOfNearestFolder(Path folder) throws IOException {
        Path p = folder.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IOException("neither " + folder + " nor any parent exists");
        }
        return Files.getFileStore(p).getUsableSpace();
    }
}
