package io.aiosedge.learning.cloud.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * One labelled window for fine-tuning: a gateway's hard example (the cloud model's answer as the label) or a
 * window of the old-condition data.
 *
 * @param sequence position in the buffer, increasing; 0 for old-condition data
 * @param gateway the gateway that uploaded it ("" for old-condition data)
 * @param taskId the task's id on that gateway (with the gateway the example's identity)
 * @param timeMillis when the cloud model answered, ms since the epoch
 * @param window the input window's samples
 * @param label the cloud model's probability of an anomaly, 0..1 (1 or 0 for old-condition data)
 */
record TrainingExample(long sequence, String gateway, String taskId, long timeMillis, float[] window, float label) {

    TrainingExample {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(window, "window");
        if (!(label >= 0 && label <= 1)) {
            throw new IllegalArgumentException("example " + gateway + "/" + taskId + ": label " + label
                    + " is not a probability in 0..1");
        }
    }

    /** @return the key the buffer dedupes on (an upload may arrive twice: at-least-once) */
    String key() {
        return gateway + "/" + taskId;
    }

    /** @return 1 when the label says anomalous (probability at least 0.5), else 0 */
    int labelClass() {
        return label >= 0.5f ? 1 : 0;
    }

    /**
     * Whether this example belongs to the held-out slice: a fixed function of its key, so that an example never
     * moves between training and validation from one run to the next.
     *
     * @param share the held-out share, 0..1
     */
    boolean heldOut(double share) {
        int bucket = Math.floorMod(key().hashCode() * 0x9E3779B1, 1000);
        return bucket < Math.round(share * 1000);
    }

    TrainingExample withSequence(long newSequence) {
        return new TrainingExample(newSequence, gateway, taskId, timeMillis, window, label);
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeLong(sequence);
        out.writeUTF(gateway);
        out.writeUTF(taskId);
        out.writeLong(timeMillis);
        out.writeFloat(label);
        out.writeInt(window.length);
        for (float v : window) {
            out.writeFloat(v);
        }
    }

    static TrainingExample readFrom(DataInput in) throws IOException {
        long sequence = in.readLong();
        String gateway = in.readUTF();
        String task = in.readUTF();
        long time = in.readLong();
        float label = in.readFloat();
        int n = in.readInt();
        if (n < 1 || n > ExampleBuffer.MAX_WINDOW) {
            throw new IOException("window of " + n + " samples");
        }
        float[] window = new float[n];
        for (int i = 0; i < n; i++) {
            window[i] = in.readFloat();
        }
        try {
            return new TrainingExample(sequence, gateway, task, time, window, label);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TrainingExample o && sequence == o.sequence && gateway.equals(o.gateway)
                && taskId.equals(o.taskId) && timeMillis == o.timeMillis && Arrays.equals(window, o.window)
                && Float.compare(label, o.label) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequence, gateway, taskId) * 31 + Arrays.hashCode(window);
    }

    @Override
    public String toString() {
        return "TrainingExample[" + sequence + " " + key() + " label " + label + "]";
    }
}
