package io.aiosedge.scheduler.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.aiosedge.api.scheduler.PlacementPolicy;
import io.aiosedge.api.scheduler.TaskScheduler;
import io.aiosedge.scheduler.internal.component.TaskSchedulerComponent;

class SchedulerCommandsTest {

    private final ConfigurationAdmin configurationAdmin = mock(ConfigurationAdmin.class);
    private final Configuration configuration = mock(Configuration.class);
    private final TaskScheduler scheduler = mock(TaskScheduler.class);
    private final SchedulerCommands commands = new SchedulerCommands(configurationAdmin);

    @BeforeEach
    void schedulerRunsWithMinCompletion() throws Exception {
        when(configurationAdmin.getConfiguration(TaskSchedulerComponent.PID, "?")).thenReturn(configuration);
        Dictionary<String, Object> stored = new Hashtable<>(Map.of("policy", "min-completion"));
        when(configuration.getProperties()).thenReturn(stored);
        when(scheduler.policy()).thenReturn("min-completion");
        commands.bindTaskScheduler(scheduler);
    }

    @Test
    void anUnknownPolicyIsRefusedWithTheKnownOnesAndNothingIsStored() throws Exception {
        assertThatThrownBy(() -> commands.policy("bogus"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no placement policy 'bogus'")
                .hasMessageContaining("min-completion").hasMessageContaining("joint-inference")
                .hasMessageContaining("nothing was changed");
        verify(configuration, never()).update(any());
    }

    @Test
    void aBuiltInPolicyIsStoredInTheSchedulersConfiguration() throws Exception {
        assertThat(commands.policy(" local-only ")).isEqualTo("policy set to local-only (was min-completion)");
        @SuppressWarnings("unchecked")
        ArgumentCaptor<Dictionary<String, Object>> stored = ArgumentCaptor.forClass(Dictionary.class);
        verify(configuration).update(stored.capture());
        assertThat(stored.getValue().get("policy")).isEqualTo("local-only");
    }

    @Test
    void aRegisteredPlacementPolicyServiceIsAValidName() throws Exception {
        PlacementPolicy custom = mock(PlacementPolicy.class);
        commands.addPlacementPolicy(custom, Map.of(PlacementPolicy.NAME_PROPERTY, "energy-aware"));
        assertThat(commands.knownPolicies()).contains("energy-aware", "local-only");
        assertThat(commands.policy()).contains("registered: [energy-aware]");
        assertThat(commands.policy("energy-aware")).startsWith("policy set to energy-aware");

        commands.removePlacementPolicy(custom);
        assertThatThrownBy(() -> commands.policy("energy-aware")).hasMessageContaining("no placement policy");
    }
}
