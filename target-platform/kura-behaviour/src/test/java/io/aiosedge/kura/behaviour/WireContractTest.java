package io.aiosedge.kura.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.kura.type.TypedValue;
import org.eclipse.kura.type.TypedValues;
import org.eclipse.kura.wire.WireConfiguration;
import org.eclipse.kura.wire.WireEnvelope;
import org.eclipse.kura.wire.WireRecord;
import org.eclipse.kura.wire.graph.Constants;
import org.eclipse.kura.wire.graph.MultiportWireConfiguration;
import org.eclipse.kura.wire.graph.WireComponentConfiguration;
import org.eclipse.kura.wire.graph.WireComponentDefinition;
import org.eclipse.kura.wire.graph.WireGraphConfiguration;
import org.junit.jupiter.api.Test;
import org.osgi.service.wireadmin.Envelope;

/**
 * The value types of Kura Wires as Kura 5.4.1 has them: a record and an envelope keep unmodifiable views of what
 * they are given (not copies), an envelope is a WireAdmin envelope of scope WIRES identified by the emitter's pid,
 * wire configurations are equal by their ends (and ports), and the graph's property names. A component that
 * changes a map after sending it, or relies on a copy, behaves differently on a gateway.
 */
class WireContractTest {

    @Test
    void aRecordViewsItsMapWithoutCopyingIt() {
        Map<String, TypedValue<?>> properties = new HashMap<>();
        properties.put("temperature", TypedValues.newDoubleValue(21.5));
        WireRecord record = new WireRecord(properties);

        assertThat(record.getProperties()).containsEntry("temperature", TypedValues.newDoubleValue(21.5));
        assertThatThrownBy(() -> record.getProperties().put("x", TypedValues.newIntegerValue(1)))
                .isInstanceOf(UnsupportedOperationException.class);
        properties.put("later", TypedValues.newBooleanValue(true));
        properties.put("empty", null);
        assertThat(record.getProperties()).containsKeys("later", "empty");
        assertThat(record.getProperties().get("empty")).isNull();
    }

