package io.aiosedge.federated.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The three messages of a round, each a compact binary body (big-endian header, weights as little-endian float32):
 * <ul>
 * <li>invite (coordinator → gateways): {@code AFI1}, round, version, deadline (ms since the epoch), local steps,
 * batch size, learning rate, clipping norm, noise multiplier, model name, the global weights;</li>
 * <li>join (gateway → coordinator): {@code AFJ1}, round, version — the coordinator then waits for its update (or
 * the deadline);</li>
 * <li>update (gateway → coordinator): {@code AFU1}, round, version trained from, samples, gateway id, model name,
 * the weight delta.</li>
 * </ul>
 * An update of a model with P parameters is 4·P bytes plus a header of about 40 bytes; no window ever travels.
 */
public final class FederatedMessages {

    static final int INVITE_MAGIC = 0x41464931; // "AFI1"
    static final int JOIN_MAGIC = 0x41464A31; // "AFJ1"
    static final int UPDATE_MAGIC = 0x41465531; // "AFU1"
    /** Most parameters a message may carry (16 M values, 64 MiB): a bound against a forged length. */
    static final int MAX_VALUES = 16 << 20;

    /** What a round asks the gateways to do. */
    public record Invite(long round, int version, long deadlineMillis, int localSteps, int batchSize,
            float learningRate, float clip, float noise, String model, float[] weights) {
    }

    /** A gateway taking part in a round. */
    public record Join(long round, int version) {
    }

    /** A gateway's answer: its delta to the round's weights and how many windows it trained on. */
    public record Update(long round, int version, long samples, String gateway, String model, float[] delta) {
    }

    private FederatedMessages() {
    }

    public static byte[] encode(Invite invite) {
        return write(invite.weights().length * 4 + 64 + invite.model().length() * 3, out -> {
            out.writeInt(INVITE_MAGIC);
            out.writeLong(invite.round());
            out.writeInt(invite.version());
            out.writeLong(invite.deadlineMillis());
            out.writeInt(invite.localSteps());
            out.writeInt(invite.batchSize());
            out.writeFloat(invite.learningRate());
            out.writeFloat(invite.clip());
            out.writeFloat(invite.noise());
            out.writeUTF(invite.model());
            floats(out, invite.weights());
        });
    }

    public static byte[] encode(Join join) {
        return write(16, out -> {
            out.writeInt(JOIN_MAGIC);
            out.writeLong(join.round());
            out.writeInt(join.version());
        });
    }

    public static byte[] encode(Update update) {
        return write(update.delta().length * 4 + 64 + (update.gateway().length() + update.model().length()) * 3,
                out -> {
                    out.writeInt(UPDATE_MAGIC);
                    out.writeLong(update.round());
                    out.writeInt(update.version());
                    out.writeLong(update.samples());
                    out.writeUTF(update.gateway());
                    out.writeUTF(update.model());
                    floats(out, update.delta());
                });
    }

    /** @throws IllegalArgumentException naming what is wrong: not an invite, truncated, a bad length */
    public static Invite decodeInvite(byte[] body) {
        return read(body, "invite", INVITE_MAGIC, in -> new Invite(in.readLong(), in.readInt(), in.readLong(),
                in.readInt(), in.readInt(), in.readFloat(), in.readFloat(), in.readFloat(), in.readUTF(), floats(in)));
    }

    /** @throws IllegalArgumentException naming what is wrong */
    public static Join decodeJoin(byte[] body) {
        return read(body, "join", JOIN_MAGIC, in -> new Join(in.readLong(), in.readInt()));
    }

    /** @throws IllegalArgumentException naming what is wrong: not an update, truncated, a bad length or count */
    public static Update decodeUpdate(byte[] body) {
        Update u = read(body, "update", UPDATE_MAGIC, in -> new Update(in.readLong(), in.readInt(), in.readLong(),
                in.readUTF(), in.readUTF(), floats(in)));
        if (u.samples() < 1) {
            throw new IllegalArgumentException("update from " + u.gateway() + " claims " + u.samples()
                    + " samples; at least 1 is needed");
        }
        return u;
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(int sizeHint, Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(sizeHint);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] body, String what, int magic, Reader<T> reader) {
        if (body == null) {
            throw new IllegalArgumentException(what + ": no body");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            int found = in.readInt();
            if (found != magic) {
                throw new IllegalArgumentException(what + ": starts with 0x" + Integer.toHexString(found)
                        + ", expected 0x" + Integer.toHexString(magic));
            }
            T value = reader.read(in);
            if (in.available() > 0) {
                throw new IllegalArgumentException(what + ": " + in.available() + " bytes after the end");
            }
            return value;
        } catch (EOFException e) {
            throw new IllegalArgumentException(what + ": truncated (" + body.length + " bytes)");
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage());
        }
    }

    private static void floats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        out.write(buffer.array());
    }

    private static float[] floats(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_VALUES) {
            throw new IOException("value count " + n + " is outside 0.." + MAX_VALUES);
        }
        if (in.available() < n * 4) {
            throw new EOFException();
        }
        byte[] raw = new byte[n * 4];
        in.readFully(raw);
        float[] values = new float[n];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }
}
