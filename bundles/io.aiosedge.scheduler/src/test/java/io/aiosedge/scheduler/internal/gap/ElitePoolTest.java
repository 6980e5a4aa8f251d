package io.aiosedge.scheduler.internal.gap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ElitePoolTest {

    @Test
    void keepsTheCheapestDistinctSolutions() {
        ElitePool pool = new ElitePool(2, 2);
        assertThat(pool.worstCost()).isInfinite();
        assertThat(pool.offer(new int[] {0, 0, 0, 0}, 30)).isTrue();
        assertThat(pool.offer(new int[] {1, 1, 1, 1}, 20)).isTrue();
        assertThat(pool.worstCost()).isEqualTo(30);
        assertThat(pool.offer(new int[] {2, 2, 2, 2}, 40)).as("dearer than the worst of a full pool").isFalse();
        int[] cheap = {2, 2, 0, 0};
        assertThat(pool.offer(cheap, 10)).isTrue();
        cheap[0] = 1; // the pool keeps its own copy
        assertThat(pool.size()).isEqualTo(2);
        assertThat(pool.worstCost()).isEqualTo(20);
        assertThat(pool.best().cost()).isEqualTo(10);
        assertThat(pool.best().assignment()).containsExactly(2, 2, 0, 0);
    }

    @Test
    void aNearCopyCompetesOnlyWithTheMemberItResembles() {
        ElitePool pool = new ElitePool(3, 2);
        pool.offer(new int[] {0, 0, 0, 0}, 30);
        pool.offer(new int[] {1, 1, 1, 1}, 20);
        // One job away from the first member: not a new member, but cheaper than it, so it takes its place.
        assertThat(pool.offer(new int[] {0, 0, 0, 1}, 25)).isTrue();
        assertThat(pool.size()).isEqualTo(2);
        assertThat(pool.worstCost()).isInfinite();
        assertThat(pool.offer(new int[] {0, 1, 1, 0}, 26)).as("two or more jobs from each: distinct").isTrue();
        assertThat(pool.size()).isEqualTo(3);
        assertThat(pool.offer(new int[] {1, 1, 0, 1}, 21)).as("near copy of the 20, dearer").isFalse();
        assertThat(pool.offer(new int[] {1, 1, 1, 1}, 20)).as("the same solution").isFalse();
        assertThat(pool.worstCost()).isEqualTo(26);
    }

    @Test
    void picksOnlyMembers() {
        ElitePool pool = new ElitePool(4, 1);
        pool.offer(new int[] {0, 1}, 3);
        pool.offer(new int[] {1, 0}, 4);
        SplittableRandom random = new SplittableRandom(1);
        boolean[] seen = new boolean[2];
        for (int k = 0; k < 50; k++) {
            seen[pool.pick(random).assignment()[0]] = true;
        }
        assertThat(seen).containsExactly(true, true);
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> new ElitePool(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity must be >= 1, got 0");
        assertThatThrownBy(() -> new ElitePool(1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("distance must be >= 1, got 0");
        ElitePool empty = new ElitePool(1, 1);
        assertThatThrownBy(() -> empty.pick(new SplittableRandom(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(empty::best).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void distanceCountsDifferingJobsUpToTheLimit() {
        assertThat(ElitePool.distance(new int[] {0, 1, 2, 3}, new int[] {0, 2, 2, 0}, 10)).isEqualTo(2);
        assertThat(ElitePool.distance(new int[] {0, 1, 2, 3}, new int[] {1, 2, 3, 0}, 3)).isEqualTo(3);
    }
}
