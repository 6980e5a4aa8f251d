package io.aiosedge.scheduler.internal.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.aiosedge.api.scheduler.PlacementPolicy;
import io.aiosedge.scheduler.internal.core.SchedulerOptions;
import io.aiosedge.scheduler.internal.policy.Policies;
import io.aiosedge.scheduler.internal.policy.PolicyOptions;

class PolicySelectorTest {

    private final PolicySelector selector = new PolicySelector();

    private static SchedulerSettings naming(String policy) {
        return new SchedulerSettings(policy, SchedulerOptions.defaults(), PolicyOptions.defaults(), "gateway", 2, 1e9,
                "", "inference", 8, 1e10, 5000, 10_000, false);
    }

    private static PlacementPolicy service(String ownName) {
        PlacementPolicy policy = mock(PlacementPolicy.class);
        when(policy.name()).thenReturn(ownName);
        return policy;
    }

    @Test
    void aBuiltInNameGivesThatPolicyAndTheSameInstanceUntilItIsForgotten() {
        PlacementPolicy first = selector.choose(naming(Policies.LOCAL_ONLY));
        assertThat(first.name()).isEqualTo(Policies.LOCAL_ONLY);
        assertThat(selector.choose(naming(Policies.LOCAL_ONLY))).isSameAs(first);
        selector.forgetBuiltIn();
        PlacementPolicy fresh = selector.choose(naming(Policies.LOCAL_ONLY));
        assertThat(fresh).isNotSameAs(first);
        assertThat(fresh.name()).isEqualTo(Policies.LOCAL_ONLY);
    }

    @Test
    void aServiceOfTheConfiguredNameWinsOverTheBuiltInOneAndItsDepartureFallsBack() {
        PlacementPolicy custom = service("ignored-own-name");
        selector.add(custom, Map.of(PlacementPolicy.NAME_PROPERTY, Policies.ROUND_ROBIN));
        assertThat(selector.choose(naming(Policies.ROUND_ROBIN))).isSameAs(custom);
        selector.remove(custom);
        PlacementPolicy builtIn = selector.choose(naming(Policies.ROUND_ROBIN));
        assertThat(builtIn).isNotSameAs(custom);
        assertThat(builtIn.name()).isEqualTo(Policies.ROUND_ROBIN);
    }

    @Test
    void aServiceWithoutTheNamePropertyGoesByItsOwnName() {
        PlacementPolicy custom = service("nearest-first");
        selector.add(custom, Map.of());
        assertThat(selector.choose(naming("nearest-first"))).isSameAs(custom);
    }

    @Test
    void anUnknownNameFallsBackToMinCompletion() {
        assertThat(selector.choose(naming("no-such-policy")).name()).isEqualTo(Policies.MIN_COMPLETION);
    }
}
