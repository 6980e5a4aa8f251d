package org.eclipse.kura.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.kura.channel.listener.ChannelEvent;
import org.eclipse.kura.type.DataType;
import org.eclipse.kura.type.TypedValues;
import org.junit.jupiter.api.Test;

class ChannelTest {

    @Test
    void readRecord() {
        ChannelRecord record = ChannelRecord.createReadRecord("temp", DataType.DOUBLE);

        assertThat(record.getChannelName()).isEqualTo("temp");
        assertThat(record.getValueType()).isEqualTo(DataType.DOUBLE);
        assertThat(record.getValue()).isNull();
        assertThat(record.getChannelStatus()).isNull();
        assertThat(record.getUnit()).isNull();
        assertThat(record.getTimestamp()).isZero();
        assertThat(record.getChannelConfig()).isEmpty();
        assertThat(ChannelRecord.createReadRecord("temp", DataType.DOUBLE, "°C").getUnit()).isEqualTo("°C");
    }

    @Test
    void writeRecordTakesItsTypeFromTheValue() {
        ChannelRecord record = ChannelRecord.createWriteRecord("out", TypedValues.newIntegerValue(3));

        assertThat(record.getValueType()).isEqualTo(DataType.INTEGER);
        assertThat(record.getValue()).isEqualTo(TypedValues.newIntegerValue(3));
    }

    @Test
    void statusRecord() {
        ChannelStatus status = new ChannelStatus(ChannelFlag.FAILURE, "gone", null);
        ChannelRecord record = ChannelRecord.createStatusRecord("x", status);

        assertThat(record.getChannelName()).isEqualTo("x");
        assertThat(record.getChannelStatus()).isSameAs(status);
        assertThat(record.getValueType()).isNull();
    }

