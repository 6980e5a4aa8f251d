package io.aiosedge.federated.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the coordinator does with a round's updates, without the messaging: refuse those that are not finite, clip
 * the rest to the norm bound, refuse those far out of the round's norm distribution ({@link OutlierFilter}, on the
 * norms as received), and average what is left by samples ({@link FedAvg}). Duplicate and stale updates never get
 * here ({@link ReplayGuard} refuses them on arrival).
 */
public final class Aggregation {

    /**
     * @param weights the new global weights; empty when fewer than the minimum updates were accepted
     * @param accepted gateways averaged, with their sample counts
     * @param refused gateways refused, with the reason
     * @param medianNorm median norm of the finite updates (NaN when none)
     * @param step what was added to the global weights (null when nothing)
     */
    public record Outcome(Optional<float[]> weights, Map<String, Long> accepted, Map<String, String> refused,
            double medianNorm, float[] step) {
    }

    /** Tells the aggregation that the outcome's model was kept (its step becomes the velocity) or not (reset). */
    public void kept(Outcome outcome, boolean kept) {
        velocity = kept && outcome.step() != null ? outcome.step() : null;
    }

    private final NormClipping clipping;
    private final OutlierFilter outliers;
    private final int minimum;
    private final double momentum;
    private float[] velocity;

    /**
     * @param clip server-side clipping norm (&gt; 0)
     * @param outlierFactor how many times the median norm an update may reach (≥ 1)
     * @param minimum fewest accepted updates for a new model (≥ 1)
     */
    public Aggregation(double clip, double outlierFactor, int minimum) {
        this(clip, outlierFactor, minimum, 0);
    }

    /**
     * @param momentum server momentum (FedAvgM, Hsu et al. 2019), 0..0.99: the step applied is the mean delta plus
     *        {@code momentum} times the previous step; 0 is plain FedAvg. The velocity lives in memory only (a
     *        restart starts it at 0).
     */
    public Aggregation(double clip, double outlierFactor, int minimum, double momentum) {
        if (!(momentum >= 0 && momentum <= 0.99)) {
            throw new IllegalArgumentException("server momentum must be within 0..0.99, not " + momentum);
        }
        this.momentum = momentum;
        this.clipping = new NormClipping(clip);
        this.outliers = new OutlierFilter(outlierFactor);
        if (minimum < 1) {
            throw new IllegalArgumentException("minimum participants must be at least 1, not " + minimum);
        }
        this.minimum = minimum;
    }

    /**
     * @param global the round's global weights
     * @param updates the updates admitted in the round (each of another gateway)
     */
    public Outcome aggregate(float[] global, List<FederatedMessages.Update> updates) {
        Map<String, String> refused = new LinkedHashMap<>();
        List<FederatedMessages.Update> finite = new ArrayList<>();
        for (FederatedMessages.Update u : updates) {
            Optional<String> problem = u.delta().length != global.length
                    ? Optional.of(u.delta().length + " values, the model has " + global.length)
                    : FiniteCheck.problem(u.delta());
            if (problem.isPresent()) {
                refused.put(u.gateway(), "not usable: " + problem.get());
            } else {
                finite.add(u);
            }
        }
        double[] norms = finite.stream().mapToDouble(u -> WeightVector.norm(u.delta())).toArray();
        double median = norms.length == 0 ? Double.NaN : OutlierFilter.median(norms);
        List<Integer> far = outliers.refused(norms);
        Map<String, Long> accepted = new LinkedHashMap<>();
        List<FedAvg.Contribution> contributions = new ArrayList<>();
        for (int i = 0; i < finite.size(); i++) {
            FederatedMessages.Update u = finite.get(i);
            if (far.contains(i)) {
                refused.put(u.gateway(), String.format(java.util.Locale.ROOT,
                        "out of distribution: norm %.4g > %.1f x median %.4g", norms[i], outliers.factor(), median));
                continue;
            }
            contributions.add(new FedAvg.Contribution(clipping.clip(u.delta()), u.samples()));
            accepted.put(u.gateway(), u.samples());
        }
        if (contributions.size() < minimum) {
            return new Outcome(Optional.empty(), accepted, refused, median, null);
        }
        float[] step = FedAvg.average(contributions);
        if (momentum > 0) {
            if (velocity != null && velocity.length == step.length) {
                for (int i = 0; i < step.length; i++) {
                    step[i] += (float) (momentum * velocity[i]);
                }
            }
        }
        return new Outcome(Optional.of(WeightVector.plus(global, step)), accepted, refused, median, step);
    }
}
