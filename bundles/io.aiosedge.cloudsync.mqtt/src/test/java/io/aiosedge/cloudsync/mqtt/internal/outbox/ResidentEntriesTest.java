package io.aiosedge.cloudsync.mqtt.internal.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox.Entry;

/** The ring of resident entries against a sorted map doing the same operations. */
class ResidentEntriesTest {

    private static Entry entry(long seq) {
        return new Entry(seq, null, 4, 1, false, 0, 0, "", "t", new byte[0]);
    }

    @Test
    void behavesLikeASortedMapUnderRandomAddsRemovalsAndMoves() {
        Random random = new Random(18);
        ResidentEntries ring = new ResidentEntries();
        TreeMap<Long, Entry> model = new TreeMap<>();
        long next = 1_000_000_000_000L; // sequences are longs: far from int range
        for (int step = 0; step < 400_000; step++) {
            int op = random.nextInt(100);
            if (op < 50) {
                next += random.nextInt(20) == 0 ? 1 + random.nextInt(3000) : 1; // gaps: sequences used elsewhere
                Entry e = entry(next);
                ring.add(e);
                model.put(next, e);
            } else if (op < 90 && !model.isEmpty()) {
                // mostly the oldest ones (acknowledged in order), sometimes any
                long seq = random.nextBoolean() ? model.firstKey()
                        : model.firstKey() + random.nextInt((int) Math.min(5000, next - model.firstKey() + 1));
                ring.remove(seq);
                model.remove(seq);
            } else if (op < 91 && !model.isEmpty()) {
                long upTo = model.firstKey() + random.nextInt(2000);
                List<Long> expected = new ArrayList<>(model.headMap(upTo, true).keySet());
                assertThat(ring.removeUpTo(upTo)).isEqualTo(expected);
                model.headMap(upTo, true).clear();
            } else {
                long probe = next - random.nextInt(10_000);
                assertThat(ring.get(probe)).isSameAs(model.get(probe));
                assertThat(ring.contains(probe)).isEqualTo(model.containsKey(probe));
            }
            assertThat(ring.size()).isEqualTo(model.size());
            assertThat(ring.isEmpty()).isEqualTo(model.isEmpty());
            if (!model.isEmpty()) {
                assertThat(ring.firstSeq()).isEqualTo(model.firstKey());
            }
        }
        long upTo = next - 500;
        List<Entry> seen = new ArrayList<>();
        ring.forEachUpTo(upTo, seen::add);
        assertThat(seen).containsExactlyElementsOf(model.headMap(upTo, true).values());
    }

    @Test
    void growsAndShrinksWithItsSpan() {
        ResidentEntries ring = new ResidentEntries();
        Map<Long, Entry> added = new TreeMap<>();
        for (long seq = 0; seq < 300_000; seq++) {
            Entry e = entry(seq);
            ring.add(e);
            added.put(seq, e);
        }
        added.forEach((seq, e) -> assertThat(ring.get(seq)).isSameAs(e));
        for (long seq = 0; seq < 299_990; seq++) {
            ring.remove(seq);
        }
        assertThat(ring.size()).isEqualTo(10);
        assertThat(ring.firstSeq()).isEqualTo(299_990);
        assertThat(ring.get(299_999)).isSameAs(added.get(299_999L));
        assertThat(ring.get(5)).isNull();
    }

    @Test
    void refusesASequenceNotAboveTheNewest() {
        ResidentEntries ring = new ResidentEntries();
        ring.add(entry(10));
        assertThatThrownBy(() -> ring.add(entry(10))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sequence 10 added after 10");
        ring.remove(10);
        ring.add(entry(3)); // empty again: any sequence starts it
        assertThat(ring.firstSeq()).isEqualTo(3);
    }
}
