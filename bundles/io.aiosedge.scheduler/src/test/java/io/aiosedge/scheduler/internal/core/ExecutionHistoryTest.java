package io.aiosedge.scheduler.internal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.aiosedge.api.scheduler.Calibration;

class ExecutionHistoryTest {

    private static final double HALF_LIFE = 30_000;

    private static double computeMean(ExecutionHistory history, String kind, String node, double prior, long now) {
        double[] out = new double[3];
        history.computeEstimate(kind, node, prior, now, out);
        return out[0];
    }

    @Test
    void anUnobservedComputeFactorFadesBackTowardThePriorWithItsHalfLife() {
        ExecutionHistory history = new ExecutionHistory(0.1, HALF_LIFE);
        // A few slow draws: the gateway looks 3x slower than its prior of 1.5 s.
        for (int i = 0; i < 5; i++) {
            history.recordCompute("ar", "gw", 1500, 1500, 4500, 0);
        }
        assertThat(computeMean(history, "ar", "gw", 1500, 0)).isCloseTo(4500, within(1e-6));
        // One half-life later half of the deviation is left: 1500 * (1 + 2 * 0.5).
        assertThat(computeMean(history, "ar", "gw", 1500, 30_000)).isCloseTo(3000, within(1e-6));
        assertThat(computeMean(history, "ar", "gw", 1500, 60_000)).isCloseTo(2250, within(1e-6));
        // After ten half-lives the option is back to its prior: it will be chosen and measured again.
        assertThat(computeMean(history, "ar", "gw", 1500, 300_000)).isCloseTo(1500, within(3.0));
        // A new observation starts from the learned mean (the count does not fade), not from the faded value.
        history.recordCompute("ar", "gw", 1500, 1500, 1500, 300_000);
        assertThat(computeMean(history, "ar", "gw", 1500, 300_000)).isLessThan(4500).isGreaterThan(1500);
    }

    @Test
    void withoutAHalfLifeALearnedFactorStaysForever() {
        ExecutionHistory history = new ExecutionHistory(0.1);
        history.recordCompute("ar", "gw", 1500, 1500, 4500, 0);
        assertThat(computeMean(history, "ar", "gw", 1500, 10_000_000)).isCloseTo(4500, within(1e-6));
    }

    @Test
    void theComputeFactorScalesWithThePriorSoOneKindCanHoldTasksOfDifferentSizes() {
        ExecutionHistory history = new ExecutionHistory(0.2, HALF_LIFE);
        history.recordCompute("job", "gw", 100, 100, 200, 0);
        assertThat(computeMean(history, "job", "gw", 1000, 0)).isCloseTo(2000, within(1e-6));
        assertThat(computeMean(history, "job", "cloud", 1000, 0)).as("an unknown pair keeps its prior").isEqualTo(1000);
    }

    @Test
    void theNetworkFactorIsBoundedAndFades() {
        ExecutionHistory history = new ExecutionHistory(1, HALF_LIFE);
        assertThat(history.networkFactor("job", "cloud", 0)).isEqualTo(1);
        history.recordNetwork("job", "cloud", 10, 100_000, 0);
        assertThat(history.networkFactor("job", "cloud", 0)).as("one odd reply is capped").isCloseTo(50, within(1e-9));
        history.recordNetwork("job", "cloud", 100, 1, 0);
        assertThat(history.networkFactor("job", "cloud", 0)).isCloseTo(0.02, within(1e-9));
        history.recordNetwork("job", "cloud", 100, 300, 0);
        assertThat(history.networkFactor("job", "cloud", 0)).isCloseTo(3, within(1e-9));
        assertThat(history.networkFactor("job", "cloud", 30_000)).isCloseTo(2, within(1e-9));
    }

    @Test
    void failuresCostTheirRateTimesTheirCostAndFadeTowardNone() {
        ExecutionHistory history = new ExecutionHistory(0.5, HALF_LIFE);
        history.recordOutcome("job", "cloud", true, 1500, 0);
        history.recordOutcome("job", "cloud", false, 0, 0);
        // Rate 0.5 (two samples averaged), cost 1500 ms of the one failure.
        assertThat(history.failurePenaltyMillis("job", "cloud", 0)).isCloseTo(750, within(1e-9));
        assertThat(history.failurePenaltyMillis("job", "cloud", 30_000)).isCloseTo(375, within(1e-9));
        assertThat(history.failurePenaltyMillis("job", "gw", 0)).isZero();
    }