    @Test
    void aRecordRefusesANullMapWithKurasMessage() {
        assertThatThrownBy(() -> new WireRecord(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("Properties cannot be null");
    }

    @Test
    void anEnvelopeIsAWireAdminEnvelopeOfScopeWiresIdentifiedByTheEmitter() {
        List<WireRecord> records = new ArrayList<>();
        records.add(new WireRecord(Map.of("a", TypedValues.newLongValue(1L))));
        WireEnvelope envelope = new WireEnvelope("emitter.service.pid", records);

        assertThat(envelope).isInstanceOf(Envelope.class);
        assertThat(envelope.getEmitterPid()).isEqualTo("emitter.service.pid");
        assertThat(envelope.getIdentification()).isEqualTo("emitter.service.pid");
        assertThat(envelope.getScope()).isEqualTo("WIRES");
        assertThat(envelope.getValue()).isSameAs(envelope.getRecords());
        assertThat(envelope.getRecords()).hasSize(1);
    }

    @Test
    void anEnvelopeViewsItsListWithoutCopyingIt() {
        List<WireRecord> records = new ArrayList<>();
        WireEnvelope envelope = new WireEnvelope("e", records);
        assertThatThrownBy(() -> envelope.getRecords().add(new WireRecord(Map.of())))
                .isInstanceOf(UnsupportedOperationException.class);
        records.add(new WireRecord(Map.of()));
        assertThat(envelope.getRecords()).hasSize(1);
    }

    @Test
    void anEnvelopeNeedsAListButNotAnEmitter() {
        assertThatThrownBy(() -> new WireEnvelope("e", null)).isInstanceOf(NullPointerException.class);
        assertThat(new WireEnvelope(null, List.of()).getEmitterPid()).isNull();
    }

    @Test
    void aWireConfigurationNeedsBothEndsAndIsEqualByThemAlone() {
        assertThatThrownBy(() -> new WireConfiguration(null, "r")).isInstanceOf(NullPointerException.class)
                .hasMessage("Emitter PID cannot be null");
        assertThatThrownBy(() -> new WireConfiguration("e", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("Receiver PID cannot be null");

        WireConfiguration plain = new WireConfiguration("timer", "logger");
        WireConfiguration filtered = new WireConfiguration("timer", "logger");
        filtered.setFilter("(a=b)");
        assertThat(filtered.getFilter()).isEqualTo("(a=b)");
        assertThat(plain.getFilter()).isNull();
        assertThat(plain.getWire()).isNull();
        assertThat(filtered).isEqualTo(plain).hasSameHashCodeAs(plain);
        assertThat(new WireConfiguration("timer", "other")).isNotEqualTo(plain);
        assertThat(plain).isNotEqualTo(null);
        assertThat(plain.toString())
                .isEqualTo("WireConfiguration [emitterPid=timer, filter=null, receiverPid=logger, wire=null]");
    }

    @Test
    void aMultiportWireConfigurationCountsItsPortsAndIsNeverEqualToAPlainOne() {
        MultiportWireConfiguration wire = new MultiportWireConfiguration("cond", "logger", 1, 0);
        assertThat(wire.getEmitterPort()).isEqualTo(1);
        assertThat(wire.getReceiverPort()).isZero();
        assertThat(wire).isEqualTo(new MultiportWireConfiguration("cond", "logger", 1, 0))
                .hasSameHashCodeAs(new MultiportWireConfiguration("cond", "logger", 1, 0));
        assertThat(wire).isNotEqualTo(new MultiportWireConfiguration("cond", "logger", 0, 0));
        assertThat(wire).isNotEqualTo(new WireConfiguration("cond", "logger"));
        assertThat(new WireConfiguration("cond", "logger")).isNotEqualTo(wire);

        wire.setEmitterPort(0);
        wire.setReceiverPort(2);
        assertThat(wire).isEqualTo(new MultiportWireConfiguration("cond", "logger", 0, 2));
        assertThat(wire.toString()).startsWith("WireConfiguration [emitterPid=cond,");
        assertThatThrownBy(() -> new MultiportWireConfiguration(null, "r", 0, 0))
                .isInstanceOf(NullPointerException.class).hasMessage("Emitter PID cannot be null");
    }

    @Test
    void theGraphPropertyNamesAndTheirLookup() {
        assertThat(Constants.WIRE_EMITTER_PORT_PROP_NAME.value()).isEqualTo("emitter.port");
        assertThat(Constants.WIRE_RECEIVER_PORT_PROP_NAME.value()).isEqualTo("receiver.port");
        assertThat(Constants.RECEIVER_PORT_COUNT_PROP_NAME.value()).isEqualTo("receiver.port.count");
        assertThat(Constants.EMITTER_PORT_COUNT_PROP_NAME.value()).isEqualTo("emitter.port.count");
        assertThat(Constants.RECEIVER_KURA_SERVICE_PID_PROP_NAME.value()).isEqualTo("receiver.kura.service.pid");
        assertThat(Constants.EMITTER_KURA_SERVICE_PID_PROP_NAME.value()).isEqualTo("emitter.kura.service.pid");
        assertThat(Constants.fromValue("receiver.port")).isEqualTo(Constants.WIRE_RECEIVER_PORT_PROP_NAME);
        assertThatThrownBy(() -> Constants.fromValue("RECEIVER.PORT")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RECEIVER.PORT");
        assertThatThrownBy(() -> Constants.fromValue(null)).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).isNull());
    }

    @Test
    void graphConfigurationsViewTheirCollectionsWithoutCopying() {
        Map<String, Object> properties = new HashMap<>();
        WireComponentConfiguration component = new WireComponentConfiguration(null, properties);
        assertThat(component.getConfiguration()).isNull();
        properties.put("inputPortCount", 1);
        assertThat(component.getProperties()).containsEntry("inputPortCount", 1);
        assertThatThrownBy(() -> component.getProperties().put("x", 1))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new WireComponentConfiguration(null, null)).isInstanceOf(NullPointerException.class);

        List<WireComponentConfiguration> components = new ArrayList<>();
        List<MultiportWireConfiguration> wires = new ArrayList<>();
        WireGraphConfiguration graph = new WireGraphConfiguration(components, wires);
        components.add(component);
        wires.add(new MultiportWireConfiguration("a", "b", 0, 0));
        assertThat(graph.getWireComponentConfigurations()).containsExactly(component);
        assertThat(graph.getWireConfigurations()).hasSize(1);
        assertThatThrownBy(() -> graph.getWireConfigurations().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new WireGraphConfiguration(null, wires)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new WireGraphConfiguration(components, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aComponentDefinitionIsAPlainBean() {
        WireComponentDefinition definition = new WireComponentDefinition();
        assertThat(definition.getFactoryPid()).isNull();
        assertThat(definition.getMinInputPorts()).isZero();
        assertThat(definition.getMaxOutputPorts()).isZero();
        assertThat(definition.getInputPortNames()).isNull();
        assertThat(definition.getComponentOCD()).isNull();

        Map<Integer, String> names = new HashMap<>();
        definition.setOutputPortNames(names);
        definition.setFactoryPid("org.eclipse.kura.wire.Conditional");
        definition.setMinOutputPorts(2);
        definition.setDefaultInputPorts(-1);
        assertThat(definition.getOutputPortNames()).isSameAs(names);
        assertThat(definition.getFactoryPid()).isEqualTo("org.eclipse.kura.wire.Conditional");
        assertThat(definition.getMinOutputPorts()).isEqualTo(2);
        assertThat(definition.getDefaultInputPorts()).isEqualTo(-1);
    }
}
