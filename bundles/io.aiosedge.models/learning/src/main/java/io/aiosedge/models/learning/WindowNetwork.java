package io.aiosedge.models.learning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The shape of an anomaly network on a raw window of {@link #width()} samples. The graph computes its own inputs:
 * two channels over time, the centred window divided by its standard deviation and the absolute differences of
 * consecutive samples divided by the same (the last step padded with 0), run through the {@link #convolutions()}
 * (each: a 1-D convolution, ReLU, max-pooling); the flattened result and the standardised window
 * {@linkplain WindowStatistics statistics} feed the {@link #hidden()} dense layers (ReLU) and one sigmoid output.
 *
 * @param width samples per window (at least 8)
 * @param convolutions the convolution blocks, first to last (may be empty)
 * @param hidden sizes of the hidden dense layers (may be empty)
 * @param statisticsMean mean of each window statistic over the training windows
 * @param statisticsScale 1 / standard deviation of each statistic over the training windows
 */
public record WindowNetwork(int width, List<Convolution> convolutions, List<Integer> hidden, float[] statisticsMean,
        float[] statisticsScale) {

    /**
     * One convolution block.
     *
     * @param kernel samples the kernel spans (odd, 1-15; "same" padding keeps the length)
     * @param filters output channels (1-256)
     * @param pool max-pooling window and stride in samples (1 = none; must divide the length)
     */
    public record Convolution(int kernel, int filters, int pool) {

        /**
         * @throws IllegalArgumentException naming the value out of range
         */
        public Convolution {
            if (kernel < 1 || kernel > 15 || kernel % 2 == 0) {
                throw new IllegalArgumentException("convolution kernel must be odd and 1-15 samples, not " + kernel);
            }
            if (filters < 1 || filters > 256) {
                throw new IllegalArgumentException("convolution filters must be 1-256, not " + filters);
            }
            if (pool < 1 || pool > 16) {
                throw new IllegalArgumentException("convolution pool must be 1-16 samples, not " + pool);
            }
        }
    }

    /** Input channels of the first convolution (scaled window, scaled absolute differences). */
    public static final int CHANNELS = 2;

    /**
     * @throws IllegalArgumentException naming what is wrong: the width, a pool that does not divide the length,
     *         a hidden size out of 1-4096, statistics of the wrong length or not finite
     */
    public WindowNetwork {
        if (width < 8 || width > 4096) {
            throw new IllegalArgumentException("window width must be 8-4096 samples, not " + width);
        }
        convolutions = List.copyOf(convolutions);
        hidden = List.copyOf(hidden);
        int length = width;
        for (int i = 0; i < convolutions.size(); i++) {
            int pool = convolutions.get(i).pool();
            if (length % pool != 0) {
                throw new IllegalArgumentException("convolution " + (i + 1) + ": pool " + pool
                        + " does not divide the length " + length + " it receives");
            }
            length /= pool;
        }
        for (int size : hidden) {
            if (size < 1 || size > 4096) {
                throw new IllegalArgumentException("hidden layer size must be 1-4096, not " + size);
            }
        }
        statisticsMean = check("statisticsMean", statisticsMean);
        statisticsScale = check("statisticsScale", statisticsScale);
    }

    private static float[] check(String name, float[] values) {
        if (values == null || values.length != WindowStatistics.COUNT) {
            throw new IllegalArgumentException(name + " must hold " + WindowStatistics.COUNT + " values, not "
                    + (values == null ? "null" : Integer.toString(values.length)));
        }
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(name + " holds a value that is not finite: " + Arrays.toString(values));
            }
        }
        return values.clone();
    }

    /**
     * A network whose statistics are standardised with the mean and spread measured on {@code trainingWindows}.
     *
     * @param width samples per window
     * @param convolutions the convolution blocks
     * @param hidden the hidden dense layer sizes
     * @param trainingWindows windows of {@code width} samples (at least 2)
     * @return the network
     */
    public static WindowNetwork standardisedOn(int width, List<Convolution> convolutions, List<Integer> hidden,
            float[][] trainingWindows) {
        if (trainingWindows == null || trainingWindows.length < 2) {
            throw new IllegalArgumentException("at least 2 training windows are needed to standardise the statistics");
        }
        double[] sum = new double[WindowStatistics.COUNT];
        double[] squares = new double[WindowStatistics.COUNT];
        for (float[] window : trainingWindows) {
            if (window == null || window.length != width) {
                throw new IllegalArgumentException("a training window has " + (window == null ? "no" : window.length)
                        + " samples, not " + width);
            }
            float[] s = WindowStatistics.of(window);
            for (int j = 0; j < s.length; j++) {
                sum[j] += s[j];
                squares[j] += s[j] * (double) s[j];
            }
        }
        float[] mean = new float[WindowStatistics.COUNT];
        float[] scale = new float[WindowStatistics.COUNT];
        for (int j = 0; j < mean.length; j++) {
            double m = sum[j] / trainingWindows.length;
            double variance = Math.max(squares[j] / trainingWindows.length - m * m, 1e-12);
            mean[j] = (float) m;
            scale[j] = (float) (1 / Math.sqrt(variance));
        }
        return new WindowNetwork(width, convolutions, hidden, mean, scale);
    }

    /** @return the length of the sequence leaving the last convolution block */
    int convolvedLength() {
        int length = this.width;
        for (Convolution c : this.convolutions) {
            length /= c.pool();
        }
        return length;
    }

    /** @return channels leaving the last convolution block */
    int convolvedChannels() {
        return this.convolutions.isEmpty() ? CHANNELS : this.convolutions.get(this.convolutions.size() - 1).filters();
    }

    /** @return the trainable parameters: kernels and biases of every layer */
    public long parameters() {
        long count = 0;
        int channels = CHANNELS;
        for (Convolution c : this.convolutions) {
            count += (long) c.kernel() * channels * c.filters() + c.filters();
            channels = c.filters();
        }
        long inputs = (long) convolvedLength() * convolvedChannels();
        int statistics = WindowStatistics.COUNT;
        for (int size : this.hidden) {
            count += inputs * size + (long) statistics * size + size;
            inputs = size;
            statistics = 0;
        }
        count += inputs + statistics + 1;
        return count;
    }

    /** @return one line that {@link #parse} reads back, e.g. {@code width=64 conv=5x16/2,5x32/2 hidden=48 mean=… scale=…} */
    public String encode() {
        List<String> conv = new ArrayList<>();
        for (Convolution c : this.convolutions) {
            conv.add(c.kernel() + "x" + c.filters() + "/" + c.pool());
        }
        List<String> sizes = new ArrayList<>();
        for (int h : this.hidden) {
            sizes.add(Integer.toString(h));
        }
        return "width=" + this.width + " conv=" + String.join(",", conv) + " hidden=" + String.join(",", sizes)
                + " mean=" + floats(this.statisticsMean) + " scale=" + floats(this.statisticsScale);
    }

    private static String floats(float[] values) {
        List<String> parts = new ArrayList<>();
        for (float v : values) {
            parts.add(String.format(Locale.ROOT, "%s", Float.toString(v)));
        }
        return String.join(",", parts);
    }

    /**
     * Reads what {@link #encode()} wrote.
     *
     * @param text the encoded network
     * @return the network
     * @throws IllegalArgumentException naming the part that cannot be read
     */
    public static WindowNetwork parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("network description is null");
        }
        int width = -1;
        List<Convolution> conv = new ArrayList<>();
        List<Integer> hidden = new ArrayList<>();
        float[] mean = null;
        float[] scale = null;
        for (String part : text.trim().split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("network description: '" + part + "' is not key=value");
            }
            String key = part.substring(0, eq);
            String value = part.substring(eq + 1);
            try {
                switch (key) {
                    case "width" -> width = Integer.parseInt(value);
                    case "conv" -> {
                        for (String c : list(value)) {
                            int x = c.indexOf('x');
                            int slash = c.indexOf('/');
                            if (x < 0 || slash < x) {
                                throw new IllegalArgumentException("network description: convolution '" + c
                                        + "' is not <kernel>x<filters>/<pool>");
                            }
                            conv.add(new Convolution(Integer.parseInt(c.substring(0, x)),
                                    Integer.parseInt(c.substring(x + 1, slash)), Integer.parseInt(c.substring(slash + 1))));
                        }
                    }
                    case "hidden" -> list(value).forEach(h -> hidden.add(Integer.parseInt(h)));
                    case "mean" -> mean = parseFloats(value);
                    case "scale" -> scale = parseFloats(value);
                    default -> throw new IllegalArgumentException("network description: unknown key '" + key + "'");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("network description: " + key + " '" + value + "' is not a number list");
            }
        }
        if (width < 0) {
            throw new IllegalArgumentException("network description has no width: '" + text + "'");
        }
        return new WindowNetwork(width, conv, hidden, mean, scale);
    }

    private static List<String> list(String value) {
        return value.isEmpty() ? List.of() : Arrays.asList(value.split(","));
    }

    private static float[] parseFloats(String value) {
        List<String> parts = list(value);
        float[] out = new float[parts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.parseFloat(parts.get(i));
        }
        return out;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WindowNetwork n && n.width == this.width && n.convolutions.equals(this.convolutions)
                && n.hidden.equals(this.hidden) && Arrays.equals(n.statisticsMean, this.statisticsMean)
                && Arrays.equals(n.statisticsScale, this.statisticsScale);
    }

    @Override
    public int hashCode() {
        return encode().hashCode();
    }

    @Override
    public String toString() {
        return encode();
    }
}
