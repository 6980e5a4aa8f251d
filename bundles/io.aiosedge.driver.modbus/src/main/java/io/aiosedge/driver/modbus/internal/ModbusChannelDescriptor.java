package io.aiosedge.driver.modbus.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.eclipse.kura.core.configuration.metatype.Tad;
import org.eclipse.kura.core.configuration.metatype.Toption;
import org.eclipse.kura.core.configuration.metatype.Tscalar;
import org.eclipse.kura.driver.ChannelDescriptor;

/** The per-channel settings Kura's asset UI renders for a Modbus TCP channel, as a {@code List<Tad>}. */
final class ModbusChannelDescriptor implements ChannelDescriptor {

    static final String AREA = "area";
    static final String ADDRESS = "address";
    static final String DATA_TYPE = "data.type";
    static final String WORD_ORDER = "word.order";
    static final String BYTE_ORDER = "byte.order";
    static final String UNIT_ID = "unit.id";

    static final String DEFAULT_DATA_TYPE = ModbusDataType.UINT16.name();

    private final List<Tad> attributes;

    ModbusChannelDescriptor() {
        List<Tad> list = new ArrayList<>();
        list.add(choice(AREA, "Area", "Modbus data area: COIL (FC 1/5/15), DISCRETE_INPUT (FC 2, read-only),"
                + " INPUT_REGISTER (FC 4, read-only) or HOLDING_REGISTER (FC 3/6/16).",
                ModbusArea.HOLDING_REGISTER.name(), ModbusArea.values()));
        list.add(integer(ADDRESS, "Address", "0-based protocol address of the first coil, input or register"
                + " (register 40001 of a device manual is HOLDING_REGISTER address 0).", "0", "0", "65535", true));
        list.add(choice(DATA_TYPE, "Data type", "How the registers encode the value; coils and discrete inputs"
                + " are BOOL. In a register area BOOL means 'register is not 0'. 32-bit types take 2 registers,"
                + " 64-bit types 4.", DEFAULT_DATA_TYPE, ModbusDataType.values()));
        list.add(choice(WORD_ORDER, "Word order", "Order of the 16-bit words of a 32/64-bit value: BIG_ENDIAN puts"
                + " the most significant word at the lowest address.", Endianness.BIG_ENDIAN.name(),
                Endianness.values()));
        list.add(choice(BYTE_ORDER, "Byte order", "Order of the two bytes inside each register: BIG_ENDIAN is"
                + " the Modbus standard (high byte first); LITTLE_ENDIAN swaps them.", Endianness.BIG_ENDIAN.name(),
                Endianness.values()));
        list.add(integer(UNIT_ID, "Unit id override", "Unit id for this channel (0-255), e.g. a device behind a"
                + " gateway; empty uses the driver's unit id.", null, "0", "255", false));
        this.attributes = Collections.unmodifiableList(list);
    }

    /** @return a {@code java.util.List<Tad>}, as Kura's asset expects */
    @Override
    public Object getDescriptor() {
        return attributes;
    }

    private static Tad integer(String id, String name, String description, String defaultValue, String min,
            String max, boolean required) {
        Tad tad = base(id, name, description, Tscalar.INTEGER, defaultValue, required);
        tad.setMin(min);
        tad.setMax(max);
        return tad;
    }

    private static Tad choice(String id, String name, String description, String defaultValue, Enum<?>[] values) {
        Tad tad = base(id, name, description, Tscalar.STRING, defaultValue, true);
        Arrays.stream(values).forEach(value -> {
            Toption option = new Toption();
            option.setLabel(value.name());
            option.setValue(value.name());
            tad.setOption(option);
        });
        return tad;
    }

    private static Tad base(String id, String name, String description, Tscalar type, String defaultValue,
            boolean required) {
        Tad tad = new Tad();
        tad.setId(id);
        tad.setName(name);
        tad.setDescription(description);
        tad.setType(type);
        tad.setCardinality(0);
        tad.setRequired(required);
        tad.setDefault(defaultValue);
        return tad;
    }
}
