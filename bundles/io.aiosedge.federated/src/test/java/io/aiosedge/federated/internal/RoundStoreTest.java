package io.aiosedge.federated.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundStoreTest {

    @TempDir
    Path dir;

    @Test
    void everythingSurvivesReopening() throws Exception {
        RoundStore store = new RoundStore(dir);
        assertThat(store.state()).isEmpty();
        store.save(new RoundStore.State(4, true, 100, 200, 2, 50, Set.of("gw1", "gw2")));
        store.saveUpdate(4, "gw1", FederatedMessages.encode(new FederatedMessages.Update(4, 2, 9, "gw1", "m",
                new float[] {1, 2})));
        store.saveWeights(2, new float[] {0.25f, -1});
        store.append(new RoundStore.Closed(3, 1, 2, 1, 2, "new-version", 3, 3, 0, 100, 200, 0.5, 0.6, "all answered"));

        RoundStore again = new RoundStore(dir);
        assertThat(again.state()).contains(new RoundStore.State(4, true, 100, 200, 2, 50, Set.of("gw1", "gw2")));
        assertThat(again.updates(4)).singleElement().satisfies(u -> {
            assertThat(u.gateway()).isEqualTo("gw1");
            assertThat(u.delta()).containsExactly(1, 2);
        });
        assertThat(again.weights(2, 2)).containsExactly(0.25f, -1f);
        assertThat(again.history()).singleElement().satisfies(c -> {
            assertThat(c.round()).isEqualTo(3);
            assertThat(c.f1After()).isEqualTo(0.6);
            assertThat(c.details()).isEqualTo("all answered");
        });
        again.dropUpdates(4);
        assertThat(again.updates(4)).isEmpty();
    }

    @Test
    void aTornHistoryLineIsSkippedAndWrongWeightsAreNamed() throws Exception {
        RoundStore store = new RoundStore(dir);
        store.append(new RoundStore.Closed(1, 1, 2, 0, 1, "new-version", 2, 2, 0, 1, 1, 0.1, 0.2, "x"));
        Files.writeString(dir.resolve("history.tsv"), "2\t5\t6", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThat(store.history()).extracting(RoundStore.Closed::round).containsExactly(1L);
        store.saveWeights(1, new float[3]);
        assertThatThrownBy(() -> store.weights(1, 4)).hasMessageContaining("12 bytes").hasMessageContaining("4 values");
        assertThatThrownBy(() -> store.weights(9, 4)).hasMessageContaining("no weights of global version 9");
    }
}
