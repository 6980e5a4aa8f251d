package io.aiosedge.cloudsync.mqtt.internal.store;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.kura.KuraStoreException;
import org.eclipse.kura.message.store.provider.MessageStoreProvider;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Gogo command {@code aios:messagestores [pid]}: every message store provider of this bundle (or the one named by
 * its {@code kura.service.pid}) with its directory, capacity and fsync interval, and each store in it (Kura's
 * DataService opens one per cloud connection) with its messages by state: unpublished, in flight, confirmed,
 * dropped, and the age of the oldest unpublished one.
 */
@Component(service = Object.class, property = {"osgi.command.scope=aios", "osgi.command.function=messagestores"})
public class MessageStoreCommands {

    private final Map<String, SqliteMessageStoreProvider> providers = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(service.factoryPid=" + SqliteMessageStoreProvider.PID + ")")
    void addProvider(MessageStoreProvider provider) {
        if (provider instanceof SqliteMessageStoreProvider sqlite) {
            providers.put(sqlite.options().pid(), sqlite);
        }
    }

    void removeProvider(MessageStoreProvider provider) {
        if (provider instanceof SqliteMessageStoreProvider sqlite) {
            providers.remove(sqlite.options().pid(), sqlite);
        }
    }

    public String messagestores() {
        if (providers.isEmpty()) {
            return "no AIOS message store providers (factory " + SqliteMessageStoreProvider.PID + ")";
        }
        StringBuilder out = new StringBuilder();
        new TreeMap<>(providers).values().forEach(p -> out.append(describe(p)));
        return out.toString();
    }

    public String messagestores(String pid) {
        SqliteMessageStoreProvider provider = providers.get(pid);
        if (provider == null) {
            throw new IllegalArgumentException("no message store provider '" + pid + "'; there are "
                    + new TreeMap<>(providers).keySet());
        }
        return describe(provider);
    }

    static String describe(SqliteMessageStoreProvider provider) {
        SqliteMessageStoreProvider.Options o = provider.options();
        StringBuilder out = new StringBuilder();
        out.append(String.format("provider   %s%n", o.pid()));
        out.append(String.format("directory  %s%n", o.directory()));
        out.append(String.format("capacity   %d messages, %d bytes per store (priorities 0-1 exempt)%n", o.capacity(),
                o.capacityBytes()));
        out.append(String.format("fsync      %s%n", o.syncIntervalMillis() == 0 ? "at every change"
                : "every " + o.syncIntervalMillis() + " ms"));
        List<MessageDatabase.Summary> stores;
        try {
            stores = provider.database().summaries();
        } catch (KuraStoreException e) {
            return out.append("stores     unreadable: ").append(e.getMessage()).append(System.lineSeparator())
                    .toString();
        }
        if (stores.isEmpty()) {
            out.append(String.format("stores     none opened yet%n"));
        }
        long now = System.currentTimeMillis();
        for (MessageDatabase.Summary s : stores) {
            out.append(String.format("store      %s: %d messages (%d bytes), %d unpublished, %d in flight,"
                    + " %d confirmed, %d dropped%s%n", s.name(), s.messages(), s.bytes(), s.unpublished(), s.inFlight(),
                    s.confirmed(), s.dropped(), s.oldestUnpublishedMillis() == 0 ? ""
                            : ", oldest unpublished " + (now - s.oldestUnpublishedMillis()) / 1000 + " s ago"));
        }
        return out.toString();
    }
}
