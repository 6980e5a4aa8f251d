package io.aiosedge.scheduler.internal.gap;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The tabu search's moves on a {@link GapSearchState} and its tabu memory. Three neighbourhoods, each scanned in
 * full every iteration by the penalised objective:
 * <ul>
 * <li><b>shift</b> — job j leaves its agent a for agent i (n·(m−1) moves);</li>
 * <li><b>swap</b> — jobs j and k on different agents exchange them (about n²/2 moves);</li>
 * <li><b>chain</b> — an ejection chain of length 2: j leaves a for b and a job k of b makes room by leaving for
 * a third agent c (about n² chains once each job's best destination is known). On tight instances a single shift
 * nearly always overloads its target, and a swap has to find two jobs of matching size; a chain lets three
 * agents rebalance in one step, which is what the ejection-chain methods for the GAP found to matter on the large
 * tight instances (types d and e).</li>
 * </ul>
 * The part of a chain that depends on c reads only c's load, so each job's two best destinations are found once
 * per scan (two, because c must differ from a) and a chain then costs O(1).
 *
 * <p>Tabu: a job that left an agent may not go back to it for a tenure of iterations, unless the move (a shift or
 * a swap) gives a feasible solution cheaper than the best known one (aspiration). Among equally good moves the
 * scan picks uniformly at random (reservoir sampling), from the seeded generator it is given.
 *
 * <p>The deltas are those of {@link GapSearchState#shiftDelta} and {@link GapSearchState#swapDelta}, written out
 * here because this scan is where the search spends its time; a move is dropped before its penalty is computed
 * when its cost change, less the most its agents' overload could fall, is already worse than the best so far.
 */
final class GapNeighbourhood {

    static final int NONE = 0;
    static final int SHIFT = 1;
    static final int SWAP = 2;
    static final int CHAIN = 3;

    private static final double EPS = GapSearchState.EPS;

    private final GapSearchState state;
    private final SplittableRandom random;
    private final int m;
    private final int n;
    private final double[] capacity;
    /** {@code tabuUntil[j][i]}: job j may not move to agent i before this iteration. */
    private final long[][] tabuUntil;

    // Scratch of one scan.
    private final double[] overNow;
    private final double[] relief;
    private final int[] bucket;
    private final int[] bucketStart;
    private final int[] bucketNext;
    private final int[] firstDest;
    private final int[] secondDest;
    private final double[] firstEject;
    private final double[] secondEject;
    private final double[] leastEject;

    // The chosen move: kind, then job (j), other (the agent of a shift, the job k of a swap or chain), via (the
    // agent b a chain moves j to) and to (the agent c a chain moves k to).
    private int kind;
    private int job;
    private int other;
    private int via;
    private int to;
    private double delta;
    private int ties;

    GapNeighbourhood(GapSearchState state, SplittableRandom random) {
        this.state = state;
        this.random = random;
        this.m = state.agents();
        this.n = state.jobs();
        this.capacity = new double[m];
        for (int i = 0; i < m; i++) {
            capacity[i] = state.capacity(i);
        }
        this.tabuUntil = new long[n][m];
        this.overNow = new double[m];
        this.relief = new double[m];
        this.bucket = new int[n];
        this.bucketStart = new int[m + 1];
        this.bucketNext = new int[m];
        this.firstDest = new int[n];
        this.secondDest = new int[n];
        this.firstEject = new double[n];
        this.secondEject = new double[n];
        this.leastEject = new double[m];
    }

    /** Forgets every tabu (after a restart). */
    void clearTabu() {
        for (long[] row : tabuUntil) {
            Arrays.fill(row, 0);
        }
    }

    /** Forbids job j to move to agent i before {@code untilIteration}. */
    void forbid(int j, int i, long untilIteration) {
        tabuUntil[j][i] = untilIteration;
    }

    /** Kind of the move the last {@link #choose} found ({@link #NONE} when there was none). */
    int kind() {
        return kind;
    }

    /** Change of the penalised objective the chosen move makes. */
    double delta() {
        return delta;
    }

    /**
     * Finds the best admissible move at {@code iteration}; false when there is none. {@code bestCost} is the
     * cost of the best feasible solution known, for aspiration.
     */
    boolean choose(long iteration, double bestCost) {
        double[] load = state.loads();
        double[] price = state.weights();
        double overload = 0;
        for (int i = 0; i < m; i++) {
            overNow[i] = excess(load[i], capacity[i]);
            relief[i] = price[i] * overNow[i];
            overload += overNow[i];
        }
        kind = NONE;
        delta = Double.POSITIVE_INFINITY;
        ties = 0;
        double aspiration = bestCost - state.totalCost();
        scanShifts(iteration, overload, aspiration);
        scanSwaps(iteration, overload, aspiration);
        scanChains(iteration);
        return kind != NONE;
    }

    /** Makes the chosen move and makes its reversal tabu for {@code tenure} iterations. */
    void apply(long iteration, int tenure) {
        int a = state.agentOf(job);
        long until = iteration + tenure;
        switch (kind) {
        case SHIFT -> {
            state.shift(job, other);
            tabuUntil[job][a] = until;
        }
        case SWAP -> {
            int b = state.agentOf(other);
            state.swap(job, other);
            tabuUntil[job][a] = until;
            tabuUntil[other][b] = until;
        }
        case CHAIN -> {
            state.shift(other, to);
            state.shift(job, via);
            tabuUntil[job][a] = until;
            tabuUntil[other][via] = until;
        }
        default -> throw new IllegalStateException("no move was chosen");
        }
    }

    private static double excess(double load, double capacity) {
        double over = load - capacity;
        return over > EPS ? over : 0;
    }

    /** Keeps a candidate of the given delta if it is the best so far or wins the draw among equals. */
    private boolean better(double candidate) {
        if (candidate < delta - EPS) {
            delta = candidate;
            ties = 1;
            return true;
        }
        return random.nextInt(++ties) == 0;
    }

    private void scanShifts(long iteration, double overload, double aspiration) {
        double[][] cost = state.costByJob();
        double[][] req = state.requirementByJob();
        double[] load = state.loads();
        double[] price = state.weights();
        int[] assign = state.assignment();
        for (int j = 0; j < n; j++) {
            int a = assign[j];
            double[] cj = cost[j];
            double[] rj = req[j];
            long[] tabu = tabuUntil[j];
            double leaveA = price[a] * (excess(load[a] - rj[a], capacity[a]) - overNow[a]);
            for (int i = 0; i < m; i++) {
                if (i == a) {
                    continue;
                }
                double dCost = cj[i] - cj[a];
                if (!(dCost - relief[a] <= delta + EPS)) {
                    continue; // also drops forbidden agents (+Infinity)
                }
                double candidate = dCost + leaveA + price[i] * (excess(load[i] + rj[i], capacity[i]) - overNow[i]);
                if (!(candidate <= delta + EPS)) {
                    continue;
                }
                if (tabu[i] > iteration
                        && !(dCost < aspiration - EPS && overload + state.shiftOverloadDelta(j, i) <= EPS)) {
                    continue;
                }
                if (better(candidate)) {
                    kind = SHIFT;
                    job = j;
                    other = i;
                }
            }
        }
    }

    private void scanSwaps(long iteration, double overload, double aspiration) {
        double[][] cost = state.costByJob();
        double[][] req = state.requirementByJob();
        double[] load = state.loads();
        double[] price = state.weights();
        int[] assign = state.assignment();
        for (int j = 0; j < n; j++) {
            int a = assign[j];
            double[] cj = cost[j];
            double[] rj = req[j];
            double cja = cj[a];
            double restA = load[a] - rj[a];
            double priceA = price[a];
            double overA = overNow[a];
            double capA = capacity[a];
            double reliefA = relief[a];
            long[] tabuJ = tabuUntil[j];
            for (int k = j + 1; k < n; k++) {
                int b = assign[k];
                if (a == b) {
                    continue;
                }
                double[] ck = cost[k];
                double dCost = cj[b] + ck[a] - cja - ck[b];
                if (!(dCost - reliefA - relief[b] <= delta + EPS)) {
                    continue;
                }
                double[] rk = req[k];
                double candidate = dCost + priceA * (excess(restA + rk[a], capA) - overA)
                        + price[b] * (excess(load[b] - rk[b] + rj[b], capacity[b]) - overNow[b]);
                if (!(candidate <= delta + EPS)) {
                    continue;
                }
                if ((tabuJ[b] > iteration || tabuUntil[k][a] > iteration)
                        && !(dCost < aspiration - EPS && overload + state.swapOverloadDelta(j, k) <= EPS)) {
                    continue;
                }
                if (better(candidate)) {
                    kind = SWAP;
                    job = j;
                    other = k;
                }
            }
        }
    }

    private void scanChains(long iteration) {
        double[][] cost = state.costByJob();
        double[][] req = state.requirementByJob();
        double[] load = state.loads();
        double[] price = state.weights();
        int[] assign = state.assignment();
        bucketJobsByAgent(assign);
        findDestinations(iteration);
        for (int j = 0; j < n; j++) {
            int a = assign[j];
            double[] cj = cost[j];
            double[] rj = req[j];
            long[] tabuJ = tabuUntil[j];
            double leaveA = price[a] * (excess(load[a] - rj[a], capacity[a]) - overNow[a]) - cj[a];
            for (int b = 0; b < m; b++) {
                if (b == a || tabuJ[b] > iteration) {
                    continue;
                }
                double partial = cj[b] + leaveA;
                if (!(partial + leastEject[b] - relief[b] <= delta + EPS)) {
                    continue; // also drops forbidden agents (+Infinity)
                }
                double arrive = load[b] + rj[b];
                for (int p = bucketStart[b]; p < bucketStart[b + 1]; p++) {
                    int k = bucket[p];
                    int c = firstDest[k];
                    double eject = firstEject[k];
                    if (c == a) {
                        c = secondDest[k];
                        eject = secondEject[k];
                    }
                    if (c < 0) {
                        continue;
                    }
                    double candidate = partial + eject
                            + price[b] * (excess(arrive - req[k][b], capacity[b]) - overNow[b]);
                    if (candidate <= delta + EPS && better(candidate)) {
                        kind = CHAIN;
                        job = j;
                        other = k;
                        via = b;
                        to = c;
                    }
                }
            }
        }
    }

    /**
     * For each job k, its two best non-tabu destinations c by the part of a chain's delta that depends on c:
     * {@code cost[k][c] − cost[k][own] + price[c] · (rise of c's overload)}; and per agent the least of its jobs'
     * best values, a bound that lets a whole (j, b) pair be dropped at once.
     */
    private void findDestinations(long iteration) {
        double[][] cost = state.costByJob();
        double[][] req = state.requirementByJob();
        double[] load = state.loads();
        double[] price = state.weights();
        int[] assign = state.assignment();
        for (int k = 0; k < n; k++) {
            int own = assign[k];
            double[] ck = cost[k];
            double[] rk = req[k];
            long[] tabuK = tabuUntil[k];
            int first = -1;
            int second = -1;
            double firstValue = Double.POSITIVE_INFINITY;
            double secondValue = Double.POSITIVE_INFINITY;
            for (int c = 0; c < m; c++) {
                if (c == own || tabuK[c] > iteration || ck[c] == Double.POSITIVE_INFINITY) {
                    continue;
                }
                double value = ck[c] + price[c] * (excess(load[c] + rk[c], capacity[c]) - overNow[c]);
                if (value < firstValue) {
                    second = first;
                    secondValue = firstValue;
                    first = c;
                    firstValue = value;
                } else if (value < secondValue) {
                    second = c;
                    secondValue = value;
                }
            }
            firstDest[k] = first;
            secondDest[k] = second;
            firstEject[k] = firstValue - ck[own];
            secondEject[k] = secondValue - ck[own];
        }
        for (int i = 0; i < m; i++) {
            double least = Double.POSITIVE_INFINITY;
            for (int p = bucketStart[i]; p < bucketStart[i + 1]; p++) {
                least = Math.min(least, firstEject[bucket[p]]);
            }
            leastEject[i] = least;
        }
    }

    /** Sorts the jobs by agent into {@link #bucket}: agent i's jobs are at [bucketStart[i], bucketStart[i + 1]). */
    private void bucketJobsByAgent(int[] assign) {
        Arrays.fill(bucketStart, 0);
        for (int j = 0; j < n; j++) {
            bucketStart[assign[j] + 1]++;
        }
        for (int i = 0; i < m; i++) {
            bucketStart[i + 1] += bucketStart[i];
        }
        System.arraycopy(bucketStart, 0, bucketNext, 0, m);
        for (int j = 0; j < n; j++) {
            bucket[bucketNext[assign[j]]++] = j;
        }
    }
}
