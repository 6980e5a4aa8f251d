package io.aiosedge.api.scheduler;

import java.util.Map;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

import io.aiosedge.api.cloud.TensorPayloads;
import io.aiosedge.api.cloud.TensorPayloads.FloatTensor;

/**
 * A unit of work for the scheduler, immutable. Build one with {@link #builder(String, String)}.
 *
 * <p>The compute estimate is given in <em>instructions</em>: a node advertising a speed of S instructions/s per
 * slot is expected to need {@code instructions / S} seconds. The scheduler only uses it as a prior: once
 * tasks of the same {@code kind} have run on a node, the measured times of that (kind, node) pair take over.
 * A reference node of 10<sup>9</sup> instructions/s runs a task of 5·10<sup>6</sup> instructions in 5 ms.
 *
 * @param id unique id; also the idempotency key when the task is offloaded
 * @param kind what sort of work this is, e.g. {@code "anomaly/vibration"}; execution times are learned per
 *        (kind, node)
 * @param model the model to run (the full model, as served by cloud workers and peers)
 * @param edgeModel a smaller model that gives an answer on the gateway when the full model cannot meet the
 *        deadline there (admission may degrade to it; joint inference runs it first); empty when none
 * @param input the input tensor, or {@code null} when {@code inputRef} names it
 * @param inputRef a reference to the input that the executor resolves (e.g. a URI), or {@code null} when
 *        {@code input} holds it
 * @param inputBytes size of the input on the wire, in bytes
 * @param outputBytes expected size of the result on the wire, in bytes (0 when unknown: small)
 * @param instructions estimated work, in instructions (0 when unknown: the learned or default time is used)
 * @param deadlineMillis wall-clock deadline, ms since the epoch; {@link Long#MAX_VALUE} for none
 * @param priority 0 (most urgent) to 9 (least), like Kura's data service; ties are broken by deadline
 * @param locality whether the task may leave the gateway
 * @param attributes small string attributes carried to the executor and the result (never null)
 */
@ProviderType
public record Task(String id, String kind, String model, String edgeModel, FloatTensor input, String inputRef,
        long inputBytes, long outputBytes, double instructions, long deadlineMillis, int priority,
        Locality locality, Map<String, String> attributes) {

    /** Most urgent priority. */
    public static final int PRIORITY_HIGHEST = 0;
    /** Least urgent priority. */
    public static final int PRIORITY_LOWEST = 9;
    /** Priority when none is given. */
    public static final int PRIORITY_DEFAULT = 5;

    public Task {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(locality, "locality");
        edgeModel = edgeModel == null ? "" : edgeModel;
        attributes = Map.copyOf(attributes == null ? Map.of() : attributes);
        if (id.isBlank()) {
            throw new IllegalArgumentException("task id must not be blank");
        }
        if (input == null && (inputRef == null || inputRef.isBlank())) {
            throw new IllegalArgumentException("task " + id + " needs an input tensor or an input reference");
        }
        if (inputBytes < 0 || outputBytes < 0) {
            throw new IllegalArgumentException("task " + id + ": inputBytes and outputBytes must not be negative: "
                    + inputBytes + ", " + outputBytes);
        }
        if (!(instructions >= 0) || Double.isInfinite(instructions)) {
            throw new IllegalArgumentException("task " + id + ": instructions must be finite and >= 0: " + instructions);
        }
        if (priority < PRIORITY_HIGHEST || priority > PRIORITY_LOWEST) {
            throw new IllegalArgumentException("task " + id + ": priority must be 0..9: " + priority);
        }
    }

    /** Whether an edge model is named. */
    public boolean hasEdgeModel() {
        return !edgeModel.isEmpty();
    }

    /** A copy with another id (used e.g. when a job re-submits). */
    public Task withId(String newId) {
        return new Task(newId, kind, model, edgeModel, input, inputRef, inputBytes, outputBytes, instructions,
                deadlineMillis, priority, locality, attributes);
    }

    /** A builder with defaults: priority 5, locality ANY, no deadline, model = kind. */
    public static Builder builder(String id, String kind) {
        return new Builder(id, kind);
    }

    /** Fluent builder of {@link Task}; input bytes default to the encoded size of the input tensor. */
    public static final class Builder {
        private final String id;
        private final String kind;
        private String model;
        private String edgeModel = "";
        private FloatTensor input;
        private String inputRef;
        private long inputBytes = -1;
        private long outputBytes;
        private double instructions;
        private long deadlineMillis = Long.MAX_VALUE;
        private int priority = PRIORITY_DEFAULT;
        private Locality locality = Locality.ANY;
        private Map<String, String> attributes = Map.of();

        Builder(String id, String kind) {
            this.id = id;
            this.kind = kind;
            this.model = kind;
        }

        public Builder model(String value) {
            this.model = value;
            return this;
        }

        public Builder edgeModel(String value) {
            this.edgeModel = value;
            return this;
        }

        /** The input tensor: row-major values and the shape (including the batch dimension). */
        public Builder input(float[] values, long... shape) {
            this.input = new FloatTensor(shape, values);
            return this;
        }

        public Builder inputRef(String reference, long sizeBytes) {
            this.inputRef = reference;
            this.inputBytes = sizeBytes;
            return this;
        }

        /** Size of the input on the wire, in bytes (overrides the size computed from the tensor). */
        public Builder inputBytes(long bytes) {
            this.inputBytes = bytes;
            return this;
        }

        /** Expected size of the result on the wire, in bytes. */
        public Builder outputBytes(long bytes) {
            this.outputBytes = bytes;
            return this;
        }

        /** Estimated work, in instructions. */
        public Builder instructions(double value) {
            this.instructions = value;
            return this;
        }

        /** Wall-clock deadline, ms since the epoch. */
        public Builder deadline(long epochMillis) {
            this.deadlineMillis = epochMillis;
            return this;
        }

        public Builder priority(int value) {
            this.priority = value;
            return this;
        }

        public Builder locality(Locality value) {
            this.locality = value;
            return this;
        }

        public Builder attributes(Map<String, String> value) {
            this.attributes = value;
            return this;
        }

        public Task build() {
            long bytes = inputBytes;
            if (bytes < 0) {
                bytes = input == null ? 0 : 4L + 8L * input.shape().length + 4L * input.values().length;
            }
            return new Task(id, kind, model, edgeModel, input, inputRef, bytes, outputBytes, instructions,
                    deadlineMillis, priority, locality, attributes);
        }
    }

    /** Encodes the input tensor as an offload payload ({@link TensorPayloads} format); empty when by reference. */
    public byte[] encodedInput() {
        return input == null ? new byte[0] : TensorPayloads.encode(input.shape(), input.values());
    }
}
