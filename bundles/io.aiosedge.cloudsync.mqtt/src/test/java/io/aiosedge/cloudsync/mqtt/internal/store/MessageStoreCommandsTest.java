package io.aiosedge.cloudsync.mqtt.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.eclipse.kura.message.store.provider.MessageStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageStoreCommandsTest {

    @TempDir
    Path dir;

    private SqliteMessageStoreProvider provider;

    @AfterEach
    void close() {
        if (provider != null) {
            provider.deactivate();
        }
    }

    @Test
    void listsEachStoreWithItsMessagesByState() throws Exception {
        provider = Providers.provider(dir, Map.of("kura.service.pid", "store-a", "store.capacity", 500));
        MessageStoreCommands commands = new MessageStoreCommands();
        assertThat(commands.messagestores()).contains("no AIOS message store providers");
        commands.addProvider(provider);
        assertThat(commands.messagestores()).contains("provider   store-a").contains("500 messages")
                .contains("none opened yet");

        MessageStore store = provider.openMessageStore("cloud-1");
        int a = store.store("t/a", new byte[10], 1, false, 5);
        int b = store.store("t/b", new byte[20], 1, false, 5);
        int c = store.store("t/c", new byte[30], 1, false, 5);
        store.store("t/d", new byte[40], 1, false, 5);
        store.markAsPublished(a);
        store.markAsPublished(b);
        store.markAsConfirmed(b);
        store.markAsPublished(c);
        store.dropAllInFlightMessages(); // a and c
        provider.openMessageStore("cloud-2");

        String text = commands.messagestores("store-a");
        // bytes as the capacity counts them: payload and topic (100 + 4 x 3)
        assertThat(text).contains("store      cloud-1: 4 messages (112 bytes), 1 unpublished, 0 in flight,"
                + " 1 confirmed, 2 dropped, oldest unpublished");
        assertThat(text).contains("store      cloud-2: 0 messages (0 bytes), 0 unpublished, 0 in flight,"
                + " 0 confirmed, 0 dropped\n".replace("\n", System.lineSeparator()));
        assertThatThrownBy(() -> commands.messagestores("nope")).hasMessageContaining("'nope'")
                .hasMessageContaining("store-a");
        commands.removeProvider(provider);
        assertThat(commands.messagestores()).contains("no AIOS message store providers");
    }
}
