package io.aiosedge.federated.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The coordinator's durable state in its data folder, so that a restart continues where it stopped:
 * {@code state.properties} (last round id, whether it is open, its deadline, the global version, who joined; replaced
 * atomically), {@code updates/r<round>/<gateway>.upd} (each admitted update as received, written before it counts),
 * {@code global/v<version>.bin} (each global version's weights, float32) and {@code history.tsv} (one line per
 * closed round).
 */
public final class RoundStore {

    /** The open (or last) round. */
    public record State(long round, boolean open, long openedMillis, long deadlineMillis, int version,
            long closedMillis, Set<String> joined) {

        public State {
            joined = Set.copyOf(joined);
        }

        State withJoined(String gateway) {
            Set<String> more = new LinkedHashSet<>(joined);
            more.add(gateway);
            return new State(round, open, openedMillis, deadlineMillis, version, closedMillis, more);
        }
    }

    /** One closed round, as {@code aios:fedrounds} lists it. */
    public record Closed(long round, long openedMillis, long closedMillis, int versionBefore, int versionAfter,
            String outcome, int joined, int accepted, int refused, long uplinkBytes, long downlinkBytes,
            double f1Before, double f1After, String details) {

        String line() {
            return String.join("\t", Long.toString(round), Long.toString(openedMillis), Long.toString(closedMillis),
                    Integer.toString(versionBefore), Integer.toString(versionAfter), outcome, Integer.toString(joined),
                    Integer.toString(accepted), Integer.toString(refused), Long.toString(uplinkBytes),
                    Long.toString(downlinkBytes), String.format(Locale.ROOT, "%.4f", f1Before),
                    String.format(Locale.ROOT, "%.4f", f1After), details.replace('\t', ' ').replace('\n', ' '));
        }

        static Closed parse(String line) {
            String[] f = line.split("\t", -1);
            if (f.length != 14) {
                throw new IllegalArgumentException("history line has " + f.length + " fields, not 14: " + line);
            }
            return new Closed(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
                    Integer.parseInt(f[3]), Integer.parseInt(f[4]), f[5], Integer.parseInt(f[6]),
                    Integer.parseInt(f[7]), Integer.parseInt(f[8]), Long.parseLong(f[9]), Long.parseLong(f[10]),
                    Double.parseDouble(f[11]), Double.parseDouble(f[12]), f[13]);
        }
    }

    private final Path folder;

    public RoundStore(Path folder) throws IOException {
        this.folder = folder;
        Files.createDirectories(folder.resolve("global"));
        Files.createDirectories(folder.resolve("updates"));
    }

    public Path folder() {
        return folder;
    }

    /** @return the saved state; empty at the first start */
    public Optional<State> state() throws IOException {
        Path file = folder.resolve("state.properties");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        try {
            String joined = p.getProperty("joined", "");
            return Optional.of(new State(Long.parseLong(p.getProperty("round")),
                    Boolean.parseBoolean(p.getProperty("open")), Long.parseLong(p.getProperty("opened")),
                    Long.parseLong(p.getProperty("deadline")), Integer.parseInt(p.getProperty("version")),
                    Long.parseLong(p.getProperty("closed")),
                    joined.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(joined.split(",")))));
        } catch (RuntimeException e) {
            throw new IOException(file + " is damaged: " + e, e);
        }
    }

    public void save(State s) throws IOException {
        Properties p = new Properties();
        p.setProperty("round", Long.toString(s.round()));
        p.setProperty("open", Boolean.toString(s.open()));
        p.setProperty("opened", Long.toString(s.openedMillis()));
        p.setProperty("deadline", Long.toString(s.deadlineMillis()));
        p.setProperty("version", Integer.toString(s.version()));
        p.setProperty("closed", Long.toString(s.closedMillis()));
        p.setProperty("joined", String.join(",", s.joined()));
        Path temp = folder.resolve("state.properties.tmp");
        try (OutputStream out = Files.newOutputStream(temp)) {
            p.store(out, "federated rounds");
        }
        Files.move(temp, folder.resolve("state.properties"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** Keeps an admitted update (its bytes as received) before it counts. */
    public void saveUpdate(long round, String gateway, byte[] body) throws IOException {
        Path dir = folder.resolve("updates").resolve("r" + round);
        Files.createDirectories(dir);
        Path temp = dir.resolve(gateway + ".tmp");
        Files.write(temp, body);
        Files.move(temp, dir.resolve(gateway + ".upd"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** @return the round's kept updates (an unreadable one is skipped: it was never counted) */
    public List<FederatedMessages.Update> updates(long round) throws IOException {
        Path dir = folder.resolve("updates").resolve("r" + round);
        List<FederatedMessages.Update> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".upd")).sorted().toList()) {
                try {
                    out.add(FederatedMessages.decodeUpdate(Files.readAllBytes(f)));
                } catch (IllegalArgumentException e) {
                    // written through a temp file and a rename, so only a foreign file can be damaged
                }
            }
        }
        return out;
    }

    /** Removes a closed round's updates (the history keeps what came of them). */
    public void dropUpdates(long round) throws IOException {
        Path dir = folder.resolve("updates").resolve("r" + round);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    public void saveWeights(int version, float[] weights) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(weights.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(weights);
        Path temp = folder.resolve("global").resolve("v" + version + ".tmp");
        Files.write(temp, buffer.array());
        Files.move(temp, folder.resolve("global").resolve("v" + version + ".bin"),
                StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** @throws IOException naming the file when it is missing or not {@code expected} values */
    public float[] weights(int version, int expected) throws IOException {
        Path file = folder.resolve("global").resolve("v" + version + ".bin");
        if (!Files.exists(file)) {
            throw new IOException("no weights of global version " + version + " (" + file + ")");
        }
        byte[] raw = Files.readAllBytes(file);
        if (raw.length != expected * 4) {
            throw new IOException(file + " holds " + raw.length + " bytes, the model's " + expected
                    + " values take " + expected * 4);
        }
        float[] values = new float[expected];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    public void append(Closed closed) throws IOException {
        Files.writeString(folder.resolve("history.tsv"), closed.line() + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** @return every closed round, oldest first */
    public List<Closed> history() throws IOException {
        Path file = folder.resolve("history.tsv");
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Closed> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                try {
                    out.add(Closed.parse(line));
                } catch (RuntimeException e) {
                    // a line torn by a crash while appending: the round is closed again from its state
                }
            }
        }
        return out;
    }
}
