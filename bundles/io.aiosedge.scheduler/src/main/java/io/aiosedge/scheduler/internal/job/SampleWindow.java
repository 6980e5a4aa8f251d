package io.aiosedge.scheduler.internal.job;

/**
 * Accumulates samples of C channels until a window of N is full, then hands it out as one row-major input
 * {@code [s0c0, s0c1, ..., s1c0, ...]} (N × C values) and starts the next, non-overlapping window. Not thread-safe
 * (the job's one thread uses it).
 */
public final class SampleWindow {

    private final int channels;
    private final int length;
    private final float[] buffer;
    private int filled;

    /** @param channels values per sample (C); @param length samples per window (N) */
    public SampleWindow(int channels, int length) {
        if (channels < 1 || length < 1) {
            throw new IllegalArgumentException("channels and length must be >= 1: " + channels + ", " + length);
        }
        this.channels = channels;
        this.length = length;
        this.buffer = new float[channels * length];
    }

    /** Adds one sample (C values); returns the full window when this sample completed it, else null. */
    public float[] add(double[] sample) {
        if (sample.length != channels) {
            throw new IllegalArgumentException("sample has " + sample.length + " values for " + channels + " channels");
        }
        for (int c = 0; c < channels; c++) {
            buffer[filled * channels + c] = (float) sample[c];
        }
        if (++filled < length) {
            return null;
        }
        filled = 0;
        return buffer.clone();
    }

    /** Values per sample (C). */
    public int channels() {
        return channels;
    }

    /** Samples in the window being filled. */
    public int filled() {
        return filled;
    }
}
