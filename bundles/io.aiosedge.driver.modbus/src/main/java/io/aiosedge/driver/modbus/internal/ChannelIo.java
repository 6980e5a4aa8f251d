package io.aiosedge.driver.modbus.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.kura.channel.ChannelFlag;
import org.eclipse.kura.channel.ChannelRecord;
import org.eclipse.kura.channel.ChannelStatus;
import org.eclipse.kura.type.ByteArrayValue;
import org.eclipse.kura.type.DataType;
import org.eclipse.kura.type.TypedValue;
import org.eclipse.kura.type.TypedValues;

/**
 * Reads and writes channel records through a {@link ModbusTcpClient}: parses each record's channel
 * configuration, plans merged reads with {@link RequestPlanner}, and fills every record in place with its
 * value or a FAILURE status naming the channel and the cause. Nothing is thrown for a channel's failure.
 *
 * <p>Within one call: a Modbus exception answer to a merged request is retried channel by channel, so the
 * good channels still succeed; a unit that does not answer fails its remaining channels without more
 * waiting; a lost or impossible connection fails every remaining channel, and the next call tries again.
 */
final class ChannelIo {

    private final ModbusTcpClient client;
    private final DriverOptions options;
    private final RequestPlanner.Limits limits;

    ChannelIo(ModbusTcpClient client, DriverOptions options) {
        this.client = client;
        this.options = options;
        this.limits = RequestPlanner.Limits.of(options);
    }

    /** A read planned once and executed any number of times (the body of a prepared read). */
    static final class ReadPlan {

        final List<ChannelRecord> records;
        /** Per record: its spec, or null when its configuration is invalid (see {@link #errors}). */
        final ChannelSpec[] specs;
        final String[] errors;
        final List<RequestPlanner.Block> blocks;

        ReadPlan(List<ChannelRecord> records, ChannelSpec[] specs, String[] errors, List<RequestPlanner.Block> blocks) {
            this.records = Collections.unmodifiableList(new ArrayList<>(records));
            this.specs = specs;
            this.errors = errors;
            this.blocks = List.copyOf(blocks);
        }
    }

    // ---------------------------------------------------------------- read

