package io.aiosedge.driver.simulated.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SignalSpecTest {

    private static final SignalSpec BASE = SignalSpec.of(Shape.SINE, 1.0, 0.0, 1000);

    static Stream<Arguments> badSpecs() {
        return Stream.of(
                bad("shape", () -> new SignalSpec(null, 1, 0, 1000, 0, 0, 1, 1000, Set.of(), 0)),
                bad("amplitude", () -> SignalSpec.of(Shape.SINE, -0.5, 0, 1000)),
                bad("amplitude", () -> SignalSpec.of(Shape.SINE, Double.NaN, 0, 1000)),
                bad("offset", () -> SignalSpec.of(Shape.SINE, 1, Double.POSITIVE_INFINITY, 1000)),
                bad("periodMs", () -> SignalSpec.of(Shape.SINE, 1, 0, 0)),
                bad("noiseSigma", () -> BASE.withNoise(-1)),
                bad("anomalyRatePerHour", () -> BASE.withAnomalies(-1, 1, 1000, EnumSet.allOf(AnomalyKind.class))),
                // 2 × 10 s slots: at most 180 per hour.
                bad("anomalyRatePerHour", () -> BASE.withAnomalies(181, 1, 10_000, EnumSet.allOf(AnomalyKind.class))),
                bad("anomalyMagnitude", () -> BASE.withAnomalies(1, -2, 1000, EnumSet.allOf(AnomalyKind.class))),
                bad("anomalyDurationMs", () -> BASE.withAnomalies(1, 1, 0, EnumSet.allOf(AnomalyKind.class))),
                bad("anomalyKinds", () -> BASE.withAnomalies(1, 1, 1000, EnumSet.noneOf(AnomalyKind.class))),
                bad("anomalyKinds", () -> BASE.withAnomalies(1, 1, 1000, null)),
                bad("anomalyKinds", () -> BASE.withAnomalies(1, 1, 1000, nullKindList())));
    }

    private static List<AnomalyKind> nullKindList() {
        List<AnomalyKind> kinds = new ArrayList<>();
        kinds.add(AnomalyKind.SPIKE);
        kinds.add(null);
        return kinds;
    }

    private static Arguments bad(String component, Supplier<SignalSpec> construction) {
        return Arguments.of(component, construction);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSpecs")
    void badComponentIsRejectedByName(String component, Supplier<SignalSpec> construction) {
        assertThatThrownBy(construction::get).isInstanceOfSatisfying(InvalidSignalSpecException.class, e -> {
            assertThat(e.component()).isEqualTo(component);
            assertThat(e.getMessage()).startsWith(component + " = ").contains(e.reason());
        });
    }

    @Test
    void theHighestRateIsOnePerSlot() {
        SignalSpec spec = BASE.withAnomalies(180, 1, 10_000, EnumSet.of(AnomalyKind.SPIKE));
        assertThat(spec.maxAnomalyRatePerHour()).isEqualTo(180.0);
        assertThat(spec.hasAnomalies()).isTrue();
    }

    @Test
    void kindsAreCopiedAndFrozen() {
        Set<AnomalyKind> kinds = EnumSet.of(AnomalyKind.SPIKE);
        SignalSpec spec = new SignalSpec(Shape.SINE, 1, 0, 1000, 0, 1, 1, 1000, kinds, 0);
        kinds.add(AnomalyKind.DRIFT);
        assertThat(spec.anomalyKinds()).containsExactly(AnomalyKind.SPIKE);
        assertThatThrownBy(() -> spec.anomalyKinds().add(AnomalyKind.STUCK))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void withersChangeOnlyTheirComponents() {
        SignalSpec spec = BASE.withNoise(0.2).withSeed(9).withAnomalies(3, 4, 5000, Set.of(AnomalyKind.STUCK));
        assertThat(spec).isEqualTo(new SignalSpec(Shape.SINE, 1.0, 0.0, 1000, 0.2, 3, 4, 5000,
                EnumSet.of(AnomalyKind.STUCK), 9));
    }
}
