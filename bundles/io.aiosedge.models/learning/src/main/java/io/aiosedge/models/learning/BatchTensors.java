package io.aiosedge.models.learning;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Checks a batch that {@link TrainableModel} is given and copies it into tensors: windows into FP32
 * {@code [rows, width]}, targets into FP32 {@code [rows, 1]}. Static and stateless, holds no lock; the caller
 * closes the tensors.
 */
final class BatchTensors {

    private BatchTensors() {
    }

    /** @throws IllegalArgumentException naming the row and sample when a window is missing, short or not finite */
    static TFloat32 windows(float[][] windows, int width) {
        if (windows == null || windows.length == 0) {
            throw new IllegalArgumentException("no windows given (at least one row of " + width + " samples)");
        }
        float[] flat = new float[windows.length * width];
        for (int i = 0; i < windows.length; i++) {
            if (windows[i] == null || windows[i].length != width) {
                throw new IllegalArgumentException("window " + i + " has " + (windows[i] == null ? "no" : windows[i].length)
                        + " samples; the model takes " + width);
            }
            for (int j = 0; j < width; j++) {
                if (!Float.isFinite(windows[i][j])) {
                    throw new IllegalArgumentException("window " + i + " sample " + j + " is not finite: " + windows[i][j]);
                }
            }
            System.arraycopy(windows[i], 0, flat, i * width, width);
        }
        return TFloat32.tensorOf(Shape.of(windows.length, width), DataBuffers.of(flat, true, false));
    }

    /** @throws IllegalArgumentException when there is not one target per row or a target lies outside [0, 1] */
    static TFloat32 targets(float[] targets, int rows) {
        if (targets == null || targets.length != rows) {
            throw new IllegalArgumentException((targets == null ? "no" : Integer.toString(targets.length))
                    + " targets for " + rows + " windows (one each)");
        }
        for (int i = 0; i < targets.length; i++) {
            if (!(targets[i] >= 0 && targets[i] <= 1)) {
                throw new IllegalArgumentException("target " + i + " must lie in [0, 1], not " + targets[i]);
            }
        }
        return TFloat32.tensorOf(Shape.of(rows, 1), DataBuffers.of(targets, true, false));
    }
}
