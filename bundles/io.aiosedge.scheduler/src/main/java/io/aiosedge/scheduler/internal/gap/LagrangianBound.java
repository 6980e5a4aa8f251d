package io.aiosedge.scheduler.internal.gap;

/**
 * Lower bound of a {@link GapInstance} by relaxing the capacity constraints with multipliers λ ≥ 0:
 * {@code L(λ) = Σ_j min_i (c_ij + λ_i r_ij) − Σ_i λ_i b_i}, maximised by subgradient steps (Polyak step towards
 * an upper bound, halving the step after stalls). Its best λ also gives the reduced costs
 * {@code c_ij + λ_i r_ij} that branch and bound uses to fix variables and order branches.
 */
public final class LagrangianBound {

    private final double[] lambda;
    private final double bound;

    private LagrangianBound(double[] lambda, double bound) {
        this.lambda = lambda;
        this.bound = bound;
    }

    public double bound() {
        return bound;
    }

    public double[] lambda() {
        return lambda.clone();
    }

    /** Runs at most {@code iterations} subgradient steps; {@code upperBound} may be +Infinity. */
    public static LagrangianBound compute(GapInstance instance, double upperBound, int iterations) {
        int m = instance.agents();
        int n = instance.jobs();
        double[][] c = instance.cost();
        double[][] r = instance.requirement();
        double[] b = instance.capacity();
        double[] lambda = new double[m];
        double[] bestLambda = new double[m];
        double best = Double.NEGATIVE_INFINITY;
        double[] gradient = new double[m];
        double theta = 2.0;
        int stall = 0;
        for (int step = 0; step < iterations; step++) {
            double value = 0;
            for (int i = 0; i < m; i++) {
                value -= lambda[i] * b[i];
                gradient[i] = -b[i];
            }
            for (int j = 0; j < n; j++) {
                int argmin = -1;
                double min = Double.POSITIVE_INFINITY;
                for (int i = 0; i < m; i++) {
                    double reduced = c[i][j] + lambda[i] * r[i][j];
                    if (reduced < min) {
                        min = reduced;
                        argmin = i;
                    }
                }
                if (argmin < 0) {
                    return new LagrangianBound(bestLambda, Double.POSITIVE_INFINITY);
                }
                value += min;
                gradient[argmin] += r[argmin][j];
            }
            if (value > best + 1e-9) {
                best = value;
                System.arraycopy(lambda, 0, bestLambda, 0, m);
                stall = 0;
            } else if (++stall >= 15) {
                theta /= 2;
                stall = 0;
                if (theta < 1e-4) {
                    break;
                }
            }
            double norm = 0;
            for (int i = 0; i < m; i++) {
                // Projected subgradient: a multiplier at 0 with slack cannot decrease.
                if (lambda[i] <= 0 && gradient[i] < 0) {
                    gradient[i] = 0;
                }
                norm += gradient[i] * gradient[i];
            }
            if (norm == 0) {
                break; // the relaxed solution is feasible and complementary: L is the optimum of the relaxation
            }
            double target = Double.isFinite(upperBound) ? upperBound : value + Math.abs(value) * 0.05 + 1;
            double size = theta * Math.max(target - value, 1e-6) / norm;
            for (int i = 0; i < m; i++) {
                lambda[i] = Math.max(0, lambda[i] + size * gradient[i]);
            }
        }
        return new LagrangianBound(bestLambda, best);
    }
}
