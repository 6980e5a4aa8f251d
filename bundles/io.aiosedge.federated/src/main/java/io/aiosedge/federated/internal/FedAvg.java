package io.aiosedge.federated.internal;

import java.util.List;

/**
 * Federated averaging (McMahan et al. 2017): the sample-weighted mean of the participants' weight deltas, so a
 * gateway that trained on twice the windows counts twice. The new global model is the old one plus this mean.
 */
public final class FedAvg {

    /** One participant's contribution: its delta and the windows it trained on. */
    public record Contribution(float[] delta, long samples) {
    }

    private FedAvg() {
    }

    /**
     * @param contributions at least one; every delta of the same length, every sample count ≥ 1
     * @return the sample-weighted mean delta
     * @throws IllegalArgumentException naming an empty list, a length that differs or a count below 1
     */
    public static float[] average(List<Contribution> contributions) {
        if (contributions.isEmpty()) {
            throw new IllegalArgumentException("nothing to average: no contributions");
        }
        int length = contributions.get(0).delta().length;
        double total = 0;
        for (int i = 0; i < contributions.size(); i++) {
            Contribution c = contributions.get(i);
            if (c.delta().length != length) {
                throw new IllegalArgumentException("contribution " + i + " holds " + c.delta().length
                        + " values, the first " + length);
            }
            if (c.samples() < 1) {
                throw new IllegalArgumentException("contribution " + i + " trained on " + c.samples()
                        + " samples; at least 1 is needed");
            }
            total += c.samples();
        }
        double[] sum = new double[length];
        for (Contribution c : contributions) {
            double weight = c.samples() / total;
            float[] d = c.delta();
            for (int j = 0; j < length; j++) {
                sum[j] += weight * d[j];
            }
        }
        float[] mean = new float[length];
        for (int j = 0; j < length; j++) {
            mean[j] = (float) sum[j];
        }
        return mean;
    }
}
