package io.aiosedge.models.trainer;

import java.util.SplittableRandom;

/**
 * A fully connected network with ReLU hidden layers and one sigmoid output, trained on binary cross-entropy
 * with Adam, in plain Java with a fixed seed (so training is reproducible). Its first layer standardises the
 * first {@code standardised} inputs with means and deviations taken from the training set. With no hidden
 * layer it is logistic regression.
 */
final class DenseNetwork {

    final int[] sizes;
    final float[][][] weights;
    final float[][] biases;
    final float[] inputMean;
    final float[] inputScale;

    /**
     * @param sizes inputs, hidden layers, 1
     * @param seed seed of the initial weights
     */
    DenseNetwork(int[] sizes, long seed) {
        this.sizes = sizes.clone();
        SplittableRandom random = new SplittableRandom(seed);
        this.weights = new float[sizes.length - 1][][];
        this.biases = new float[sizes.length - 1][];
        for (int l = 0; l < sizes.length - 1; l++) {
            double scale = Math.sqrt(2.0 / sizes[l]);
            this.weights[l] = new float[sizes[l]][sizes[l + 1]];
            this.biases[l] = new float[sizes[l + 1]];
            for (float[] row : this.weights[l]) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = (float) (gaussian(random) * scale);
                }
            }
        }
        this.inputMean = new float[sizes[0]];
        this.inputScale = new float[sizes[0]];
        java.util.Arrays.fill(this.inputScale, 1f);
    }

    /** Sets the standardisation of the first {@code count} inputs from the training data. */
    void standardise(float[][] inputs, int count) {
        for (int j = 0; j < count; j++) {
            double sum = 0;
            double squares = 0;
            for (float[] row : inputs) {
                sum += row[j];
                squares += row[j] * (double) row[j];
            }
            double mean = sum / inputs.length;
            double variance = Math.max(squares / inputs.length - mean * mean, 1e-12);
            this.inputMean[j] = (float) mean;
            this.inputScale[j] = (float) (1.0 / Math.sqrt(variance));
        }
    }

    /** @return the anomaly probability */
    float predict(float[] input) {
        return forward(input)[this.sizes.length - 1][0];
    }

    /** @return the activations of every layer (layer 0: the standardised input) */
    float[][] forward(float[] input) {
        float[][] activations = new float[this.sizes.length][];
        float[] a = new float[input.length];
        for (int j = 0; j < input.length; j++) {
            a[j] = (input[j] - this.inputMean[j]) * this.inputScale[j];
        }
        activations[0] = a;
        for (int l = 0; l < this.weights.length; l++) {
            float[] next = this.biases[l].clone();
            float[][] w = this.weights[l];
            for (int i = 0; i < a.length; i++) {
                float ai = a[i];
                if (ai == 0) {
                    continue;
                }
                float[] wi = w[i];
                for (int j = 0; j < next.length; j++) {
                    next[j] += ai * wi[j];
                }
            }
            boolean output = l == this.weights.length - 1;
            for (int j = 0; j < next.length; j++) {
                next[j] = output ? (float) (1.0 / (1.0 + Math.exp(-next[j]))) : Math.max(0f, next[j]);
            }
            activations[l + 1] = next;
            a = next;
        }
        return activations;
    }

    /**
     * Trains with Adam on mini-batches in an order drawn from {@code seed}.
     *
     * @param inputs training inputs
     * @param labels 0 or 1
     * @param epochs passes over the data
     * @param batchSize samples per step
     * @param learningRate Adam step size
     * @param l2 weight decay
     * @param seed seed of the sample order
     */
    void train(float[][] inputs, int[] labels, int epochs, int batchSize, double learningRate, double l2, long seed) {
        int layers = this.weights.length;
        float[][][] mW = zerosLike(this.weights);
        float[][][] vW = zerosLike(this.weights);
        float[][] mB = zerosLike(this.biases);
        float[][] vB = zerosLike(this.biases);
        float[][][] gW = zerosLike(this.weights);
        float[][] gB = zerosLike(this.biases);
        SplittableRandom random = new SplittableRandom(seed);
        int[] order = new int[inputs.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        double beta1 = 0.9;
        double beta2 = 0.999;
        long step = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            for (int start = 0; start < order.length; start += batchSize) {
                int end = Math.min(order.length, start + batchSize);
                clear(gW);
                clear(gB);
                for (int s = start; s < end; s++) {
                    backward(inputs[order[s]], labels[order[s]], gW, gB);
                }
                step++;
                double correction1 = 1 - Math.pow(beta1, step);
                double correction2 = 1 - Math.pow(beta2, step);
                int n = end - start;
                for (int l = 0; l < layers; l++) {
                    for (int i = 0; i < this.weights[l].length; i++) {
                        for (int j = 0; j < this.weights[l][i].length; j++) {
                            double g = gW[l][i][j] / n + l2 * this.weights[l][i][j];
                            mW[l][i][j] = (float) (beta1 * mW[l][i][j] + (1 - beta1) * g);
                            vW[l][i][j] = (float) (beta2 * vW[l][i][j] + (1 - beta2) * g * g);
                            this.weights[l][i][j] -= (float) (learningRate * (mW[l][i][j] / correction1)
                                    / (Math.sqrt(vW[l][i][j] / correction2) + 1e-8));
                        }
                    }
                    for (int j = 0; j < this.biases[l].length; j++) {
                        double g = gB[l][j] / n;
                        mB[l][j] = (float) (beta1 * mB[l][j] + (1 - beta1) * g);
                        vB[l][j] = (float) (beta2 * vB[l][j] + (1 - beta2) * g * g);
                        this.biases[l][j] -= (float) (learningRate * (mB[l][j] / correction1)
                                / (Math.sqrt(vB[l][j] / correction2) + 1e-8));
                    }
                }
            }
        }
    }

    /** Adds the cross-entropy gradient of one sample to {@code gW}, {@code gB}. */
    private void backward(float[] input, int label, float[][][] gW, float[][] gB) {
        float[][] activations = forward(input);
        int layers = this.weights.length;
        // Sigmoid + cross-entropy: the output delta is prediction − label.
        float[] delta = {activations[layers][0] - label};
        for (int l = layers - 1; l >= 0; l--) {
            float[] a = activations[l];
            for (int i = 0; i < a.length; i++) {
                if (a[i] == 0) {
                    continue;
                }
                for (int j = 0; j < delta.length; j++) {
                    gW[l][i][j] += a[i] * delta[j];
                }
            }
            for (int j = 0; j < delta.length; j++) {
                gB[l][j] += delta[j];
            }
            if (l > 0) {
                float[] previous = new float[a.length];
                for (int i = 0; i < a.length; i++) {
                    if (a[i] <= 0) {
                        continue; // ReLU gradient
                    }
                    float sum = 0;
                    for (int j = 0; j < delta.length; j++) {
                        sum += this.weights[l][i][j] * delta[j];
                    }
                    previous[i] = sum;
                }
                delta = previous;
            }
        }
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static float[][][] zerosLike(float[][][] shape) {
        float[][][] zeros = new float[shape.length][][];
        for (int l = 0; l < shape.length; l++) {
            zeros[l] = zerosLike(shape[l]);
        }
        return zeros;
    }

    private static float[][] zerosLike(float[][] shape) {
        float[][] zeros = new float[shape.length][];
        for (int i = 0; i < shape.length; i++) {
            zeros[i] = new float[shape[i].length];
        }
        return zeros;
    }

    private static void clear(float[][][] values) {
        for (float[][] layer : values) {
            clear(layer);
        }
    }

    private static void clear(float[][] values) {
        for (float[] row : values) {
            java.util.Arrays.fill(row, 0f);
        }
    }
}
