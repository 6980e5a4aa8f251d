package io.aiosedge.benchmarks.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.aiosedge.driver.simulated.signal.LabelledWindows;

/** The runner's settings and its machine B, without TensorFlow. */
class DriftBenchmarkTest {

    @Test
    void defaultsAndBlankArgumentsGiveTheDocumentedRun() {
        DriftBenchmark.Settings s = DriftBenchmark.Settings.parse(new String[] {"", "  "});
        assertThat(s.block()).isEqualTo(500);
        assertThat(s.blocksBefore()).isEqualTo(4);
        assertThat(s.blocksAfter()).isEqualTo(24);
        assertThat(s.threshold()).isEqualTo(0.8);
        assertThat(s.examplesBound()).isEqualTo(1000);
        assertThat(s.steadyBlocks()).isEqualTo(4);
        assertThat(s.trainer()).isEmpty();
        assertThat(s.models()).isEmpty();
        assertThat(s.seedShift()).isZero();
    }

    @Test
    void settingsInOneArgumentOrSeveralAndTrainerPropertiesAreTaken() {
        DriftBenchmark.Settings s = DriftBenchmark.Settings.parse(
                new String[] {"block=200 blocks.after=10", "trainer.min.new.examples=100", "threshold=0.9"});
        assertThat(s.block()).isEqualTo(200);
        assertThat(s.blocksAfter()).isEqualTo(10);
        assertThat(s.threshold()).isEqualTo(0.9);
        assertThat(s.trainer()).containsEntry("min.new.examples", "100").hasSize(1);
    }

    @Test
    void badSettingsAreRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> DriftBenchmark.Settings.parse(new String[] {"block=abc"}))
                .hasMessageContaining("block must be a whole number, not 'abc'");
        assertThatThrownBy(() -> DriftBenchmark.Settings.parse(new String[] {"blocks.after=1"}))
                .hasMessageContaining("blocks.after must be within 2..400: 1");
        assertThatThrownBy(() -> DriftBenchmark.Settings.parse(new String[] {"threshold=1.5"}))
                .hasMessageContaining("threshold must be within 0.5..1.0: 1.5");
        assertThatThrownBy(() -> DriftBenchmark.Settings.parse(new String[] {"seed.shift=-1"}))
                .hasMessageContaining("seed.shift must be within 0..900: -1");
        assertThatThrownBy(() -> DriftBenchmark.Settings.parse(new String[] {"blocks=3"}))
                .hasMessageContaining("unknown setting 'blocks'").hasMessageContaining("blocks.after");
        assertThatThrownBy(() -> DriftBenchmark.Settings.parse(new String[] {"block"}))
                .hasMessageContaining("argument 'block' is not key=value");
        assertThatThrownBy(() -> DriftBenchmark.Settings.parse(new String[] {"steady.blocks=24"}))
                .hasMessageContaining("steady.blocks (24) must be below blocks.after (24)");
    }

    @Test
    void onlyTheTrainersOwnNonFolderSettingsCanBeChanged() {
        assertThatThrownBy(() -> DriftBenchmark.Settings.parse(new String[] {"trainer.min.new.example=100"}))
                .hasMessageContaining("the trainer has no setting 'min.new.example'")
                .hasMessageContaining("min.new.examples");
        assertThatThrownBy(() -> DriftBenchmark.Settings.parse(new String[] {"trainer.work.directory=/tmp/x"}))
                .hasMessageContaining("'trainer.work.directory'");
    }

    @Test
    void machineBIsBalancedAndTheSameForTheSameSeeds() {
        LabelledWindows[] a = DriftBenchmark.machineB(4001, 4, 40);
        LabelledWindows[] b = DriftBenchmark.machineB(4001, 4, 40);
        assertThat(a).hasSize(4);
        for (int i = 0; i < a.length; i++) {
            assertThat(Arrays.stream(a[i].labels()).sum()).isEqualTo(20);
            assertThat(a[i].windows()).hasNumberOfRows(40);
            assertThat(a[i].windows()[0]).hasSize(DriftBenchmark.WIDTH);
            assertThat(Arrays.deepEquals(a[i].windows(), b[i].windows())).isTrue();
        }
        // other seeds, other windows
        assertThat(Arrays.deepEquals(a[0].windows(), DriftBenchmark.machineB(5001, 1, 40)[0].windows())).isFalse();
    }
}
