package io.aiosedge.cloudsync.mqtt.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.cloudsync.mqtt.internal.wire.Json;

/**
 * The audit log of inbound commands: one JSON line per command with who (key id, the sender it names, its reply
 * topic), what (handler, method, target, request id), the outcome (accepted, refused, failed), the status and the
 * reason, and when. Appended to {@code audit.jsonl}; when that holds {@code capacity} lines it becomes
 * {@code audit.1.jsonl} (replacing the older one), so the disk holds at most 2 × capacity entries and the last
 * {@code capacity} are always kept. A listener (the EventAdmin bridge) sees every entry.
 */
final class CommandAudit {

    private static final Logger LOG = LoggerFactory.getLogger(CommandAudit.class);
    static final String FILE = "audit.jsonl";
    static final String ROTATED = "audit.1.jsonl";

    /** One audited command. {@code keyId} is "-" for unsigned commands. */
    record Entry(long timeMillis, String endpoint, String handler, String method, String target, String requestId,
            String keyId, String sender, String reply, String outcome, int status, String reason) {

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", timeMillis);
            m.put("endpoint", endpoint);
            m.put("handler", handler);
            m.put("method", method);
            m.put("target", target);
            m.put("request.id", requestId);
            m.put("key", keyId);
            m.put("sender", sender);
            m.put("reply", reply);
            m.put("outcome", outcome);
            m.put("status", status);
            m.put("reason", reason);
            return m;
        }

        static Entry fromMap(Map<String, Object> m) {
            return new Entry(((Number) m.getOrDefault("time", 0L)).longValue(), text(m, "endpoint"), text(m, "handler"),
                    text(m, "method"), text(m, "target"), text(m, "request.id"), text(m, "key"), text(m, "sender"),
                    text(m, "reply"), text(m, "outcome"), ((Number) m.getOrDefault("status", 0L)).intValue(),
                    text(m, "reason"));
        }

        private static String text(Map<String, Object> m, String key) {
            Object v = m.get(key);
            return v == null ? "" : v.toString();
        }

        /** One line for Gogo. */
        String line() {
            return String.format("%s %-8s %-3d %s %s %s key=%s sender=%s id=%s%s", Instant.ofEpochMilli(timeMillis),
                    outcome, status, handler, method, target.isEmpty() ? "-" : target, keyId,
                    sender.isEmpty() ? "-" : sender, requestId.isEmpty() ? "-" : requestId,
                    reason.isEmpty() ? "" : " : " + reason);
        }
    }

    private final Path directory;
    private final Deque<Entry> recent = new ArrayDeque<>();
    private final Consumer<Entry> listener;
    private int capacity;
    private int linesInFile;

    /**
     * @param directory where the files are; null: memory only
     * @param capacity entries kept (and lines per file)
     * @param listener told of every entry (on the caller's thread); must not throw
     */
    CommandAudit(Path directory, int capacity, Consumer<Entry> listener) {
        this.directory = directory;
        this.capacity = capacity;
        this.listener = listener;
        load();
    }

    synchronized void setCapacity(int capacity) {
        this.capacity = capacity;
        trim();
    }

    void append(Entry entry) {
        synchronized (this) {
            this.recent.addLast(entry);
            trim();
            write(entry);
        }
        try {
            this.listener.accept(entry);
        } catch (RuntimeException e) {
            LOG.warn("audit listener failed: {}", e.toString());
        }
    }

    /** The last {@code n} entries, oldest first. */
    synchronized List<Entry> last(int n) {
        List<Entry> all = new ArrayList<>(this.recent);
        return new ArrayList<>(all.subList(Math.max(0, all.size() - Math.max(0, n)), all.size()));
    }

    Path directory() {
        return this.directory;
    }

    private void trim() {
        while (this.recent.size() > this.capacity) {
            this.recent.removeFirst();
        }
    }

    private void load() {
        if (this.directory == null) {
            return;
        }
        for (String name : new String[] {ROTATED, FILE}) {
            Path file = this.directory.resolve(name);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (String line : lines) {
                    try {
                        this.recent.addLast(Entry.fromMap(Json.parseObject(line)));
                    } catch (RuntimeException e) {
                        // a torn last line after a crash
                    }
                }
                if (name.equals(FILE)) {
                    this.linesInFile = lines.size();
                }
            } catch (IOException e) {
                LOG.warn("audit log {} not read: {}", file, e.toString());
            }
        }
        trim();
    }

    private void write(Entry entry) {
        if (this.directory == null) {
            return;
        }
        try {
            Files.createDirectories(this.directory);
            Path file = this.directory.resolve(FILE);
            if (this.linesInFile >= this.capacity) {
                Files.move(file, this.directory.resolve(ROTATED), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                this.linesInFile = 0;
            }
            Files.write(file, (Json.write(entry.toMap()) + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            this.linesInFile++;
        } catch (IOException e) {
            LOG.warn("audit entry not written to {}: {} ({})", this.directory, entry.line(), e.toString());
        }
    }
}
