package io.aiosedge.scheduler.internal.gap;

import java.util.SplittableRandom;

/**
 * Heuristic for the {@link GapInstance}: a regret-greedy start (each round places the job that would lose most by
 * not getting its best agent), then tabu search over shift (one job to another agent) and swap (two jobs on
 * different agents exchange) moves. Capacity may be violated during the search at a price per unit of overload
 * that rises while the current solution is infeasible and falls while it is feasible (strategic oscillation);
 * only feasible solutions are kept as the best. After a long stagnation the search restarts from the best
 * solution with a random kick.
 */
public final class GapTabuSearch {

    private static final double EPS = 1e-9;

    private final GapInstance instance;
    private final int m;
    private final int n;
    private final double[][] c;
    private final double[][] r;
    private final double[] b;
    private final SplittableRandom random;

    private final int[] assign;
    private final double[] load;
    private double cost;
    private double overload;
    private final long[][] tabuUntil;

    private int[] best;
    private double bestCost = Double.POSITIVE_INFINITY;

    public GapTabuSearch(GapInstance instance, long seed) {
        this.instance = instance;
        this.m = instance.agents();
        this.n = instance.jobs();
        this.c = instance.cost();
        this.r = instance.requirement();
        this.b = instance.capacity();
        this.random = new SplittableRandom(seed);
        this.assign = new int[n];
        this.load = new double[m];
        this.tabuUntil = new long[m][n];
    }

    /**
     * Searches until {@code deadlineNanos} ({@link System#nanoTime()}), {@code maxIterations}, or the cost reaches
     * {@code target} (a known lower bound).
     */
    public GapSolution solve(long deadlineNanos, long maxIterations, double target) {
        if (!greedy()) {
            return new GapSolution(null, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, false, 0, 0);
        }
        recordIfBest();
        double alpha = initialPenalty();
        long iteration = 0;
        long lastImprovement = 0;
        long stagnationLimit = 200L + 20L * n;
        int tenureBase = Math.max(3, n / 20);
        while (iteration < maxIterations && bestCost > target + EPS) {
            if ((iteration & 15) == 0 && System.nanoTime() > deadlineNanos) {
                break;
            }
            iteration++;
            if (!move(iteration, alpha, tenureBase)) {
                break;
            }
            if (overload <= EPS) {
                if (cost < bestCost - EPS) {
                    recordIfBest();
                    lastImprovement = iteration;
                }
                alpha = Math.max(alpha / 1.1, 1e-6);
            } else {
                alpha = Math.min(alpha * 1.1, 1e9);
            }
            if (iteration - lastImprovement > stagnationLimit) {
                kick();
                lastImprovement = iteration;
                alpha = initialPenalty();
            }
        }
        return new GapSolution(best == null ? null : best.clone(), bestCost, Double.NEGATIVE_INFINITY, false, 0,
                iteration);
    }

    // ------------------------------------------------------------ construction

