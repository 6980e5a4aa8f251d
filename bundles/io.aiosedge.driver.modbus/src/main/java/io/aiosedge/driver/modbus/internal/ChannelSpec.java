package io.aiosedge.driver.modbus.internal;

import java.util.Locale;
import java.util.Map;

/**
 * Where a channel lives on the device and how its registers encode the value: the parsed form of the
 * channel configuration Kura hands to the driver (every value a String, keys without the channel prefix).
 *
 * @param unitId the unit id requests for this channel carry (the channel's override or the driver's)
 * @param address 0-based protocol address of the first coil, input or register
 */
record ChannelSpec(
        String channelName,
        int unitId,
        ModbusArea area,
        int address,
        ModbusDataType dataType,
        Endianness wordOrder,
        Endianness byteOrder) {

    /** Highest address + 1 of a Modbus area. */
    static final int ADDRESS_SPACE = 65536;

    /** Number of addresses the channel occupies: 1 bit, or the registers of its data type. */
    int quantity() {
        return area.isBits() ? 1 : dataType.registerCount();
    }

    /** For messages: {@code HOLDING_REGISTER 40 INT32 unit 1}. */
    String location() {
        return area + " " + address + " " + dataType + " unit " + unitId;
    }

    /**
     * Parses a channel configuration.
     *
     * @param defaultUnitId the driver's unit id, used when the channel does not override it
     * @throws ChannelConfigException naming the channel, the property and the bad value
     */
    static ChannelSpec parse(String channelName, Map<String, ?> config, int defaultUnitId)
            throws ChannelConfigException {
        // The descriptor and the README give HOLDING_REGISTER as the default; a channel without an area gets it.
        ModbusArea area = parseEnum(channelName, config, ModbusChannelDescriptor.AREA, ModbusArea.class,
                ModbusArea.HOLDING_REGISTER);
        int address = parseInt(channelName, config, ModbusChannelDescriptor.ADDRESS, 0, ADDRESS_SPACE - 1, null);
        ModbusDataType dataType = parseEnum(channelName, config, ModbusChannelDescriptor.DATA_TYPE,
                ModbusDataType.class, ModbusDataType.valueOf(ModbusChannelDescriptor.DEFAULT_DATA_TYPE));
        Endianness wordOrder = parseEnum(channelName, config, ModbusChannelDescriptor.WORD_ORDER, Endianness.class,
                Endianness.BIG_ENDIAN);
        Endianness byteOrder = parseEnum(channelName, config, ModbusChannelDescriptor.BYTE_ORDER, Endianness.class,
                Endianness.BIG_ENDIAN);
        int unitId = parseInt(channelName, config, ModbusChannelDescriptor.UNIT_ID, 0, 255, defaultUnitId);

        if (area.isBits() && dataType != ModbusDataType.BOOL) {
            throw new ChannelConfigException(describe(channelName, ModbusChannelDescriptor.DATA_TYPE, dataType)
                    + " is not valid for area " + area + ": coils and discrete inputs are BOOL");
        }
        ChannelSpec spec = new ChannelSpec(channelName, unitId, area, address, dataType, wordOrder, byteOrder);
        if (address + spec.quantity() > ADDRESS_SPACE) {
            throw new ChannelConfigException(describe(channelName, ModbusChannelDescriptor.ADDRESS, address)
                    + " is invalid: a " + dataType + " there would end past address " + (ADDRESS_SPACE - 1));
        }
        return spec;
    }

    private static String text(Map<String, ?> config, String key) {
        Object value = config.get(key);
        if (value == null) {
            return null;
        }
        String text = String.valueOf(value).trim();
        return text.isEmpty() ? null : text;
    }

    private static <E extends Enum<E>> E parseEnum(String channel, Map<String, ?> config, String key, Class<E> type,
            E fallback) throws ChannelConfigException {
        String text = text(config, key);
        if (text == null) {
            if (fallback == null) {
                throw new ChannelConfigException("channel '" + channel + "': property '" + key + "' is missing");
            }
            return fallback;
        }
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ChannelConfigException(describe(channel, key, config.get(key)) + " is invalid: expected one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static int parseInt(String channel, Map<String, ?> config, String key, int min, int max,
            Integer fallback) throws ChannelConfigException {
        String text = text(config, key);
        if (text == null) {
            if (fallback == null) {
                throw new ChannelConfigException("channel '" + channel + "': property '" + key + "' is missing");
            }
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ChannelConfigException(describe(channel, key, config.get(key)) + " is not an integer");
        }
        if (value < min || value > max) {
            throw new ChannelConfigException(describe(channel, key, config.get(key)) + " is out of range "
                    + min + ".." + max);
        }
        return value;
    }

    private static String describe(String channel, String key, Object value) {
        return "channel '" + channel + "': property '" + key + "' = '" + value + "'";
    }
}
