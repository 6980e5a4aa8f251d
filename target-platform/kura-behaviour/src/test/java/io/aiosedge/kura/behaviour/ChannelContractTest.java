package io.aiosedge.kura.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.kura.channel.ChannelFlag;
import org.eclipse.kura.channel.ChannelRecord;
import org.eclipse.kura.channel.ChannelStatus;
import org.eclipse.kura.channel.listener.ChannelEvent;
import org.eclipse.kura.type.DataType;
import org.eclipse.kura.type.TypedValues;
import org.junit.jupiter.api.Test;

/**
 * {@code ChannelRecord}, {@code ChannelStatus} and {@code ChannelEvent} as Kura 5.4.1 has them: what each factory
 * method leaves unset, which nulls are refused and with which message, what is copied and what equality covers. A
 * driver that passes a null where Kura throws fails on a gateway only.
 */
class ChannelContractTest {

    @Test
    void aReadRecordHasAnEmptyUnitAndNothingElseUntilTheDriverFillsIt() {
        ChannelRecord record = ChannelRecord.createReadRecord("temp", DataType.DOUBLE);
        assertThat(record.getChannelName()).isEqualTo("temp");
        assertThat(record.getValueType()).isEqualTo(DataType.DOUBLE);
        assertThat(record.getUnit()).isEqualTo("");
        assertThat(record.getValue()).isNull();
        assertThat(record.getChannelStatus()).isNull();
        assertThat(record.getTimestamp()).isZero();
        assertThat(record.getChannelConfig()).isNull();

        assertThat(ChannelRecord.createReadRecord("temp", DataType.DOUBLE, "°C").getUnit()).isEqualTo("°C");
        assertThat(ChannelRecord.createReadRecord("temp", DataType.DOUBLE, null).getUnit()).isNull();
    }

    @Test
    void aWriteRecordTakesItsTypeFromTheValueAndAStatusRecordHasNoType() {
        ChannelRecord write = ChannelRecord.createWriteRecord("setpoint", TypedValues.newFloatValue(21.5f));
        assertThat(write.getValueType()).isEqualTo(DataType.FLOAT);
        assertThat(write.getValue()).isEqualTo(TypedValues.newFloatValue(21.5f));
        assertThat(write.getUnit()).isNull();

        ChannelRecord status = ChannelRecord.createStatusRecord("temp", new ChannelStatus(ChannelFlag.FAILURE));
        assertThat(status.getValueType()).isNull();
        assertThat(status.getUnit()).isNull();
        assertThat(status.getValue()).isNull();
        assertThat(status.getChannelStatus().getChannelFlag()).isEqualTo(ChannelFlag.FAILURE);
    }

    @Test
    void nullsAreRefusedWithKurasMessages() {
        assertThatThrownBy(() -> ChannelRecord.createReadRecord(null, DataType.DOUBLE))
                .isInstanceOf(NullPointerException.class).hasMessage("Channel Name cannot be null");
        assertThatThrownBy(() -> ChannelRecord.createReadRecord("a", null))
                .isInstanceOf(NullPointerException.class).hasMessage("Value Type cannot be null");
        assertThatThrownBy(() -> ChannelRecord.createWriteRecord("a", null))
                .isInstanceOf(NullPointerException.class).hasMessage("Value cannot be null");
        assertThatThrownBy(() -> ChannelRecord.createStatusRecord("a", null))
                .isInstanceOf(NullPointerException.class).hasMessage("Status cannot be null");

        ChannelRecord record = ChannelRecord.createReadRecord("a", DataType.INTEGER);
        assertThatThrownBy(() -> record.setValue(null))
                .isInstanceOf(NullPointerException.class).hasMessage("Value cannot be null");
        assertThatThrownBy(() -> record.setChannelStatus(null))
                .isInstanceOf(NullPointerException.class).hasMessage("Channel Status cannot be null");
        assertThatThrownBy(() -> record.setChannelConfig(null))
                .isInstanceOf(NullPointerException.class).hasMessage("Channel configuration cannot be null");
        record.setUnit(null);
        assertThat(record.getUnit()).isNull();
    }

    @Test
    void theValueIsNotCheckedAgainstTheValueType() {
        ChannelRecord record = ChannelRecord.createReadRecord("a", DataType.INTEGER);
        record.setValue(TypedValues.newStringValue("not a number"));
        assertThat(record.getValue().getValue()).isEqualTo("not a number");
        assertThat(record.getValueType()).isEqualTo(DataType.INTEGER);
    }

    @Test
    void theChannelConfigIsCopiedInAndHandedOutAsItIs() {
        Map<String, Object> config = new HashMap<>();
        config.put("address", "10");
        ChannelRecord record = ChannelRecord.createReadRecord("a", DataType.INTEGER);
        record.setChannelConfig(config);
        config.put("address", "11");
        assertThat(record.getChannelConfig()).containsEntry("address", "10");

        record.getChannelConfig().put("area", "COIL");
        assertThat(record.getChannelConfig()).containsEntry("area", "COIL");
    }

    @Test
    void equalityCoversNameTypeValueStatusTimestampAndUnitButNotTheConfig() {
        ChannelRecord a = ChannelRecord.createReadRecord("a", DataType.INTEGER);
        ChannelRecord b = ChannelRecord.createReadRecord("a", DataType.INTEGER);
        a.setChannelConfig(Map.of("address", "1"));
        b.setChannelConfig(Map.of("address", "2"));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);

        b.setTimestamp(5);
        assertThat(a).isNotEqualTo(b);
        a.setTimestamp(5);
        a.setValue(TypedValues.newIntegerValue(1));
        assertThat(a).isNotEqualTo(b);
        b.setValue(TypedValues.newIntegerValue(1));
        assertThat(a).isEqualTo(b);
        b.setUnit("mm");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void aStatusRefusesANullFlagAndComparesItsException() {
        assertThatThrownBy(() -> new ChannelStatus(null))
                .isInstanceOf(NullPointerException.class).hasMessage("Channel Flag cannot be null");
        assertThatThrownBy(() -> new ChannelStatus(null, "m", null))
                .isInstanceOf(NullPointerException.class).hasMessage("Driver Flag cannot be null");

        ChannelStatus one = new ChannelStatus(ChannelFlag.FAILURE, "timeout", new IllegalStateException("t"));
        ChannelStatus other = new ChannelStatus(ChannelFlag.FAILURE, "timeout", new IllegalStateException("t"));
        assertThat(one).as("exceptions compare by identity").isNotEqualTo(other);
        assertThat(new ChannelStatus(ChannelFlag.SUCCESS)).isEqualTo(new ChannelStatus(ChannelFlag.SUCCESS, null, null))
                .hasSameHashCodeAs(new ChannelStatus(ChannelFlag.SUCCESS));
        assertThat(new ChannelStatus(ChannelFlag.SUCCESS).getExceptionMessage()).isNull();
        assertThat(new ChannelStatus(ChannelFlag.FAILURE, null, new IllegalStateException("t")).getExceptionMessage())
                .as("the exception's own message is not used").isNull();
    }

    @Test
    void anEventNeedsARecord() {
        assertThatThrownBy(() -> new ChannelEvent(null))
                .isInstanceOf(NullPointerException.class).hasMessage("Channel record cannot be null");
        ChannelRecord record = ChannelRecord.createReadRecord("a", DataType.BOOLEAN);
        assertThat(new ChannelEvent(record).getChannelRecord()).isSameAs(record);
    }
}
