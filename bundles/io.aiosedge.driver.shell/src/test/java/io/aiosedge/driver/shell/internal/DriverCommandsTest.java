package io.aiosedge.driver.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.kura.channel.ChannelFlag;
import org.eclipse.kura.channel.ChannelRecord;
import org.eclipse.kura.channel.ChannelStatus;
import org.eclipse.kura.channel.ChannelType;
import org.eclipse.kura.channel.listener.ChannelListener;
import org.eclipse.kura.driver.ChannelDescriptor;
import org.eclipse.kura.driver.Driver;
import org.eclipse.kura.driver.PreparedRead;
import org.eclipse.kura.type.DataType;
import org.eclipse.kura.type.TypedValues;
import org.junit.jupiter.api.Test;

import io.aiosedge.api.driver.DriverConnectionInfo;

class DriverCommandsTest {

    /** A driver that answers every read with 21.5 and remembers what it was given. */
    static final class RecordingDriver implements Driver, DriverConnectionInfo {
        final List<ChannelRecord> seen = new ArrayList<>();

        @Override
        public void read(List<ChannelRecord> records) {
            for (ChannelRecord record : records) {
                seen.add(record);
                if ("bad".equals(record.getChannelName())) {
                    record.setChannelStatus(new ChannelStatus(ChannelFlag.FAILURE, "channel bad: no such register", null));
                } else {
                    record.setValue(TypedValues.newDoubleValue(21.5));
                    record.setChannelStatus(new ChannelStatus(ChannelFlag.SUCCESS));
                }
                record.setTimestamp(42);
            }
        }

        @Override
        public void write(List<ChannelRecord> records) {
            seen.addAll(records);
            records.forEach(r -> r.setChannelStatus(new ChannelStatus(ChannelFlag.SUCCESS)));
        }

        @Override
        public State connectionState() {
            return State.CONNECTED;
        }

        @Override
        public String connectionDetail() {
            return "sim seed 7";
        }

        @Override
        public void connect() {
        }

        @Override
        public void disconnect() {
        }

        @Override
        public ChannelDescriptor getChannelDescriptor() {
            return List::of;
        }

        @Override
        public void registerChannelListener(Map<String, Object> channelConfig, ChannelListener listener) {
        }

        @Override
        public void unregisterChannelListener(ChannelListener listener) {
        }

        @Override
        public PreparedRead prepareRead(List<ChannelRecord> records) {
            throw new UnsupportedOperationException();
        }
    }

    private final DriverCommands commands = new DriverCommands();
    private final RecordingDriver driver = new RecordingDriver();

    @Test
    void listsDriversWithTheirConnectionState() {
        assertThat(commands.drivers()).isEqualTo("no drivers");
        commands.addDriver(driver, Map.of("kura.service.pid", "sim1"));
        assertThat(commands.drivers()).contains("sim1").contains("CONNECTED").contains("sim seed 7");
    }

    @Test
    void readPassesKuraStyleStringConfigAndPrintsValuesAndFailures() throws Exception {
        commands.addDriver(driver, Map.of("kura.service.pid", "sim1"));
        String out = commands.read("sim1", "temp:double:shape=SINE,amplitude=5", "bad:INTEGER");

        assertThat(out).contains("temp").contains("SUCCESS").contains("21.5");
        assertThat(out).contains("bad").contains("FAILURE").contains("no such register");
        ChannelRecord temp = driver.seen.get(0);
        assertThat(temp.getValueType()).isEqualTo(DataType.DOUBLE);
        assertThat(temp.getChannelConfig()).containsEntry("shape", "SINE").containsEntry("amplitude", "5")
                .containsEntry("+name", "temp").containsEntry("+value.type", "DOUBLE")
                .containsEntry("+type", ChannelType.READ.name()).containsEntry("+enabled", "true");
    }

    @Test
    void writeParsesTheValueForTheChannelType() throws Exception {
        commands.addDriver(driver, Map.of("kura.service.pid", "sim1"));
        commands.write("sim1", "setpoint:FLOAT:setpoint=true", "3.25");
        assertThat(driver.seen.get(0).getValue().getValue()).isEqualTo(3.25f);

        assertThatThrownBy(() -> commands.write("sim1", "setpoint:FLOAT", "warm"))
                .hasMessageContaining("setpoint").hasMessageContaining("'warm'").hasMessageContaining("FLOAT");
    }