    ReadPlan plan(List<ChannelRecord> records) {
        ChannelSpec[] specs = new ChannelSpec[records.size()];
        String[] errors = new String[records.size()];
        List<RequestPlanner.Item> items = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            ChannelRecord record = records.get(i);
            try {
                specs[i] = ChannelSpec.parse(record.getChannelName(), record.getChannelConfig(), options.unitId());
                items.add(new RequestPlanner.Item(i, specs[i].unitId(), specs[i].area(), specs[i].address(),
                        specs[i].quantity()));
            } catch (ChannelConfigException e) {
                errors[i] = e.getMessage();
            }
        }
        return new ReadPlan(records, specs, errors, RequestPlanner.plan(items, limits));
    }

    void read(List<ChannelRecord> records) {
        execute(plan(records));
    }

    void execute(ReadPlan plan) {
        new ReadExecution(plan).run();
    }

    /** One execution of a plan: its deadline, the units that stayed silent, and which records are done. */
    private final class ReadExecution {

        private final ReadPlan plan;
        private final Deadline deadline = Deadline.afterMillis(options.callBudgetMs());
        private final Set<Integer> silentUnits = new HashSet<>();
        private final boolean[] done;
        private ModbusTransportException fatal;

        ReadExecution(ReadPlan plan) {
            this.plan = plan;
            this.done = new boolean[plan.records.size()];
        }

        void run() {
            for (int i = 0; i < plan.records.size(); i++) {
                if (plan.errors[i] != null) {
                    fail(plan.records.get(i), plan.errors[i], null);
                }
            }
            for (RequestPlanner.Block block : plan.blocks) {
                try {
                    if (fatal != null) {
                        throw fatal;
                    }
                    readBlock(block);
                } catch (ModbusTransportException e) {
                    if (e.kind() == ModbusTransportException.Kind.NO_RESPONSE) {
                        silentUnits.add(block.unitId());
                    } else {
                        fatal = e;
                    }
                    for (RequestPlanner.Item item : block.items()) {
                        if (!done[item.index()]) {
                            failItem(item.index(), e.getMessage(), e);
                        }
                    }
                }
            }
        }

        private void readBlock(RequestPlanner.Block block) throws ModbusTransportException {
            if (silentUnits.contains(block.unitId())) {
                throw new ModbusTransportException(ModbusTransportException.Kind.NO_RESPONSE, "not sent: unit "
                        + block.unitId() + " did not answer an earlier request of this call");
            }
            try {
                Object data = readRange(block.unitId(), block.area(), block.startAddress(), block.quantity(),
                        deadline);
                for (RequestPlanner.Item item : block.items()) {
                    fillItem(item.index(), data, item.address() - block.startAddress());
                }
            } catch (ModbusExceptionResponse e) {
                boolean merged = block.items().size() > 1 || block.quantity() != block.items().get(0).quantity();
                if (!merged) {
                    failItem(block.items().get(0).index(), e.getMessage(), e);
                    return;
                }
                // One bad address refuses the whole merged request; read each channel alone so the others
                // still succeed.
                for (RequestPlanner.Item item : block.items()) {
                    try {
                        Object data = readRange(item.unitId(), item.area(), item.address(), item.quantity(),
                                deadline);
                        fillItem(item.index(), data, 0);
                    } catch (ModbusExceptionResponse single) {
                        failItem(item.index(), single.getMessage(), single);
                    }
                }
            }
        }

        private void fillItem(int index, Object data, int offset) {
            ChannelRecord record = plan.records.get(index);
            ChannelSpec spec = plan.specs[index];
            done[index] = true;
            try {
                record.setValue(toRecordValue(spec, record.getValueType(), data, offset));
                record.setChannelStatus(new ChannelStatus(ChannelFlag.SUCCESS));
                record.setTimestamp(System.currentTimeMillis());
            } catch (ConversionException e) {
                fail(record, describe(spec, e.getMessage()), e);
            }
        }

        private void failItem(int index, String cause, Exception exception) {
            done[index] = true;
            fail(plan.records.get(index), describe(plan.specs[index], cause), exception);
        }
    }

    private Object readRange(int unitId, ModbusArea area, int address, int quantity, Deadline deadline)
            throws ModbusTransportException, ModbusExceptionResponse {
        return area.isBits() ? client.readBits(unitId, area, address, quantity, deadline)
                : client.readRegisters(unitId, area, address, quantity, deadline);
    }

    private static TypedValue<?> toRecordValue(ChannelSpec spec, DataType valueType, Object data, int offset)
            throws ConversionException {
        if (data instanceof boolean[]) {
            boolean bit = ((boolean[]) data)[offset];
            if (valueType == DataType.BYTE_ARRAY) {
                return TypedValues.newByteArrayValue(new byte[] {(byte) (bit ? 1 : 0)});
            }
            return RegisterCodec.toTypedValue(bit, ModbusDataType.BOOL, valueType);
        }
        int[] words = (int[]) data;
        if (valueType == DataType.BYTE_ARRAY) {
            return TypedValues.newByteArrayValue(RegisterCodec.rawBytes(words, offset, spec.quantity()));
        }
        Object deviceValue = RegisterCodec.decode(words, offset, spec.dataType(), spec.wordOrder(), spec.byteOrder());
        return RegisterCodec.toTypedValue(deviceValue, spec.dataType(), valueType);
    }

    // ---------------------------------------------------------------- write

    /** Writes each record on its own (FC 5/6, or 15/16 for wide values or when configured). */
    void write(List<ChannelRecord> records) {
        Deadline deadline = Deadline.afterMillis(options.callBudgetMs());
        ModbusTransportException fatal = null;
        Set<Integer> silentUnits = new HashSet<>();
        for (ChannelRecord record : records) {
            ChannelSpec spec;
            try {
                spec = ChannelSpec.parse(record.getChannelName(), record.getChannelConfig(), options.unitId());
            } catch (ChannelConfigException e) {
                fail(record, e.getMessage(), null);
                continue;
            }
            if (fatal != null) {
                fail(record, describe(spec, fatal.getMessage()), fatal);
                continue;
            }
            if (silentUnits.contains(spec.unitId())) {
                fail(record, describe(spec, "not sent: unit " + spec.unitId()
                        + " did not answer an earlier request of this call"), null);
                continue;
            }
            try {
                writeOne(spec, record, deadline);
                record.setChannelStatus(new ChannelStatus(ChannelFlag.SUCCESS));
                record.setTimestamp(System.currentTimeMillis());
            } catch (ConversionException e) {
                fail(record, describe(spec, "cannot write: " + e.getMessage()), e);
            } catch (ModbusExceptionResponse e) {
                fail(record, describe(spec, e.getMessage()), e);
            } catch (ModbusTransportException e) {
                if (e.kind() == ModbusTransportException.Kind.NO_RESPONSE) {
                    silentUnits.add(spec.unitId());
                } else {
                    fatal = e;
                }
                fail(record, describe(spec, e.getMessage()), e);
            }
        }
    }

    private void writeOne(ChannelSpec spec, ChannelRecord record, Deadline deadline)
            throws ConversionException, ModbusTransportException, ModbusExceptionResponse {
        if (!spec.area().isWritable()) {
            throw new ConversionException("area " + spec.area() + " is read-only");
        }
        TypedValue<?> value = record.getValue();
        if (value == null) {
            throw new ConversionException("the record has no value");
        }
        boolean multiple = options.writeMultipleFunctions();
        if (spec.area().isBits()) {
            boolean bit;
            if (value instanceof ByteArrayValue) {
                byte[] bytes = ((ByteArrayValue) value).getValue();
                if (bytes.length != 1) {
                    throw new ConversionException("a raw coil value must have 1 byte, not " + bytes.length);
                }
                bit = bytes[0] != 0;
            } else {
                bit = (Boolean) RegisterCodec.toDeviceValue(value, ModbusDataType.BOOL);
            }
            client.writeCoil(spec.unitId(), spec.address(), bit, multiple, deadline);
            return;
        }
        int[] words;
        if (value instanceof ByteArrayValue) {
            words = RegisterCodec.wordsFromRawBytes(((ByteArrayValue) value).getValue(), spec.quantity());
        } else {
            Object deviceValue = RegisterCodec.toDeviceValue(value, spec.dataType());
            words = RegisterCodec.encode(deviceValue, spec.dataType(), spec.wordOrder(), spec.byteOrder());
        }
        client.writeRegisters(spec.unitId(), spec.address(), words, multiple, deadline);
    }

    // ---------------------------------------------------------------- records

    private static String describe(ChannelSpec spec, String cause) {
        return "channel '" + spec.channelName() + "' (" + spec.location() + "): " + cause;
    }

    static void fail(ChannelRecord record, String message, Exception cause) {
        record.setChannelStatus(new ChannelStatus(ChannelFlag.FAILURE, message, cause));
        record.setTimestamp(System.currentTimeMillis());
    }
}
