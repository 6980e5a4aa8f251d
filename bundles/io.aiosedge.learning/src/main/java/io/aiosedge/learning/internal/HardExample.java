package io.aiosedge.learning.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

import io.aiosedge.api.scheduler.TaskCompletion;
import io.aiosedge.api.scheduler.TaskResult;

/**
 * One task the edge model was unsure about, with the full model's answer as its label.
 *
 * @param timeMillis when the full model answered, ms since the epoch
 * @param taskId the task's id
 * @param source what produced the input (the job's name, else the task's kind)
 * @param edgeModel the model that was unsure
 * @param model the full model whose answer is the label
 * @param labelNode the node the full model ran on
 * @param shape the input tensor's shape
 * @param window the input tensor's values
 * @param edgeOutput the edge model's output
 * @param labelOutput the full model's output
 * @param edgeConfidence the edge model's confidence
 */
public record HardExample(long timeMillis, String taskId, String source, String edgeModel, String model,
        String labelNode, long[] shape, float[] window, float[] edgeOutput, float[] labelOutput,
        double edgeConfidence) {

    /** Larger inputs or outputs are not kept (a corrupt length in the store file must not allocate gigabytes). */
    static final int MAX_VALUES = 1 << 20;

    public HardExample {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(edgeModel, "edgeModel");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(labelNode, "labelNode");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(edgeOutput, "edgeOutput");
        Objects.requireNonNull(labelOutput, "labelOutput");
    }

    /** The example an escalated completion gives (the caller checked that it was escalated and has an input). */
    static HardExample of(TaskCompletion completion) {
        TaskResult edge = completion.edgeResult();
        TaskResult label = completion.result();
        String source = completion.task().attributes().getOrDefault("job", completion.task().kind());
        return new HardExample(label.completedAtMillis(), completion.task().id(), source, edge.model(), label.model(),
                label.nodeId(), completion.task().input().shape().clone(), completion.task().input().values().clone(),
                edge.output().clone(), label.output().clone(), edge.confidence());
    }

    /** Bytes this example takes in the store, about. */
    int approximateBytes() {
        return 64 + 4 * (window.length + edgeOutput.length + labelOutput.length) + 8 * shape.length
                + 2 * (taskId.length() + source.length() + edgeModel.length() + model.length() + labelNode.length());
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeLong(timeMillis);
        out.writeUTF(taskId);
        out.writeUTF(source);
        out.writeUTF(edgeModel);
        out.writeUTF(model);
        out.writeUTF(labelNode);
        out.writeInt(shape.length);
        for (long dimension : shape) {
            out.writeLong(dimension);
        }
        writeFloats(out, window);
        writeFloats(out, edgeOutput);
        writeFloats(out, labelOutput);
        out.writeDouble(edgeConfidence);
    }

    static HardExample readFrom(DataInput in) throws IOException {
        long time = in.readLong();
        String taskId = in.readUTF();
        String source = in.readUTF();
        String edgeModel = in.readUTF();
        String model = in.readUTF();
        String labelNode = in.readUTF();
        int rank = in.readInt();
        if (rank < 0 || rank > 8) {
            throw new IOException("shape of rank " + rank);
        }
        long[] shape = new long[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = in.readLong();
        }
        return new HardExample(time, taskId, source, edgeModel, model, labelNode, shape, readFloats(in),
                readFloats(in), readFloats(in), in.readDouble());
    }

    private static void writeFloats(DataOutput out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float value : values) {
            out.writeFloat(value);
        }
    }

    private static float[] readFloats(DataInput in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > MAX_VALUES) {
            throw new IOException("array of " + count + " values");
        }
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HardExample o && timeMillis == o.timeMillis && taskId.equals(o.taskId)
                && source.equals(o.source) && edgeModel.equals(o.edgeModel) && model.equals(o.model)
                && labelNode.equals(o.labelNode) && Arrays.equals(shape, o.shape) && Arrays.equals(window, o.window)
                && Arrays.equals(edgeOutput, o.edgeOutput) && Arrays.equals(labelOutput, o.labelOutput)
                && Double.compare(edgeConfidence, o.edgeConfidence) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(timeMillis, taskId, model) * 31 + Arrays.hashCode(window);
    }

    @Override
    public String toString() {
        return "HardExample[" + taskId + " from " + source + ", " + edgeModel + " " + Arrays.toString(edgeOutput)
                + " vs " + model + "@" + labelNode + " " + Arrays.toString(labelOutput) + "]";
    }
}
