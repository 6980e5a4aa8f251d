package io.aiosedge.models.learning;

/**
 * The window statistics every {@link WindowNetwork} sees besides its convolutions, computed here in Java (to
 * standardise them on training data) and as TensorFlow ops in the graph. With {@code c = x − mean(x)} and
 * {@code d[i] = x[i+1] − x[i]}: {@code std = sqrt(mean(c²) + 1e-6)}, {@code max|d|}, {@code mean|d|},
 * {@code max|c|} and the share of steps with {@code |d| < 1e-6} (a stuck sensor repeats its value exactly).
 */
public final class WindowStatistics {

    /** Statistics per window. */
    public static final int COUNT = 5;
    /** Added to the variance before the square root, and the bound of a "stuck" step. */
    public static final float EPSILON = 1e-6f;

    private WindowStatistics() {
    }

    /**
     * @param x one window (at least 2 samples)
     * @return {std, max|d|, mean|d|, max|c|, share of |d| < 1e-6}
     */
    public static float[] of(float[] x) {
        if (x == null || x.length < 2) {
            throw new IllegalArgumentException("a window needs at least 2 samples");
        }
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
}
