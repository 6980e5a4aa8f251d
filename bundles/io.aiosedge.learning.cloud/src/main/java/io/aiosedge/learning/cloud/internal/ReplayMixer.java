package io.aiosedge.learning.cloud.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The training set of one fine-tuning run: every new example plus a draw from the replay pool (earlier training
 * data: old-condition windows and the examples of earlier runs), so that the model does not forget the old
 * conditions while it learns the new ones. With replay share {@code s} the run holds {@code n} new examples and
 * {@code round(n · s / (1 − s))} replayed ones (all of the pool when it is smaller), so replayed examples are the
 * share {@code s} of the set; drawn without replacement from a seeded random source.
 */
final class ReplayMixer {

    /** Largest replay share: a run must keep some new examples. */
    static final double MAX_SHARE = 0.95;

    /**
     * @param examples the mixed training set, new examples first
     * @param fresh how many of them are new
     * @param replayed how many are from the replay pool
     */
    record Mix(List<TrainingExample> examples, int fresh, int replayed) {
    }

    private ReplayMixer() {
    }

    /** @return how many replayed examples go with {@code fresh} new ones at this share, before the pool's limit */
    static int replayCount(int fresh, double share) {
        if (!(share >= 0 && share <= MAX_SHARE)) {
            throw new IllegalArgumentException("replay.share must be within 0.." + MAX_SHARE + ": " + share);
        }
        return (int) Math.round(fresh * share / (1 - share));
    }

    /**
     * @param fresh the new examples (all are used)
     * @param pool earlier training data
     * @param share the replay share, 0..{@value #MAX_SHARE}
     * @param seed seed of the draw
     */
    static Mix mix(List<TrainingExample> fresh, List<TrainingExample> pool, double share, long seed) {
        int wanted = Math.min(replayCount(fresh.size(), share), pool.size());
        List<TrainingExample> set = new ArrayList<>(fresh.size() + wanted);
        set.addAll(fresh);
        // partial Fisher-Yates over indices: each pool member at most once
        int[] order = new int[pool.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < wanted; i++) {
            int j = i + random.nextInt(order.length - i);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
            set.add(pool.get(order[i]));
        }
        return new Mix(set, fresh.size(), wanted);
    }
}