    /** Regret greedy; jobs that fit nowhere go where they overload least. False when a job has no allowed agent. */
    private boolean greedy() {
        double[] rest = b.clone();
        boolean[] done = new boolean[n];
        java.util.Arrays.fill(load, 0);
        for (int round = 0; round < n; round++) {
            int pick = -1;
            int pickAgent = -1;
            double pickRegret = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (done[j]) {
                    continue;
                }
                int first = -1;
                double firstCost = Double.POSITIVE_INFINITY;
                double secondCost = Double.POSITIVE_INFINITY;
                for (int i = 0; i < m; i++) {
                    if (r[i][j] <= rest[i] + EPS && c[i][j] < Double.POSITIVE_INFINITY) {
                        if (c[i][j] < firstCost) {
                            secondCost = firstCost;
                            firstCost = c[i][j];
                            first = i;
                        } else if (c[i][j] < secondCost) {
                            secondCost = c[i][j];
                        }
                    }
                }
                double regret = first < 0 ? -1 : secondCost - firstCost;
                if (first >= 0 && regret > pickRegret) {
                    pick = j;
                    pickAgent = first;
                    pickRegret = regret;
                }
            }
            if (pick < 0) {
                // Nothing fits any more: the remaining jobs go where they overload least.
                for (int j = 0; j < n; j++) {
                    if (!done[j]) {
                        int agent = leastOverload(j, rest);
                        if (agent < 0) {
                            return false;
                        }
                        place(j, agent, rest, done);
                    }
                }
                break;
            }
            place(pick, pickAgent, rest, done);
        }
        cost = 0;
        overload = 0;
        for (int j = 0; j < n; j++) {
            cost += c[assign[j]][j];
        }
        for (int i = 0; i < m; i++) {
            overload += over(load[i], i);
        }
        return true;
    }

    private void place(int j, int agent, double[] rest, boolean[] done) {
        assign[j] = agent;
        load[agent] += r[agent][j];
        rest[agent] -= r[agent][j];
        done[j] = true;
    }

    private int leastOverload(int j, double[] rest) {
        int agent = -1;
        double least = Double.POSITIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            if (c[i][j] < Double.POSITIVE_INFINITY && r[i][j] - rest[i] < least) {
                least = r[i][j] - rest[i];
                agent = i;
            }
        }
        return agent;
    }

    private double initialPenalty() {
        double costs = 0;
        double requirements = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                if (c[i][j] < Double.POSITIVE_INFINITY) {
                    costs += Math.abs(c[i][j]);
                    requirements += r[i][j];
                }
            }
        }
        return requirements <= 0 ? 1 : Math.max(costs / requirements, 1e-3);
    }

    // ------------------------------------------------------------ search

    private double over(double value, int i) {
        return value > b[i] ? value - b[i] : 0;
    }

    /** Makes the best admissible move; false when there is none. */
    private boolean move(long iteration, double alpha, int tenureBase) {
        double bestDelta = Double.POSITIVE_INFINITY;
        int kind = 0;
        int moveJob = -1;
        int moveOther = -1;
        int ties = 0;
        for (int j = 0; j < n; j++) {
            int a = assign[j];
            double[] ca = c[a];
            double loadA = load[a];
            double overA = over(loadA, a);
            double newOverA = over(loadA - r[a][j], a);
            for (int i = 0; i < m; i++) {
                if (i == a || c[i][j] == Double.POSITIVE_INFINITY) {
                    continue;
                }
                double dOver = newOverA - overA + over(load[i] + r[i][j], i) - over(load[i], i);
                double dCost = c[i][j] - ca[j];
                double delta = dCost + alpha * dOver;
                if (delta > bestDelta + EPS) {
                    continue;
                }
                if (tabuUntil[i][j] > iteration
                        && !(overload + dOver <= EPS && cost + dCost < bestCost - EPS)) {
                    continue;
                }
                if (delta < bestDelta - EPS) {
                    bestDelta = delta;
                    kind = 1;
                    moveJob = j;
                    moveOther = i;
                    ties = 1;
                } else if (random.nextInt(++ties) == 0) {
                    kind = 1;
                    moveJob = j;
                    moveOther = i;
                }
            }
        }
        for (int j = 0; j < n; j++) {
            int a = assign[j];
            for (int k = j + 1; k < n; k++) {
                int bb = assign[k];
                if (a == bb || c[bb][j] == Double.POSITIVE_INFINITY || c[a][k] == Double.POSITIVE_INFINITY) {
                    continue;
                }
                double dCost = c[bb][j] + c[a][k] - c[a][j] - c[bb][k];
                double newA = load[a] - r[a][j] + r[a][k];
                double newB = load[bb] - r[bb][k] + r[bb][j];
                double dOver = over(newA, a) - over(load[a], a) + over(newB, bb) - over(load[bb], bb);
                double delta = dCost + alpha * dOver;
                if (delta > bestDelta + EPS) {
                    continue;
                }
                if ((tabuUntil[bb][j] > iteration || tabuUntil[a][k] > iteration)
                        && !(overload + dOver <= EPS && cost + dCost < bestCost - EPS)) {
                    continue;
                }
                if (delta < bestDelta - EPS) {
                    bestDelta = delta;
                    kind = 2;
                    moveJob = j;
                    moveOther = k;
                    ties = 1;
                } else if (random.nextInt(++ties) == 0) {
                    kind = 2;
                    moveJob = j;
                    moveOther = k;
                }
            }
        }
        if (kind == 0) {
            return false;
        }
        int tenure = tenureBase + random.nextInt(tenureBase + 1);
        if (kind == 1) {
            int a = assign[moveJob];
            shift(moveJob, moveOther);
            tabuUntil[a][moveJob] = iteration + tenure;
        } else {
            int a = assign[moveJob];
            int bb = assign[moveOther];
            shift(moveJob, bb);
            shift(moveOther, a);
            tabuUntil[a][moveJob] = iteration + tenure;
            tabuUntil[bb][moveOther] = iteration + tenure;
        }
        return true;
    }

    private void shift(int j, int to) {
        int from = assign[j];
        overload -= over(load[from], from) + over(load[to], to);
        cost += c[to][j] - c[from][j];
        load[from] -= r[from][j];
        load[to] += r[to][j];
        assign[j] = to;
        overload += over(load[from], from) + over(load[to], to);
        if (overload < EPS) {
            overload = 0;
        }
    }

    private void recordIfBest() {
        if (overload <= EPS && cost < bestCost - EPS) {
            // Recompute exactly to shed drift of the incremental sums.
            bestCost = instance.cost(assign);
            best = assign.clone();
        }
    }

    /** Restarts from the best solution (or the current one) with a few random shifts. */
    private void kick() {
        if (best != null) {
            java.util.Arrays.fill(load, 0);
            for (int j = 0; j < n; j++) {
                assign[j] = best[j];
                load[best[j]] += r[best[j]][j];
            }
            cost = instance.cost(assign);
            overload = 0;
            for (int i = 0; i < m; i++) {
                overload += over(load[i], i);
            }
        }
        int shifts = Math.max(2, n / 10);
        for (int s = 0; s < shifts; s++) {
            int j = random.nextInt(n);
            int i = random.nextInt(m);
            if (i != assign[j] && c[i][j] < Double.POSITIVE_INFINITY) {
                shift(j, i);
            }
        }
        for (long[] row : tabuUntil) {
            java.util.Arrays.fill(row, 0);
        }
    }
}
