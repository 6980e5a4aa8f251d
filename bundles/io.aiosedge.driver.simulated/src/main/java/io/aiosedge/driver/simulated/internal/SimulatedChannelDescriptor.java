package io.aiosedge.driver.simulated.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.kura.core.configuration.metatype.Tad;
import org.eclipse.kura.core.configuration.metatype.Toption;
import org.eclipse.kura.driver.ChannelDescriptor;

/** The per-channel settings Kura's "Drivers and Assets" UI renders for a simulated channel. */
final class SimulatedChannelDescriptor implements ChannelDescriptor {

    /**
     * @return a new {@code List<Tad>}, one per {@link ChannelProperty}; new on each call because Tad is mutable
     */
    @Override
    public Object getDescriptor() {
        List<Tad> attributes = new ArrayList<>();
        for (ChannelProperty property : ChannelProperty.values()) {
            Tad attribute = new Tad();
            attribute.setId(property.id());
            attribute.setName(property.label());
            attribute.setDescription(property.description());
            attribute.setType(property.type());
            attribute.setCardinality(0);
            attribute.setRequired(property.required());
            attribute.setDefault(property.defaultValue());
            for (String value : property.options()) {
                Toption option = new Toption();
                option.setLabel(value);
                option.setValue(value);
                attribute.setOption(option);
            }
            attributes.add(attribute);
        }
        return attributes;
    }
}
