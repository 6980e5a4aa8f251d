package io.aiosedge.learning.cloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ReplayMixerTest {

    private static List<TrainingExample> examples(String gateway, int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> new TrainingExample(i + 1, gateway, "t" + i, i, new float[] { i }, i % 2)).toList();
    }

    @Test
    void theReplayedShareOfTheSetIsTheConfiguredShare() {
        List<TrainingExample> fresh = examples("gw", 100);
        List<TrainingExample> pool = examples("", 1000);

        ReplayMixer.Mix half = ReplayMixer.mix(fresh, pool, 0.5, 1);
        ReplayMixer.Mix most = ReplayMixer.mix(fresh, pool, 0.75, 1);
        ReplayMixer.Mix none = ReplayMixer.mix(fresh, pool, 0, 1);

        assertThat(half.fresh()).isEqualTo(100);
        assertThat(half.replayed()).isEqualTo(100);
        assertThat(half.examples()).hasSize(200).containsAll(fresh);
        assertThat(half.examples().subList(100, 200)).allMatch(e -> e.gateway().isEmpty());
        assertThat(most.replayed()).isEqualTo(300);
        assertThat(none.replayed()).isZero();
        assertThat(none.examples()).containsExactlyElementsOf(fresh);
    }

    @Test
    void replayedExamplesAreDistinctAndTheWholePoolWhenItIsSmall() {
        List<TrainingExample> fresh = examples("gw", 100);
        List<TrainingExample> pool = examples("", 30);

        ReplayMixer.Mix mix = ReplayMixer.mix(fresh, pool, 0.5, 7);

        assertThat(mix.replayed()).isEqualTo(30);
        assertThat(new HashSet<>(mix.examples().subList(100, 130))).containsExactlyInAnyOrderElementsOf(pool);
    }

    @Test
    void theDrawDependsOnTheSeedOnly() {
        List<TrainingExample> fresh = examples("gw", 10);
        List<TrainingExample> pool = examples("", 500);
        assertThat(ReplayMixer.mix(fresh, pool, 0.5, 3).examples())
                .isEqualTo(ReplayMixer.mix(fresh, pool, 0.5, 3).examples())
                .isNotEqualTo(ReplayMixer.mix(fresh, pool, 0.5, 4).examples());
        assertThat(new HashSet<>(ReplayMixer.mix(fresh, pool, 0.5, 3).examples())).hasSize(20);
    }

    @Test
    void aShareOutOfRangeIsNamed() {
        assertThatThrownBy(() -> ReplayMixer.replayCount(10, 0.99))
                .hasMessage("replay.share must be within 0..0.95: 0.99");
        assertThatThrownBy(() -> ReplayMixer.replayCount(10, -0.1)).hasMessageContaining("replay.share");
    }
}
