package io.aiosedge.scheduler.internal.gap;

/**
 * A start for the local search from the Lagrangian multipliers λ of the capacity constraints: every job goes to
 * the agent of least reduced cost {@code c_ij + λ_i r_ij} (the relaxation's own solution, which on tight
 * instances is close to the optimum in cost but overloads some agents), then jobs leave overloaded agents one at
 * a time, each time the move that relieves the most overload per unit of reduced cost given up, until every agent
 * fits or no move relieves any. With λ = 0 this is "every job on its cheapest agent, then repair".
 */
final class LagrangianStart {

    private LagrangianStart() {
    }

    /**
     * The start assignment; a job with no allowed agent makes it throw.
     *
     * @param lambda one multiplier ≥ 0 per agent
     */
    static int[] build(GapInstance instance, double[] lambda) {
        return build(instance, lambda, 4 * instance.jobs());
    }

    /** As {@link #build(GapInstance, double[])}, with at most {@code repairSteps} repair moves (0: none). */
    static int[] build(GapInstance instance, double[] lambda, int repairSteps) {
        int m = instance.agents();
        int n = instance.jobs();
        if (lambda.length != m) {
            throw new IllegalArgumentException("lambda has " + lambda.length + " entries, expected " + m);
        }
        double[][] c = instance.cost();
        double[][] r = instance.requirement();
        double[] b = instance.capacity();
        int[] assign = new int[n];
        double[] load = new double[m];
        for (int j = 0; j < n; j++) {
            int argmin = -1;
            double min = Double.POSITIVE_INFINITY;
            for (int i = 0; i < m; i++) {
                double reduced = c[i][j] + lambda[i] * r[i][j];
                if (c[i][j] < Double.POSITIVE_INFINITY && reduced < min) {
                    min = reduced;
                    argmin = i;
                }
            }
            if (argmin < 0) {
                throw new IllegalArgumentException("job " + j + " has no allowed agent");
            }
            assign[j] = argmin;
            load[argmin] += r[argmin][j];
        }
        // Repair: each step moves the job whose move buys the most overload relief per unit of reduced cost.
        for (int step = 0; step < repairSteps; step++) {
            int pickJob = -1;
            int pickAgent = -1;
            double pickScore = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                int from = assign[j];
                double overFrom = load[from] - b[from];
                if (overFrom <= GapSearchState.EPS) {
                    continue;
                }
                double reducedFrom = c[from][j] + lambda[from] * r[from][j];
                for (int i = 0; i < m; i++) {
                    if (i == from || c[i][j] == Double.POSITIVE_INFINITY) {
                        continue;
                    }
                    double overTo = Math.max(0, load[i] + r[i][j] - b[i]) - Math.max(0, load[i] - b[i]);
                    double relief = Math.min(overFrom, r[from][j]) - overTo;
                    if (relief <= GapSearchState.EPS) {
                        continue;
                    }
                    double loss = c[i][j] + lambda[i] * r[i][j] - reducedFrom;
                    double score = relief / Math.max(loss, 1e-6);
                    if (score > pickScore) {
                        pickScore = score;
                        pickJob = j;
                        pickAgent = i;
                    }
                }
            }
            if (pickJob < 0) {
                break;
            }
            int from = assign[pickJob];
            load[from] -= r[from][pickJob];
            load[pickAgent] += r[pickAgent][pickJob];
            assign[pickJob] = pickAgent;
        }
        return assign;
    }
}
