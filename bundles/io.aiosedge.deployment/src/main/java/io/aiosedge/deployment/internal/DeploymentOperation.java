package io.aiosedge.deployment.internal;

import java.net.URL;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.kura.KuraErrorCode;
import org.osgi.framework.Version;
import org.osgi.service.deploymentadmin.BundleInfo;
import org.osgi.service.deploymentadmin.DeploymentPackage;

/**
 * One accepted command, run on the handler's worker thread: install (fetch, verify, inspect, hand to
 * DeploymentAdmin) or uninstall. It reports each step to a {@link Reporter}; whatever fails before DeploymentAdmin
 * runs leaves the gateway untouched, and DeploymentAdmin rolls back what it refuses.
 */
final class DeploymentOperation implements Runnable {

    /** What the operation tells the outside world. */
    interface Reporter {
        void state(DeploymentOperation operation, State state, Map<String, Object> details);
    }

    /** Steps, in order; COMPLETED and FAILED are final. */
    enum State {
        QUEUED, DOWNLOADING, VERIFYING, INSTALLING, UNINSTALLING, COMPLETED, FAILED;

        boolean isFinal() {
            return this == COMPLETED || this == FAILED;
        }
    }

    enum Kind {
        INSTALL, UNINSTALL
    }

    private final String id;
    private final String requestId;
    private final Kind kind;
    // install
    private final URL url;
    private final byte[] body;
    private final String sha256;
    private final String expectedName;
    private final Version expectedVersion;
    // uninstall
    private final String packageName;
    private final boolean force;

    private final Environment environment;

    /** What an operation runs against: the packages, the fetcher, where to put files, where to report. */
    static final class Environment {
        final GatewayPackages packages;
        final PackageFetcher fetcher;
        final Path downloads;
        final Reporter reporter;
        final long progressIntervalMillis;
        /** Set while DeploymentAdmin works for this handler, so that deactivation may cancel it. */
        volatile boolean installing;

        Environment(GatewayPackages packages, PackageFetcher fetcher, Path downloads, Reporter reporter,
                long progressIntervalMillis) {
            this.packages = packages;
            this.fetcher = fetcher;
            this.downloads = downloads;
            this.reporter = reporter;
            this.progressIntervalMillis = progressIntervalMillis;
        }
    }

    private DeploymentOperation(String id, String requestId, Kind kind, URL url, byte[] body, String sha256,
            String expectedName, Version expectedVersion, String packageName, boolean force, Environment environment) {
        this.id = id;
        this.requestId = requestId;
        this.kind = kind;
        this.url = url;
        this.body = body;
        this.sha256 = sha256;
        this.expectedName = expectedName;
        this.expectedVersion = expectedVersion;
        this.packageName = packageName;
        this.force = force;
        this.environment = environment;
    }

    /** An install from a URL ({@code body} null) or from the command's payload ({@code url} null). */
    static DeploymentOperation install(String id, String requestId, URL url, byte[] body, String sha256,
            String expectedName, Version expectedVersion, Environment environment) {
        return new DeploymentOperation(id, requestId, Kind.INSTALL, url, body, sha256, expectedName, expectedVersion,
                null, false, environment);
    }

    static DeploymentOperation uninstall(String id, String requestId, String packageName, boolean force,
            Environment environment) {
        return new DeploymentOperation(id, requestId, Kind.UNINSTALL, null, null, null, null, null, packageName, force,
                environment);
    }

    String id() {
        return this.id;
    }

    /** The cloud's request id, or null. */
    String requestId() {
        return this.requestId;
    }

    Kind kind() {
        return this.kind;
    }

    /** What the operation is about, for logs and listings: the URL, "payload" or the package name. */
    String target() {
        if (this.kind == Kind.UNINSTALL) {
            return this.packageName;
        }
        return this.url != null ? this.url.toString() : "payload (" + this.body.length + " bytes)";
    }

