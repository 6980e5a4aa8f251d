package io.aiosedge.api.scheduler;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The cost model's estimate for one task on one node, immutable. The estimated completion time (from now)
 * is {@code waitMillis + inputTransferMillis + computeMillis + outputTransferMillis}.
 *
 * @param allowed whether the task may run there at all (locality, node available, model served, an executor
 *        reaches it, link up); when false the times are meaningless and {@code note} says why
 * @param waitMillis expected wait for a slot on the node, in ms
 * @param inputTransferMillis expected time to send the input, in ms (0 on the gateway)
 * @param computeMillis expected compute time, in ms (learned mean for the (kind, node) pair, else the prior)
 * @param outputTransferMillis expected time to receive the result, in ms (0 on the gateway)
 * @param computeStddevMillis standard deviation of the learned compute time, in ms (0 before 2 samples)
 * @param samples completed tasks of the same kind the compute estimate learned from
 * @param note why not allowed, or how the estimate was made (e.g. "prior", "learned"); never null
 */
@ProviderType
public record Estimate(boolean allowed, double waitMillis, double inputTransferMillis, double computeMillis,
        double outputTransferMillis, double computeStddevMillis, long samples, String note) {

    /** An estimate for a node the task may not run on. */
    public static Estimate notAllowed(String why) {
        return new Estimate(false, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY, 0, 0, why);
    }

    /** Estimated completion from now, in ms; {@code +Infinity} when not allowed. */
    public double completionMillis() {
        return allowed ? waitMillis + inputTransferMillis + computeMillis + outputTransferMillis
                : Double.POSITIVE_INFINITY;
    }
}
