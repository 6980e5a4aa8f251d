package io.aiosedge.cloudsync.mqtt.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nonces of accepted signed commands, each kept until its command could no longer pass the age check (so a
 * replay inside the window is caught and one outside it fails on age). Bounded: when {@code capacity} nonces are
 * alive, new commands are refused rather than an alive nonce forgotten (forgetting would open a replay). Only
 * commands whose signature verified are recorded, so only holders of a trusted key can fill it.
 *
 * <p>Kept in a file ({@code <expires-ms> <key-id> <nonce>} per line, appended with {@code DSYNC}, compacted when
 * opened and when it holds twice the alive entries), so that a restart of the bundle or the gateway does not
 * reopen the window. A file that cannot be written is logged and the cache works in memory.
 */
final class NonceCache {

    private static final Logger LOG = LoggerFactory.getLogger(NonceCache.class);

    enum Outcome {
        /** First use: recorded. */
        NEW,
        /** Already used by this key within its window. */
        REPLAYED,
        /** {@code capacity} nonces are alive. */
        FULL
    }

    private final Path file;
    private final LongSupplier clock;
    private final Map<String, Long> expiries = new HashMap<>();
    private int capacity;
    private int linesInFile;

    /**
     * @param file where the nonces are kept; null: memory only
     * @param capacity most alive nonces
     */
    NonceCache(Path file, int capacity, LongSupplier clock) {
        this.file = file;
        this.capacity = capacity;
        this.clock = clock;
        load();
    }

    synchronized void setCapacity(int capacity) {
        this.capacity = capacity;
    }

    /** Records the nonce of key {@code keyId} until {@code expiresMillis} (ms since the epoch) if it is new. */
    synchronized Outcome record(String keyId, String nonce, long expiresMillis) {
        long now = this.clock.getAsLong();
        String key = keyId + " " + nonce;
        Long known = this.expiries.get(key);
        if (known != null && known > now) {
            return Outcome.REPLAYED;
        }
        if (this.expiries.size() >= this.capacity) {
            this.expiries.values().removeIf(expiry -> expiry <= now);
            if (this.expiries.size() >= this.capacity) {
                return Outcome.FULL;
            }
        }
        this.expiries.put(key, expiresMillis);
        append(expiresMillis + " " + key + "\n");
        return Outcome.NEW;
    }

    synchronized int size() {
        long now = this.clock.getAsLong();
        this.expiries.values().removeIf(expiry -> expiry <= now);
        return this.expiries.size();
    }

    private void load() {
        if (this.file == null || !Files.isRegularFile(this.file)) {
            return;
        }
        long now = this.clock.getAsLong();
        try {
            for (String line : Files.readAllLines(this.file, StandardCharsets.UTF_8)) {
                String[] parts = line.trim().split(" ");
                if (parts.length != 3) {
                    continue;
                }
                try {
                    long expiry = Long.parseLong(parts[0]);
                    if (expiry > now) {
                        this.expiries.put(parts[1] + " " + parts[2], expiry);
                    }
                } catch (NumberFormatException e) {
                    // a torn last line after a crash: skip it
                }
            }
            compact();
        } catch (IOException e) {
            LOG.warn("nonce cache {} not read ({}); starting empty", this.file, e.toString());
        }
    }

    private void append(String line) {
        if (this.file == null) {
            return;
        }
        try {
            if (this.linesInFile >= Math.max(64, 2 * this.expiries.size())) {
                long now = this.clock.getAsLong();
                this.expiries.values().removeIf(expiry -> expiry <= now);
                compact();
                return; // compact wrote every alive entry, this one included
            }
            Files.createDirectories(this.file.getParent());
            Files.write(this.file, line.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.DSYNC);
            this.linesInFile++;
        } catch (IOException e) {
            LOG.warn("nonce cache {} not written ({}); replays are caught until the next restart only", this.file,
                    e.toString());
        }
    }

    private void compact() throws IOException {
        List<String> lines = new ArrayList<>();
        this.expiries.forEach((key, expiry) -> lines.add(expiry + " " + key));
        Files.createDirectories(this.file.getParent());
        Path tmp = this.file.resolveSibling(this.file.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.DSYNC);
        Files.move(tmp, this.file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        this.linesInFile = lines.size();
    }
}