    @Test
    void calibrationReportsTheMeanAndAbsoluteErrorsPerComponent() {
        ExecutionHistory history = new ExecutionHistory(1, 0);
        history.recordCompute("job", "cloud", 100, 120, 100, 5);
        history.recordNetwork("job", "cloud", 50, 80, 5);
        history.recordWait("job", "cloud", 10, 4);
        List<Calibration> rows = history.calibration(5);
        assertThat(rows).hasSize(1);
        Calibration c = rows.get(0);
        assertThat(c.kind()).isEqualTo("job");
        assertThat(c.nodeId()).isEqualTo("cloud");
        assertThat(c.computeErrorMillis()).isEqualTo(-20);
        assertThat(c.computeAbsErrorMillis()).isEqualTo(20);
        assertThat(c.networkErrorMillis()).isEqualTo(30);
        assertThat(c.networkFactor()).isCloseTo(1.6, within(1e-9));
        assertThat(c.waitErrorMillis()).isEqualTo(-6);
        assertThat(c.waitAbsErrorMillis()).isEqualTo(6);
        assertThat(c.lastObservedMillis()).isEqualTo(5);
    }

    @Test
    void whatWasLearnedSurvivesAWriteAndARead() throws IOException {
        ExecutionHistory history = new ExecutionHistory(0.3, HALF_LIFE);
        history.recordCompute("ar", "gw", 1500, 1400, 2100, 1000);
        history.recordCompute("ar", "gw", 1500, 1600, 1800, 2000);
        history.recordNetwork("kind\twith tab", "cloud\\1", 40, 55, 2000);
        history.recordOutcome("ar", "cloud", true, 900, 2000);
        StringWriter text = new StringWriter();
        history.write(text);

        ExecutionHistory restored = new ExecutionHistory(0.3, HALF_LIFE);
        restored.read(new StringReader(text.toString()));
        assertThat(restored.size()).isEqualTo(history.size()).isEqualTo(3);
        assertThat(restored.calibration(50_000)).isEqualTo(history.calibration(50_000));
        assertThat(computeMean(restored, "ar", "gw", 1500, 50_000))
                .isEqualTo(computeMean(history, "ar", "gw", 1500, 50_000));
        assertThat(restored.networkFactor("kind\twith tab", "cloud\\1", 2000)).isCloseTo(55.0 / 40, within(1e-12));
        assertThat(restored.failurePenaltyMillis("ar", "cloud", 2000)).isEqualTo(900);
    }

    @Test
    void aDamagedFileIsRefusedAsAWholeAndNothingLearnedIsLost() throws IOException {
        ExecutionHistory history = new ExecutionHistory(0.3, HALF_LIFE);
        history.recordCompute("ar", "gw", 1500, 1500, 3000, 0);
        StringWriter text = new StringWriter();
        history.write(text);
        String good = text.toString();
        String damaged = good + "ar\tcloud\tnot-a-number" + "\t0".repeat(34) + "\n";

        ExecutionHistory target = new ExecutionHistory(0.3, HALF_LIFE);
        target.recordCompute("vision", "gw", 100, 100, 100, 0);
        assertThatThrownBy(() -> target.read(new StringReader(damaged))).isInstanceOf(IOException.class)
                .hasMessageContaining("line 3");
        assertThatThrownBy(() -> target.read(new StringReader("something else\n"))).isInstanceOf(IOException.class)
                .hasMessageContaining("not a scheduler history");
        assertThatThrownBy(() -> target.read(new StringReader(good.strip() + "\textra\n")))
                .isInstanceOf(IOException.class).hasMessageContaining("fields");
        // Nothing of the refused files was used; what the target had learned is still there.
        assertThat(target.size()).isEqualTo(1);
        assertThat(computeMean(target, "ar", "gw", 1500, 0)).isEqualTo(1500);
        assertThat(computeMean(target, "vision", "gw", 100, 0)).isEqualTo(100);
    }

    @Test
    void badSettingsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> new ExecutionHistory(0, 1)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> new ExecutionHistory(1.5, 1)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> new ExecutionHistory(0.1, -1)).hasMessageContaining("halfLifeMillis");
        assertThatThrownBy(() -> new ExecutionHistory(0.1, Double.POSITIVE_INFINITY))
                .hasMessageContaining("halfLifeMillis");
    }
}
