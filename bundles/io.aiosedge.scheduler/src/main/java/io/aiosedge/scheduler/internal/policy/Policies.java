package io.aiosedge.scheduler.internal.policy;

import java.util.List;

import io.aiosedge.api.scheduler.PlacementPolicy;

/** The built-in policies by name. */
public final class Policies {

    public static final String LOCAL_ONLY = "local-only";
    public static final String CLOUD_ONLY = "cloud-only";
    public static final String ROUND_ROBIN = "round-robin";
    public static final String RANDOM = "random";
    public static final String MIN_COMPLETION = "min-completion";
    public static final String BATCH_OPTIMAL = "batch-optimal";
    public static final String JOINT_INFERENCE = "joint-inference";

    /** Every built-in name, baselines first. */
    public static final List<String> NAMES = List.of(LOCAL_ONLY, CLOUD_ONLY, ROUND_ROBIN, RANDOM, MIN_COMPLETION,
            BATCH_OPTIMAL, JOINT_INFERENCE);

    private Policies() {
    }

    /** A new instance of the named built-in policy, or null when the name is not built in. */
    public static PlacementPolicy create(String name, PolicyOptions options) {
        switch (name) {
        case LOCAL_ONLY:
            return new LocalOnlyPolicy();
        case CLOUD_ONLY:
            return new CloudOnlyPolicy();
        case ROUND_ROBIN:
            return new RoundRobinPolicy();
        case RANDOM:
            return new RandomPolicy(options.seed());
        case MIN_COMPLETION:
            return new MinCompletionPolicy();
        case BATCH_OPTIMAL:
            return new BatchOptimalPolicy(options);
        case JOINT_INFERENCE:
            return new JointInferencePolicy(options.confidenceThreshold());
        default:
            return null;
        }
    }
}
