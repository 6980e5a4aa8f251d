package io.aiosedge.cloudsync.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NonceCacheTest {

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong(1_000_000);

    @Test
    void aNonceIsRefusedUntilItExpiresPerKey() {
        NonceCache cache = new NonceCache(null, 16, now::get);
        assertThat(cache.record("k", "n1", now.get() + 300_000)).isEqualTo(NonceCache.Outcome.NEW);
        assertThat(cache.record("k", "n1", now.get() + 300_000)).isEqualTo(NonceCache.Outcome.REPLAYED);
        assertThat(cache.record("other", "n1", now.get() + 300_000)).isEqualTo(NonceCache.Outcome.NEW);
        now.addAndGet(300_001);
        assertThat(cache.record("k", "n1", now.get() + 300_000)).isEqualTo(NonceCache.Outcome.NEW);
    }

    @Test
    void boundedItRefusesRatherThanForgettingAnAliveNonce() {
        NonceCache cache = new NonceCache(null, 16, now::get);
        for (int i = 0; i < 16; i++) {
            assertThat(cache.record("k", "n" + i, now.get() + (i == 0 ? 1000 : 2000))).isEqualTo(NonceCache.Outcome.NEW);
        }
        assertThat(cache.record("k", "n16", now.get() + 5000)).isEqualTo(NonceCache.Outcome.FULL);
        assertThat(cache.record("k", "n0", now.get() + 5000)).isEqualTo(NonceCache.Outcome.REPLAYED);
        assertThat(cache.size()).isEqualTo(16);
        now.addAndGet(1001); // n0 expired: room for one
        assertThat(cache.record("k", "n16", now.get() + 5000)).isEqualTo(NonceCache.Outcome.NEW);
        assertThat(cache.record("k", "n17", now.get() + 5000)).isEqualTo(NonceCache.Outcome.FULL);
    }

    @Test
    void persistedAcrossRestartsAndCompacted() throws Exception {
        Path file = dir.resolve("state").resolve("nonces.txt");
        NonceCache first = new NonceCache(file, 1000, now::get);
        for (int i = 0; i < 200; i++) {
            first.record("k", "n" + i, now.get() + (i < 100 ? 10 : 100_000));
        }
        now.addAndGet(11); // the first 100 have expired
        NonceCache second = new NonceCache(file, 1000, now::get);
        assertThat(second.size()).isEqualTo(100);
        assertThat(second.record("k", "n150", now.get() + 100_000)).isEqualTo(NonceCache.Outcome.REPLAYED);
        assertThat(second.record("k", "n50", now.get() + 100_000)).isEqualTo(NonceCache.Outcome.NEW);
        assertThat(Files.readAllLines(file)).hasSizeLessThanOrEqualTo(101); // compacted when opened
    }
}
