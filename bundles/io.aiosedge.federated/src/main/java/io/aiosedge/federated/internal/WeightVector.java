package io.aiosedge.federated.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's parameters as one flat vector, parameters in the model's graph order (the order of
 * {@code TrainableModel.weights()}), each row-major. Updates, averages and norms work on this form.
 */
public final class WeightVector {

    private WeightVector() {
    }

    /** @return every parameter's values one after the other, in the map's order */
    public static float[] flatten(Map<String, float[]> weights) {
        int size = 0;
        for (float[] values : weights.values()) {
            size += values.length;
        }
        float[] flat = new float[size];
        int at = 0;
        for (float[] values : weights.values()) {
            System.arraycopy(values, 0, flat, at, values.length);
            at += values.length;
        }
        return flat;
    }

    /**
     * @param flat the vector
     * @param shapes each parameter's shape, in graph order
     * @return the parameters by name
     * @throws IllegalArgumentException when the vector's length is not the shapes' total
     */
    public static Map<String, float[]> unflatten(float[] flat, Map<String, long[]> shapes) {
        int total = size(shapes);
        if (flat.length != total) {
            throw new IllegalArgumentException("weight vector holds " + flat.length + " values, the model has " + total);
        }
        Map<String, float[]> weights = new LinkedHashMap<>();
        int at = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            int n = 1;
            for (long d : e.getValue()) {
                n *= (int) d;
            }
            float[] values = new float[n];
            System.arraycopy(flat, at, values, 0, n);
            weights.put(e.getKey(), values);
            at += n;
        }
        return weights;
    }

    /** @return how many values the shapes hold together */
    public static int size(Map<String, long[]> shapes) {
        long total = 0;
        for (long[] shape : shapes.values()) {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            total += n;
        }
        return Math.toIntExact(total);
    }

    /** @return the Euclidean (L2) norm */
    public static double norm(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum);
    }

    /** @return {@code a − b} element-wise */
    public static float[] minus(float[] a, float[] b) {
        requireSameLength(a, b);
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }

    /** @return {@code a + b} element-wise */
    public static float[] plus(float[] a, float[] b) {
        requireSameLength(a, b);
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    private static void requireSameLength(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " values");
        }
    }
}
