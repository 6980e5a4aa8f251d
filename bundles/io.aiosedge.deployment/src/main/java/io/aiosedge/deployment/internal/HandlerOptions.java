package io.aiosedge.deployment.internal;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import io.aiosedge.api.security.TrustedKeys;

/**
 * The validated configuration of a {@link DeploymentCommandHandler}. Every bad value is reported naming the
 * property and the value.
 */
final class HandlerOptions {

    /** URL schemes a configuration may allow. */
    static final Set<String> KNOWN_SCHEMES = Set.of("https", "http", "file");

    private final String handlerId;
    private final Set<String> urlSchemes;
    private final long maxDownloadBytes;
    private final int timeoutMillis;
    private final long progressIntervalMillis;
    private final TrustedKeys trustedKeys;
    private final boolean allowUnsigned;

    HandlerOptions(String handlerId, Set<String> urlSchemes, long maxDownloadBytes, int timeoutMillis,
            long progressIntervalMillis, TrustedKeys trustedKeys, boolean allowUnsigned) {
        this.trustedKeys = trustedKeys;
        this.allowUnsigned = allowUnsigned;
        this.handlerId = handlerId;
        this.urlSchemes = Collections.unmodifiableSet(new LinkedHashSet<>(urlSchemes));
        this.maxDownloadBytes = maxDownloadBytes;
        this.timeoutMillis = timeoutMillis;
        this.progressIntervalMillis = progressIntervalMillis;
    }

    /**
     * @throws IllegalArgumentException naming the first bad property and its value
     */
    static HandlerOptions from(DeploymentCommandHandler.Config config) {
        String id = config.aios_request_handler_id() == null ? "" : config.aios_request_handler_id().trim();
        if (id.isEmpty() || id.contains("/") || id.contains("+") || id.contains("#")) {
            throw bad("aios.request.handler.id", config.aios_request_handler_id(),
                    "must be one MQTT topic level (no '/', '+', '#')");
        }
        Set<String> schemes = new LinkedHashSet<>();
        for (String scheme : String.valueOf(config.url_schemes()).split(",")) {
            String normalized = scheme.trim().toLowerCase(Locale.ROOT);
            if (normalized.isEmpty()) {
                continue;
            }
            if (!KNOWN_SCHEMES.contains(normalized)) {
                throw bad("url.schemes", config.url_schemes(), "'" + scheme.trim() + "' is not one of " + KNOWN_SCHEMES);
            }
            schemes.add(normalized);
        }
        if (config.download_max_bytes() < 1024) {
            throw bad("download.max.bytes", config.download_max_bytes(), "must be at least 1024");
        }
        if (config.download_timeout_ms() < 100 || config.download_timeout_ms() > 600_000) {
            throw bad("download.timeout.ms", config.download_timeout_ms(), "must be between 100 and 600000");
        }
        if (config.progress_interval_ms() < 0) {
            throw bad("progress.interval.ms", config.progress_interval_ms(), "must not be negative");
        }
        TrustedKeys keys;
        try {
            keys = TrustedKeys.parse(config.artifacts_trusted_keys(), "artifacts.trusted.keys");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("deployment command handler: " + e.getMessage());
        }
        return new HandlerOptions(id, schemes, config.download_max_bytes(), (int) config.download_timeout_ms(),
                config.progress_interval_ms(), keys, config.deploy_allow_unsigned());
    }

    private static IllegalArgumentException bad(String property, Object value, String why) {
        return new IllegalArgumentException("deployment command handler: property '" + property + "' has bad value '"
                + value + "': " + why);
    }

    /** The command id: {@code aios/v1/<tenant>/<gateway>/commands/<id>}. */
    String handlerId() {
        return this.handlerId;
    }

    /** Lower-case URL schemes a command may name; empty: only DPs in the payload. */
    Set<String> urlSchemes() {
        return this.urlSchemes;
    }

    /** Largest package accepted, bytes. */
    long maxDownloadBytes() {
        return this.maxDownloadBytes;
    }

    /** Connect and read timeout of a download, ms. */
    int timeoutMillis() {
        return this.timeoutMillis;
    }

    /** Keys whose detached signature makes a package installable. */
    TrustedKeys trustedKeys() {
        return this.trustedKeys;
    }

    /** The explicit opt-in to installing packages without a signature. */
    boolean allowUnsigned() {
        return this.allowUnsigned;
    }

    /** Least time between two download progress notifications, ms. */
    long progressIntervalMillis() {
        return this.progressIntervalMillis;
    }
}
