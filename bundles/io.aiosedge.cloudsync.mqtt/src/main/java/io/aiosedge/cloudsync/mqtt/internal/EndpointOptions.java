package io.aiosedge.cloudsync.mqtt.internal;

import java.io.File;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.kura.crypto.CryptoService;
import org.osgi.framework.BundleContext;

import io.aiosedge.api.security.TrustedKeys;
import io.aiosedge.cloudsync.mqtt.internal.ConnectionOptions.TlsOptions;
import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox;
import io.aiosedge.cloudsync.mqtt.internal.outbox.FullPolicy;
import io.aiosedge.cloudsync.mqtt.internal.wire.Topics;

/**
 * The endpoint's configuration, validated. Grouped by what a change of it costs: {@link #connection} needs a
 * reconnect, the rest is applied live.
 */
record EndpointOptions(String pid, ConnectionOptions connection, String tenant, boolean connectAuto, Path outboxDirectory,
        DurableOutbox.Limits outboxLimits, long syncIntervalMillis, long purgeAgeMillis, boolean offloadServe, String shareGroup,
        int offloadWorkers, int offloadQueueCapacity, long dedupWindowMillis, int offloadRequestPriority,
        boolean commandsEnabled, String commandsToken, CommandSecurity security) {

    /**
     * What guards the commands: trust anchors, the time window of signed commands (ms), the handlers whose GET is
     * open, the bounds of the nonce cache and the audit log, the remote config policy, and where the nonces and the
     * audit log are kept.
     */
    record CommandSecurity(TrustedKeys trustedKeys, long maxAgeMillis, long clockSkewMillis, Set<String> openHandlers,
            int nonceCacheSize, int auditMaxEntries, ConfigPolicy configPolicy, Path stateDirectory) {
    }

    /** The topic namespace of this gateway: {@code aios/v1/<tenant>/<gateway-id>}. */
    String gatewayNamespace() {
        return "aios/v1/" + tenant + "/" + connection.clientId();
    }

    String gatewayId() {
        return connection.clientId();
    }

    static EndpointOptions from(MqttCloudEndpoint.Config c, Map<String, Object> properties, CryptoService crypto,
            BundleContext context) {
        String pid = pidOf(properties);
        String tenant = c.tenant().trim();
        if (!Topics.isLevel(tenant)) {
            throw new IllegalArgumentException("tenant '" + tenant + "' must be a non-empty single topic level");
        }
        String clientId = c.client_id().trim().isEmpty() ? defaultClientId() : c.client_id().trim();
        String statusTopic = null;
        if (c.status_enabled()) {
            statusTopic = Topics.resolve(c.status_topic(),
                    Map.of("tenant", tenant, "client-id", clientId, "gateway-id", clientId), null);
        }
        ConnectionOptions connection = new ConnectionOptions(c.broker_url().trim(), clientId, c.username(),
                decrypt(c.password(), crypto, "password"),
                new TlsOptions(c.tls_truststore_path().trim(), decrypt(c.tls_truststore_password(), crypto,
                        "tls.truststore.password"), c.tls_keystore_path().trim(),
                        decrypt(c.tls_keystore_password(), crypto, "tls.keystore.password"),
                        c.tls_hostname_verification()),
                c.keep_alive_s(), c.connect_timeout_s(), c.clean_session(), c.reconnect_min_delay_ms(),
                c.reconnect_max_delay_ms(), c.inflight_window(), statusTopic);
        if (connection.usesTls()) {
            connection.socketFactory(); // a bad store fails activation now, naming the property
        }
        if (c.outbox_capacity() < 1) {
            throw new IllegalArgumentException("outbox.capacity must be >= 1, got " + c.outbox_capacity());
        }
        if (c.outbox_capacity_bytes() < DurableOutbox.MIN_CAPACITY_BYTES) {
            throw new IllegalArgumentException("outbox.capacity.bytes must be >= " + DurableOutbox.MIN_CAPACITY_BYTES
                    + ", got " + c.outbox_capacity_bytes());
        }
        DurableOutbox.Limits limits = new DurableOutbox.Limits(c.outbox_capacity(), c.outbox_capacity_bytes(),
                FullPolicy.parse(c.outbox_full_policy(), "outbox.full.policy"));
        if (c.outbox_sync_interval_ms() < 0) {
            throw new IllegalArgumentException("outbox.sync.interval.ms must be >= 0, got " + c.outbox_sync_interval_ms());
        }
        if (c.outbox_purge_age_s() < 0) {
            throw new IllegalArgumentException("outbox.purge.age.s must be >= 0, got " + c.outbox_purge_age_s());
        }
        String group = c.offload_share_group().trim();
        if (!Topics.isLevel(group)) {
            throw new IllegalArgumentException("offload.share.group '" + group + "' must be a single topic level");
        }
        if (c.offload_workers() < 1) {
            throw new IllegalArgumentException("offload.workers must be >= 1, got " + c.offload_workers());
        }
        if (c.offload_queue_capacity() < 0) {
            throw new IllegalArgumentException("offload.queue.capacity must be >= 0, got " + c.offload_queue_capacity());
        }
        if (c.offload_dedup_window_s() < 1) {
            throw new IllegalArgumentException("offload.dedup.window.s must be >= 1, got " + c.offload_dedup_window_s());
        }
        if (c.offload_request_priority() < 0) {
            throw new IllegalArgumentException("offload.request.priority must be >= 0, got " + c.offload_request_priority());
        }
        return new EndpointOptions(pid, connection, tenant, c.connect_auto(), outboxDirectory(c, pid, context),
                limits, c.outbox_sync_interval_ms(), c.outbox_purge_age_s() * 1000L,
                c.offload_serve_enabled(), group, c.offload_workers(), c.offload_queue_capacity(),
                c.offload_dedup_window_s() * 1000L, c.offload_request_priority(), c.commands_enabled(),
                decrypt(c.commands_token(), crypto, "commands.token"), security(c, pid, context,
                        outboxDirectory(c, pid, context)));
    }

    private static CommandSecurity security(MqttCloudEndpoint.Config c, String pid, BundleContext context, Path outbox) {
        TrustedKeys keys = TrustedKeys.parse(c.commands_trusted_keys(), "commands.trusted.keys");
        if (c.commands_max_age_s() < 1) {
            throw new IllegalArgumentException("commands.max.age.s must be >= 1, got " + c.commands_max_age_s());
        }
        if (c.commands_clock_skew_s() < 0) {
            throw new IllegalArgumentException("commands.clock.skew.s must be >= 0, got " + c.commands_clock_skew_s());
        }
        if (c.commands_nonce_cache_size() < 16) {
            throw new IllegalArgumentException("commands.nonce.cache.size must be >= 16, got "
                    + c.commands_nonce_cache_size());
        }
        if (c.commands_audit_max_entries() < 10) {
            throw new IllegalArgumentException("commands.audit.max.entries must be >= 10, got "
                    + c.commands_audit_max_entries());
        }
        Set<String> open = new TreeSet<>();
        for (String id : c.commands_open_handlers() == null ? new String[0] : c.commands_open_handlers()) {
            if (id != null && !id.isBlank()) {
                if (!Topics.isLevel(id.trim())) {
                    throw new IllegalArgumentException("commands.open.handlers: '" + id + "' is not a handler id"
                            + " (one topic level)");
                }
                open.add(id.trim());
            }
        }
        ConfigPolicy policy = ConfigPolicy.of(c.config_allowed_pids(), c.config_denied_properties());
        return new CommandSecurity(keys, c.commands_max_age_s() * 1000L, c.commands_clock_skew_s() * 1000L,
                Collections.unmodifiableSet(open), c.commands_nonce_cache_size(), c.commands_audit_max_entries(),
                policy, stateDirectory(pid, context, outbox));
    }

    /**
     * Where the nonces and the audit log live: under Kura's data directory when there is one (it survives reboots),
     * else the bundle's data area; outside OSGi (tests, benchmarks) inside the outbox directory.
     */
    private static Path stateDirectory(String pid, BundleContext context, Path outbox) {
        String name = "security-" + sanitize(pid);
        String kuraData = System.getProperty("kura.data");
        if (kuraData != null && !kuraData.isBlank()) {
            return Path.of(kuraData, "aiosedge-cloudsync", name);
        }
        File data = context == null ? null : context.getDataFile(name);
        return data != null ? data.toPath() : outbox.resolve("security");
    }

    /** The instance's identity: kura.service.pid (Kura), else service.pid, else a fixed name. */
    static String pidOf(Map<String, Object> properties) {
        Object pid = properties.get("kura.service.pid");
        if (pid == null) {
            pid = properties.get("service.pid");
        }
        return pid == null ? MqttCloudEndpoint.PID : pid.toString();
    }

    /** A string safe as a file or thread name part. */
    static String sanitize(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String defaultClientId() {
        try {
            String host = InetAddress.getLocalHost().getHostName();
            String id = host.replaceAll("[^A-Za-z0-9_-]", "-");
            return id.isEmpty() ? "gateway" : id;
        } catch (UnknownHostException e) {
            return "gateway";
        }
    }

    /**
     * Where the outbox lives when {@code outbox.directory} is empty: under Kura's data directory (system property
     * {@code kura.data}) when there is one, since Kura cleans the framework storage at every boot; else in the
     * bundle's data area (kept across bundle updates and restarts of a standalone framework).
     */
    private static Path outboxDirectory(MqttCloudEndpoint.Config c, String pid, BundleContext context) {
        String configured = c.outbox_directory().trim();
        if (!configured.isEmpty()) {
            return Path.of(configured);
        }
        String name = "outbox-" + sanitize(pid);
        String kuraData = System.getProperty("kura.data");
        if (kuraData != null && !kuraData.isBlank()) {
            return Path.of(kuraData, "aiosedge-cloudsync", name);
        }
        File data = context == null ? null : context.getDataFile(name);
        if (data != null) {
            return data.toPath();
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "aiosedge-cloudsync", name);
    }

    /**
     * Kura hands Password attributes over AES-encrypted: decrypt with the CryptoService when there is one
     * (a gateway), take them as they are otherwise (standalone). A value that does not decrypt fails activation.
     */
    static String decrypt(String value, CryptoService crypto, String property) {
        if (value == null || value.isEmpty() || crypto == null) {
            return value == null ? "" : value;
        }
        try {
            return new String(crypto.decryptAes(value.toCharArray()));
        } catch (Exception e) {
            throw new IllegalArgumentException(property + ": the value cannot be decrypted with the CryptoService ("
                    + e.getMessage() + ")", e);
        }
    }

    @Override
    public String toString() {
        return "EndpointOptions[" + pid + ", " + connection + ", tenant=" + tenant + ", outbox=" + outboxDirectory
                + " limits " + outboxLimits + " sync " + syncIntervalMillis + " ms purge " + purgeAgeMillis
                + " ms, offload serve=" + offloadServe + " group " + shareGroup + ", commands=" + commandsEnabled
                + " trusted keys " + security.trustedKeys().ids() + " max age " + security.maxAgeMillis()
                + " ms, open " + security.openHandlers() + ", " + security.configPolicy() + "]";
    }
}