    @Override
    public void run() {
        try {
            if (this.kind == Kind.INSTALL) {
                runInstall();
            } else {
                runUninstall();
            }
        } catch (CommandRefused e) {
            report(State.FAILED, Map.of("message", e.getMessage(), "code", e.code().name()));
        } catch (RuntimeException e) {
            report(State.FAILED, Map.of("message", "unexpected error: " + e, "code", "INTERNAL_ERROR"));
        }
    }

    private void runInstall() throws CommandRefused {
        Path file = this.environment.downloads.resolve(this.id + ".dp");
        try {
            if (this.url != null) {
                report(State.DOWNLOADING, Map.of("url", this.url.toString(), "bytes", 0L));
                ProgressThrottle throttle = new ProgressThrottle();
                this.environment.fetcher.download(this.url, this.sha256, file, throttle::received);
            } else {
                this.environment.fetcher.store(this.body, this.sha256, file);
            }
            report(State.VERIFYING, Map.of("sha256", this.sha256));
            PackageManifest manifest = PackageManifest.read(file);
            checkExpected(manifest);
            this.environment.packages.checkInstallable(manifest);
            String previous = this.environment.packages.versionOf(manifest.symbolicName());
            report(State.INSTALLING, Map.of("dp.name", manifest.symbolicName(), "dp.version",
                    manifest.version().toString(), "previous.version", previous == null ? "" : previous));
            DeploymentPackage installed;
            this.environment.installing = true;
            try {
                installed = this.environment.packages.install(file, manifest);
            } finally {
                this.environment.installing = false;
            }
            report(State.COMPLETED, Map.of("dp.name", installed.getName(), "dp.version",
                    installed.getVersion().toString(), "previous.version", previous == null ? "" : previous,
                    "bundles", bundles(installed), "message", (previous == null ? "installed " : "upgraded from "
                            + previous + " to ") + installed.getName() + " " + installed.getVersion()));
        } finally {
            PackageFetcher.delete(file);
        }
    }

    private void checkExpected(PackageManifest manifest) throws CommandRefused {
        if (this.expectedName != null && !this.expectedName.equals(manifest.symbolicName())) {
            throw new CommandRefused(KuraErrorCode.BAD_REQUEST, "the package is "
                    + manifest.symbolicName() + ", the command expects " + this.expectedName);
        }
        if (this.expectedVersion != null && !this.expectedVersion.equals(manifest.version())) {
            throw new CommandRefused(KuraErrorCode.BAD_REQUEST, "the package " + manifest.symbolicName()
                    + " has version " + manifest.version() + ", the command expects " + this.expectedVersion);
        }
    }

    private void runUninstall() throws CommandRefused {
        DeploymentPackage dp = this.environment.packages.checkUninstallable(this.packageName, this.force);
        String version = dp.getVersion().toString();
        report(State.UNINSTALLING, Map.of("dp.name", this.packageName, "dp.version", version));
        this.environment.packages.uninstall(dp);
        report(State.COMPLETED, Map.of("dp.name", this.packageName, "dp.version", version, "message",
                "uninstalled " + this.packageName + " " + version));
    }

    private static String bundles(DeploymentPackage dp) {
        return Arrays.stream(dp.getBundleInfos())
                .map((BundleInfo info) -> info.getSymbolicName() + " " + info.getVersion())
                .collect(Collectors.joining(", "));
    }

    private void report(State state, Map<String, Object> details) {
        this.environment.reporter.state(this, state, details);
    }

    /** Reports download progress at most once per progress interval, and always the last byte. */
    private final class ProgressThrottle {
        private long lastReport = System.nanoTime();

        void received(long bytes, long total) {
            long now = System.nanoTime();
            boolean done = total >= 0 && bytes >= total;
            if (!done && (now - this.lastReport) / 1_000_000 < DeploymentOperation.this.environment.progressIntervalMillis) {
                return;
            }
            this.lastReport = now;
            Map<String, Object> details = total > 0
                    ? Map.of("url", DeploymentOperation.this.url.toString(), "bytes", bytes, "total", total,
                            "progress", (int) (bytes * 100 / total))
                    : Map.of("url", DeploymentOperation.this.url.toString(), "bytes", bytes);
            report(State.DOWNLOADING, details);
        }
    }
}
