package io.aiosedge.models.trainer;

/**
 * The inputs both models compute from a raw window, in Java for training; {@link SavedModelWriter} builds the
 * same computation as TensorFlow ops, so the exported models take the raw window.
 *
 * <p>With {@code c = x − mean(x)} and {@code d[i] = x[i+1] − x[i]}: the <b>summary</b> features are
 * {@code std = sqrt(mean(c²) + 1e-6)}, {@code max|d|}, {@code mean|d|}, {@code max|c|} (edge model), plus
 * {@code share of d with |d| < 1e-6} (cloud model: a stuck sensor repeats its value exactly). The cloud model
 * also sees the whole window scaled by its spread: {@code c / std} and {@code |d| / std}.
 */
final class WindowFeatures {

    /** Samples per window. */
    static final int WINDOW = 64;
    /** Summary features of the edge model. */
    static final int EDGE_SUMMARY = 4;
    /** Summary features of the cloud model. */
    static final int CLOUD_SUMMARY = 5;
    /** Inputs of the cloud network: summary, scaled window, scaled absolute differences. */
    static final int CLOUD_INPUTS = CLOUD_SUMMARY + WINDOW + (WINDOW - 1);
    static final float EPSILON = 1e-6f;

    private WindowFeatures() {
    }

    /** @return {std, max|d|, mean|d|, max|c|, share of |d| < 1e-6} */
    static float[] summary(float[] x) {
        float mean = 0;
        for (float v : x) {
            mean += v;
        }
        mean /= x.length;
        float squares = 0;
        float maxAbsC = 0;
        for (float v : x) {
            float c = v - mean;
            squares += c * c;
            maxAbsC = Math.max(maxAbsC, Math.abs(c));
        }
        float std = (float) Math.sqrt(squares / x.length + EPSILON);
        float maxAbsD = 0;
        float sumAbsD = 0;
        float flat = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            float d = Math.abs(x[i + 1] - x[i]);
            maxAbsD = Math.max(maxAbsD, d);
            sumAbsD += d;
            flat += d < EPSILON ? 1 : 0;
        }
        return new float[] {std, maxAbsD, sumAbsD / (x.length - 1), maxAbsC, flat / (x.length - 1)};
    }

    /** @return the edge model's inputs: the first {@value #EDGE_SUMMARY} summary features */
    static float[] edge(float[] x) {
        float[] all = summary(x);
        float[] edge = new float[EDGE_SUMMARY];
        System.arraycopy(all, 0, edge, 0, EDGE_SUMMARY);
        return edge;
    }

    /** @return the cloud model's inputs: summary, {@code c / std}, {@code |d| / std} */
    static float[] cloud(float[] x) {
        float[] summary = summary(x);
        float std = summary[0];
        float mean = 0;
        for (float v : x) {
            mean += v;
        }
        mean /= x.length;
        float[] inputs = new float[CLOUD_INPUTS];
        System.arraycopy(summary, 0, inputs, 0, CLOUD_SUMMARY);
        for (int i = 0; i < WINDOW; i++) {
            inputs[CLOUD_SUMMARY + i] = (x[i] - mean) / std;
        }
        for (int i = 0; i + 1 < WINDOW; i++) {
            inputs[CLOUD_SUMMARY + WINDOW + i] = Math.abs(x[i + 1] - x[i]) / std;
        }
        return inputs;
    }
}