    @Test
    void badInputNamesWhatWasWrong() {
        commands.addDriver(driver, Map.of("kura.service.pid", "sim1"));
        assertThatThrownBy(() -> commands.read("nope", "t:DOUBLE")).hasMessageContaining("'nope'").hasMessageContaining("sim1");
        assertThatThrownBy(() -> commands.read("sim1", "t:CELSIUS")).hasMessageContaining("'CELSIUS'");
        assertThatThrownBy(() -> commands.read("sim1", "justaname")).hasMessageContaining("name:VALUE_TYPE");
        assertThatThrownBy(() -> commands.read("sim1", "t:DOUBLE:amplitude")).hasMessageContaining("'amplitude' is not key=value");
    }

    @Test
    void removingADriverOnlyRemovesThatInstance() {
        RecordingDriver replacement = new RecordingDriver();
        commands.addDriver(driver, Map.of("kura.service.pid", "sim1"));
        commands.addDriver(replacement, Map.of("kura.service.pid", "sim1"));
        commands.removeDriver(driver, Map.of("kura.service.pid", "sim1"));
        assertThat(commands.drivers()).contains("sim1");
        commands.removeDriver(replacement, Map.of("kura.service.pid", "sim1"));
        assertThat(commands.drivers()).isEqualTo("no drivers");
    }

    @Test
    void anInstanceWithoutKuraServicePidIsFoundByItsServicePid() throws Exception {
        commands.addDriver(driver, Map.of("service.pid", "io.aiosedge.driver.modbus.ModbusTcpDriver~abc",
                "kura.service.pid", " "));
        assertThat(commands.drivers()).contains("io.aiosedge.driver.modbus.ModbusTcpDriver~abc");
        assertThat(commands.read("io.aiosedge.driver.modbus.ModbusTcpDriver~abc", "t:DOUBLE")).contains("21.5");
        commands.removeDriver(driver, Map.of("service.pid", "io.aiosedge.driver.modbus.ModbusTcpDriver~abc"));
        assertThat(commands.drivers()).isEqualTo("no drivers");
    }

    @Test
    void aValueThatDoesNotFitTheTypeIsRefusedInPlainWords() {
        commands.addDriver(driver, Map.of("kura.service.pid", "sim1"));
        assertThatThrownBy(() -> commands.write("sim1", "count:INTEGER", "abc"))
                .hasMessage("channel 'count': 'abc' is not a whole number from -2147483648 to 2147483647,"
                        + " which its value type INTEGER needs")
                .hasMessageNotContaining("a INTEGER");
        assertThatThrownBy(() -> commands.write("sim1", "on:BOOLEAN", "maybe"))
                .hasMessageContaining("'maybe' is not true or false");
        assertThatThrownBy(() -> commands.write("sim1", "on:BOOLEAN", "yes"))
                .as("Kura's parseTypedValue would read it as false").hasMessageContaining("'yes' is not true or false");
        assertThatThrownBy(() -> commands.write("sim1", "raw:BYTE_ARRAY", "0a1"))
                .hasMessageContaining("is not bytes in hexadecimal");
    }

    @Test
    void consoleValuesParseAsTheTableSays() {
        assertThat(DriverCommands.parse(DataType.BOOLEAN, " TRUE ").getValue()).isEqualTo(true);
        assertThat(DriverCommands.parse(DataType.BOOLEAN, "false").getValue()).isEqualTo(false);
        assertThat(DriverCommands.parse(DataType.INTEGER, " 42 ").getValue()).isEqualTo(42);
        assertThat((byte[]) DriverCommands.parse(DataType.BYTE_ARRAY, "0a1BFF").getValue())
                .containsExactly(0x0a, 0x1b, 0xff);
        assertThat(DriverCommands.parse(DataType.STRING, " as is ").getValue()).isEqualTo(" as is ");
    }

    @Test
    void timestampsAreLocalIsoTimeWithTheirAge() throws Exception {
        ZoneId zone = ZoneId.of("Europe/Berlin");
        long now = Instant.parse("2024-05-01T10:00:05Z").toEpochMilli();
        Clock clock = Clock.fixed(Instant.ofEpochMilli(now), zone);
        assertThat(DriverCommands.time(now - 1_200, clock)).isEqualTo("2024-05-01T12:00:03.800 (1.2 s ago)");
        assertThat(DriverCommands.time(now - 125_000, clock)).endsWith("(2 min 5 s ago)");
        assertThat(DriverCommands.time(now - 3 * 3_600_000L, clock)).endsWith("(3 h 0 min ago)");
        assertThat(DriverCommands.time(0, clock)).isEqualTo("no time");

        commands.addDriver(driver, Map.of("kura.service.pid", "sim1"));
        commands.clock = Clock.fixed(Instant.ofEpochMilli(1_542), zone);
        assertThat(commands.read("sim1", "t:DOUBLE")).contains("1970-01-01T01:00:00.042 (1.5 s ago)");
    }
}