    @Test
    void factoriesRejectNulls() {
        assertThatThrownBy(() -> ChannelRecord.createReadRecord(null, DataType.LONG))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("channelName");
        assertThatThrownBy(() -> ChannelRecord.createReadRecord("a", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("valueType");
        assertThatThrownBy(() -> ChannelRecord.createWriteRecord("a", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ChannelRecord.createStatusRecord("a", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void driverFillsTheRecordInPlace() {
        ChannelRecord record = ChannelRecord.createReadRecord("c", DataType.STRING);
        Map<String, Object> config = new HashMap<>();
        config.put("+name", "c");

        record.setValue(TypedValues.newStringValue("v"));
        record.setChannelStatus(new ChannelStatus(ChannelFlag.SUCCESS));
        record.setTimestamp(123L);
        record.setUnit("u");
        record.setChannelConfig(config);

        assertThat(record.getValue().getValue()).isEqualTo("v");
        assertThat(record.getChannelStatus().getChannelFlag()).isEqualTo(ChannelFlag.SUCCESS);
        assertThat(record.getTimestamp()).isEqualTo(123L);
        assertThat(record.getUnit()).isEqualTo("u");
        assertThat(record.getChannelConfig()).containsEntry("+name", "c");
        assertThatThrownBy(() -> record.getChannelConfig().put("k", "v"))
                .isInstanceOf(UnsupportedOperationException.class);
        record.setChannelConfig(null);
        assertThat(record.getChannelConfig()).isEmpty();
        assertThat(record.toString()).contains("c").contains("SUCCESS");
    }

    @Test
    void recordsEqualByContent() {
        ChannelRecord a = ChannelRecord.createWriteRecord("w", TypedValues.newLongValue(1));
        ChannelRecord b = ChannelRecord.createWriteRecord("w", TypedValues.newLongValue(1));

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        b.setTimestamp(5);
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void channelStatus() {
        IOException failure = new IOException("timeout");

        assertThat(new ChannelStatus(ChannelFlag.SUCCESS).getExceptionMessage()).isNull();
        assertThat(new ChannelStatus(ChannelFlag.SUCCESS).getException()).isNull();
        assertThat(new ChannelStatus(ChannelFlag.FAILURE, "explicit", failure).getExceptionMessage())
                .isEqualTo("explicit");
        assertThat(new ChannelStatus(ChannelFlag.FAILURE, null, failure).getExceptionMessage()).isEqualTo("timeout");
        assertThat(new ChannelStatus(ChannelFlag.FAILURE, null, failure).getException()).isSameAs(failure);
        assertThat(new ChannelStatus(ChannelFlag.FAILURE, "m", failure))
                .isEqualTo(new ChannelStatus(ChannelFlag.FAILURE, "m", failure))
                .hasSameHashCodeAs(new ChannelStatus(ChannelFlag.FAILURE, "m", failure))
                .isNotEqualTo(new ChannelStatus(ChannelFlag.SUCCESS));
        assertThat(new ChannelStatus(ChannelFlag.FAILURE, "m", null).toString()).contains("FAILURE").contains("m");
    }

    @Test
    void channelDefaultsAndRecords() {
        Map<String, Object> config = new HashMap<>();
        config.put("+unit", "V");
        Channel channel = new Channel("volt", ChannelType.READ, DataType.FLOAT, config);

        assertThat(channel.getName()).isEqualTo("volt");
        assertThat(channel.getType()).isEqualTo(ChannelType.READ);
        assertThat(channel.getValueType()).isEqualTo(DataType.FLOAT);
        assertThat(channel.isEnabled()).isTrue();
        assertThat(channel.getValueScale()).isEqualTo(1.0d);
        assertThat(channel.getValueOffset()).isEqualTo(0.0d);
        assertThat(channel.getUnit()).isNull();
        assertThat(channel.getConfiguration()).containsEntry("+unit", "V");

        channel.setScale(2.0);
        channel.setOffset(-1.0);
        channel.setEnabled(false);
        channel.setUnit("V");
        assertThat(channel.getValueScale()).isEqualTo(2.0);
        assertThat(channel.getValueOffset()).isEqualTo(-1.0);
        assertThat(channel.isEnabled()).isFalse();

        ChannelRecord read = channel.createReadRecord();
        assertThat(read.getChannelName()).isEqualTo("volt");
        assertThat(read.getValueType()).isEqualTo(DataType.FLOAT);
        assertThat(read.getUnit()).isEqualTo("V");
        assertThat(read.getChannelConfig()).isEqualTo(channel.getConfiguration());
        ChannelRecord write = channel.createWriteRecord(TypedValues.newFloatValue(1f));
        assertThat(write.getValue()).isEqualTo(TypedValues.newFloatValue(1f));
        assertThat(write.getChannelConfig()).isEqualTo(channel.getConfiguration());

        Channel same = new Channel("volt", ChannelType.READ, DataType.FLOAT, config);
        same.setScale(2.0);
        same.setOffset(-1.0);
        same.setEnabled(false);
        same.setUnit("V");
        assertThat(channel).isEqualTo(same).hasSameHashCodeAs(same);
        same.setName("other");
        assertThat(channel).isNotEqualTo(same);
        assertThat(channel.toString()).contains("volt");
    }

    @Test
    void channelTypeLookupIgnoresCase() {
        assertThat(ChannelType.getChannelType("read_write")).isEqualTo(ChannelType.READ_WRITE);
        assertThat(ChannelType.getChannelType("Write")).isEqualTo(ChannelType.WRITE);
        assertThatThrownBy(() -> ChannelType.getChannelType("readonly")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("readonly");
    }

    @Test
    void channelEventCarriesTheRecord() {
        ChannelRecord record = ChannelRecord.createReadRecord("c", DataType.BOOLEAN);

        assertThat(new ChannelEvent(record).getChannelRecord()).isSameAs(record);
        assertThatThrownBy(() -> new ChannelEvent(null)).isInstanceOf(NullPointerException.class);
    }
}
