package io.aiosedge.cloudsync.mqtt.internal.store;

import java.nio.file.Path;
import java.util.Map;

import org.eclipse.kura.data.DataTransportToken;
import org.eclipse.kura.message.store.provider.MessageStore;

/**
 * A gateway in a JVM of its own for {@link MessageStoreKillTest}: stores messages into a provider on the given
 * directory without ever closing it, marks every third one published (with a token) and every fifth of those
 * confirmed, and prints a line once each call returned: {@code stored <id>}, {@code published <id>},
 * {@code confirmed <id>}. The test kills it with SIGKILL.
 *
 * <p>Arguments: directory, store.sync.interval.ms.
 */
public final class MessageStoreProcessMain {

    private MessageStoreProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        SqliteMessageStoreProvider provider = Providers.provider(Path.of(args[0]),
                Map.of("kura.service.pid", "killed", "store.sync.interval.ms", Integer.parseInt(args[1]),
                        "store.capacity", 10_000_000));
        MessageStore store = provider.openMessageStore(SqliteMessageStoreTest.NAME);
        line("ready " + store.getMessageCount());
        for (int n = 0;; n++) {
            int id = store.store("kill/" + n, ("message " + n).getBytes(), 1, false, n % 10);
            line("stored " + id);
            if (n % 3 == 0) {
                store.markAsPublished(id, new DataTransportToken(n, "session"));
                line("published " + id);
                if (n % 5 == 0) {
                    store.markAsConfirmed(id);
                    line("confirmed " + id);
                }
            }
        }
    }

    private static void line(String text) {
        synchronized (System.out) {
            System.out.println(text);
            System.out.flush();
        }
    }
}
