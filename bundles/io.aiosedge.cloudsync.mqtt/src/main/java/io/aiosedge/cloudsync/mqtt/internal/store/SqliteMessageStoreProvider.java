package io.aiosedge.cloudsync.mqtt.internal.store;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArraySet;

import org.eclipse.kura.KuraStoreException;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.connection.listener.ConnectionListener;
import org.eclipse.kura.message.store.provider.MessageStore;
import org.eclipse.kura.message.store.provider.MessageStoreProvider;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud-sync bundle's SQLite store offered to Kura as a {@link MessageStoreProvider}: Kura's DataService uses it
 * when its {@code store.db.service.pid} names this instance's {@code kura.service.pid}. Each
 * {@link #openMessageStore name} is a table of one database ({@code messages.db}) in {@code store.directory}, opened
 * with the outbox's settings ({@link SqliteDatabase}) and kept by this instance from activation to deactivation; see
 * {@link SqliteMessageStore} for the semantics. Deactivation tells the listeners {@code disconnected()} (Kura's
 * DataService then closes its store and reopens it on the next provider), then closes the database. Immediate: the
 * database opens (and a bad directory fails) when the configuration arrives, not at first use, and stays open while
 * no client holds the service.
 */
@Component(name = SqliteMessageStoreProvider.PID, configurationPid = SqliteMessageStoreProvider.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {MessageStoreProvider.class, ConfigurableComponent.class},
        property = "service.pid=" + SqliteMessageStoreProvider.PID)
@Designate(ocd = SqliteMessageStoreProvider.Config.class, factory = true)
public class SqliteMessageStoreProvider implements MessageStoreProvider, ConfigurableComponent {

    public static final String PID = "io.aiosedge.cloudsync.mqtt.MessageStore";

    @ObjectClassDefinition(id = PID, name = "AIOS durable message store",
            description = "A SQLite message store for Kura's DataService (set its store.db.service.pid to this"
                    + " instance's name), with the cloud-sync outbox's storage settings.")
    public @interface Config {
        @AttributeDefinition(name = "Name (kura.service.pid)", required = false,
                description = "The instance's name: the DataService's store.db.service.pid names it")
        String kura_service_pid() default "";

        @AttributeDefinition(name = "Store directory", required = false, description = "Where messages.db lives;"
                + " empty: $kura.data/aiosedge-cloudsync/store-<pid>, else the bundle's data area")
        String store_directory() default "";

        @AttributeDefinition(name = "Capacity (messages)", min = "1", max = "10000000", description = "Most"
                + " messages one store holds, in any state; beyond, a store of priority >= 2 fails with"
                + " KuraStoreCapacityReachedException (0-1 are always accepted)")
        int store_capacity() default 10000;

        @AttributeDefinition(name = "Capacity (bytes)", min = "65536", max = "1099511627776", description = "Most"
                + " payload and topic bytes one store holds; beyond, as for the message capacity")
        long store_capacity_bytes() default 67108864;

        @AttributeDefinition(name = "fsync interval (ms)", min = "0", max = "60000", description = "0: every"
                + " change is on disk (fsync) before the call returns: survives power loss; >0: changes reach the"
                + " OS before the call returns (survive crashes and SIGKILL) and are forced this often (a power"
                + " cut loses at most this interval)")
        int store_sync_interval_ms() default 100;
    }

    /** The validated configuration. */
    record Options(String pid, Path directory, int capacity, long capacityBytes, int syncIntervalMillis) {

        static final long MIN_CAPACITY_BYTES = 64 * 1024;
        static final long MAX_CAPACITY_BYTES = 1L << 40;
        static final int MAX_CAPACITY = 10_000_000;
        static final int MAX_SYNC_INTERVAL_MS = 60_000;

        static Options from(Config c, Map<String, Object> properties, BundleContext context) {
            String pid = pidOf(properties);
            if (c.store_capacity() < 1 || c.store_capacity() > MAX_CAPACITY) {
                throw new IllegalArgumentException("store.capacity must be within 1.." + MAX_CAPACITY + ", got "
                        + c.store_capacity());
            }
            if (c.store_capacity_bytes() < MIN_CAPACITY_BYTES || c.store_capacity_bytes() > MAX_CAPACITY_BYTES) {
                throw new IllegalArgumentException("store.capacity.bytes must be within " + MIN_CAPACITY_BYTES + ".."
                        + MAX_CAPACITY_BYTES + ", got " + c.store_capacity_bytes());
            }
            if (c.store_sync_interval_ms() < 0 || c.store_sync_interval_ms() > MAX_SYNC_INTERVAL_MS) {
                throw new IllegalArgumentException("store.sync.interval.ms must be within 0.." + MAX_SYNC_INTERVAL_MS
                        + ", got " + c.store_sync_interval_ms());
            }
            return new Options(pid, directory(c, pid, context), c.store_capacity(), c.store_capacity_bytes(),
                    c.store_sync_interval_ms());
        }

        /** The instance's identity: kura.service.pid (Kura), else service.pid, else the factory PID. */
        static String pidOf(Map<String, Object> properties) {
            Object pid = properties.get("kura.service.pid");
            if (pid == null || pid.toString().isBlank()) {
                pid = properties.get("service.pid");
            }
            return pid == null ? PID : pid.toString();
        }

        /**
         * An empty {@code store.directory}: under Kura's data directory (system property {@code kura.data}) when
         * there is one, since Kura cleans the framework storage at every boot; else the bundle's data area.
         */
        private static Path directory(Config c, String pid, BundleContext context) {
            String configured = c.store_directory().trim();
            if (!configured.isEmpty()) {
                return Path.of(configured);
            }
            String name = "store-" + pid.replaceAll("[^A-Za-z0-9._-]", "_");
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
    }

    private static final Logger LOG = LoggerFactory.getLogger(SqliteMessageStoreProvider.class);

    private final Options options;
    private final MessageDatabase database;
    private final CopyOnWriteArraySet<ConnectionListener> listeners = new CopyOnWriteArraySet<>();

    @Activate
    public SqliteMessageStoreProvider(Config config, Map<String, Object> properties, BundleContext context)
            throws KuraStoreException {
        this.options = Options.from(config, properties, context);
        this.database = MessageDatabase.open(options.directory(),
                new MessageDatabase.Limits(options.capacity(), options.capacityBytes()), options.syncIntervalMillis(),
                "aios-cloudsync-store-" + options.pid() + "-sync");
        LOG.info("message store provider {} on {} (capacity {} messages, {} bytes, fsync {})", options.pid(),
                options.directory(), options.capacity(), options.capacityBytes(),
                options.syncIntervalMillis() == 0 ? "at every change" : "every " + options.syncIntervalMillis()
                        + " ms");
    }

    Options options() {
        return options;
    }

    MessageDatabase database() {
        return database;
    }

    @Deactivate
    void deactivate() {
        for (ConnectionListener l : listeners) {
            try {
                l.disconnected();
            } catch (RuntimeException e) {
                LOG.warn("message store provider {}: a connection listener failed on disconnected(): {}",
                        options.pid(), e.toString());
            }
        }
        listeners.clear();
        database.close();
    }

    /**
     * Opens the store {@code name} (a table, created when missing). Every call returns a new handle; handles of the
     * same name share the messages. The name must not be blank nor start with {@code sqlite_}.
     */
    @Override
    public MessageStore openMessageStore(String name) throws KuraStoreException {
        return new SqliteMessageStore(database, database.table(name));
    }

    @Override
    public void addListener(ConnectionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
    }

    @Override
    public void removeListener(ConnectionListener listener) {
        listeners.remove(Objects.requireNonNull(listener, "listener must not be null"));
    }
}
