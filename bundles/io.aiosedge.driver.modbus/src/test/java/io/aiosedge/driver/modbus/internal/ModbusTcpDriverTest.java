package io.aiosedge.driver.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.eclipse.kura.channel.ChannelFlag;
import org.eclipse.kura.channel.ChannelRecord;
import org.eclipse.kura.channel.listener.ChannelEvent;
import org.eclipse.kura.channel.listener.ChannelListener;
import org.eclipse.kura.driver.PreparedRead;
import org.eclipse.kura.type.DataType;
import org.eclipse.kura.type.TypedValue;
import org.eclipse.kura.type.TypedValues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.aiosedge.api.driver.DriverConnectionInfo;

/** The driver against a real Modbus TCP server (j2mod) on loopback. */
class ModbusTcpDriverTest {

    private static final int UNIT = 1;
    private static final int IMAGE_SIZE = 200;
    private static final int CONNECT_TIMEOUT_MS = 1000;
    private static final int REQUEST_TIMEOUT_MS = 300;
    private static final int RETRIES = 1;
    /** What one call may block: connect + request × attempts. */
    private static final long BUDGET_MS = CONNECT_TIMEOUT_MS + (long) REQUEST_TIMEOUT_MS * (RETRIES + 1);
    /** Scheduling slack on a loaded 2-core build machine. */
    private static final long SLACK_MS = 400;

    private LoopbackModbusServer server;
    private ModbusTcpDriver driver;

    @BeforeEach
    void start() throws Exception {
        server = LoopbackModbusServer.start(UNIT, IMAGE_SIZE);
        driver = newDriver(Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        if (driver != null) {
            driver.deactivate();
        }
        server.close();
    }

    private ModbusTcpDriver newDriver(Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("unit.id", UNIT);
        properties.put("connect.timeout.ms", CONNECT_TIMEOUT_MS);
        properties.put("request.timeout.ms", REQUEST_TIMEOUT_MS);
        properties.put("retries", RETRIES);
        properties.put("listener.poll.interval.ms", 50);
        properties.putAll(overrides);
        return DriverConfigs.driver(server.port(), properties);
    }

    static Map<String, Object> channel(String name, DataType valueType, String area, int address, String dataType,
            String... orderAndUnit) {
        Map<String, Object> config = new HashMap<>();
        config.put("+name", name);
        config.put("+type", "READ_WRITE");
        config.put("+value.type", valueType.name());
        config.put("+enabled", "true");
        config.put("area", area);
        config.put("address", String.valueOf(address));
        config.put("data.type", dataType);
        config.put("word.order", orderAndUnit.length > 0 ? orderAndUnit[0] : "BIG_ENDIAN");
        config.put("byte.order", orderAndUnit.length > 1 ? orderAndUnit[1] : "BIG_ENDIAN");
        config.put("unit.id", orderAndUnit.length > 2 ? orderAndUnit[2] : "");
        return config;
    }

    static ChannelRecord readRecord(String name, DataType valueType, String area, int address, String dataType,
            String... orderAndUnit) {
        ChannelRecord record = ChannelRecord.createReadRecord(name, valueType);
        record.setChannelConfig(channel(name, valueType, area, address, dataType, orderAndUnit));
        return record;
    }

    static ChannelRecord writeRecord(String name, TypedValue<?> value, String area, int address, String dataType,
            String... orderAndUnit) {
        ChannelRecord record = ChannelRecord.createWriteRecord(name, value);
        record.setChannelConfig(channel(name, value.getType(), area, address, dataType, orderAndUnit));
        return record;
    }

    private static Object value(ChannelRecord record) {
        assertThat(record.getChannelStatus().getChannelFlag()).as("%s", record.getChannelStatus())
                .isEqualTo(ChannelFlag.SUCCESS);
        assertThat(record.getTimestamp()).isPositive();
        return record.getValue().getValue();
    }

    private static String failure(ChannelRecord record) {
        assertThat(record.getChannelStatus().getChannelFlag()).as("%s", record).isEqualTo(ChannelFlag.FAILURE);
        return record.getChannelStatus().getExceptionMessage();
    }

    private static long timeMs(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as("timed out waiting for %s", what).isTrue();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    // ---------------------------------------------------------------- reads

    @Test
    void readsEveryAreaAndDataTypeInFewRequests() {
        server.setHoldingRegister(10, 0x3FC0); // FLOAT32 1.5, big-endian words
        server.setHoldingRegister(11, 0x0000);
        server.setHoldingRegister(12, 0xFFFF); // INT32 -2 / UINT32 4294967294
        server.setHoldingRegister(13, 0xFFFE);
        server.setHoldingRegister(14, 0x0708); // INT64 0x0102030405060708, little-endian words
        server.setHoldingRegister(15, 0x0506);
        server.setHoldingRegister(16, 0x0304);
        server.setHoldingRegister(17, 0x0102);
        server.setHoldingRegister(18, 0x0000); // FLOAT64 -2.5, little-endian words, swapped bytes
        server.setHoldingRegister(19, 0x0000);
        server.setHoldingRegister(20, 0x0000);
        server.setHoldingRegister(21, 0x04C0);
        server.setInputRegister(5, 0xFFFE); // INT16 -2 / UINT16 65534
        server.setCoil(3, true);
        server.setDiscreteInput(4, true);

        List<ChannelRecord> records = List.of(
                readRecord("float32", DataType.FLOAT, "HOLDING_REGISTER", 10, "FLOAT32"),
                readRecord("int32", DataType.INTEGER, "HOLDING_REGISTER", 12, "INT32"),
                readRecord("uint32", DataType.LONG, "HOLDING_REGISTER", 12, "UINT32"),
                readRecord("int64", DataType.LONG, "HOLDING_REGISTER", 14, "INT64", "LITTLE_ENDIAN", "BIG_ENDIAN"),
                readRecord("float64", DataType.DOUBLE, "HOLDING_REGISTER", 18, "FLOAT64", "LITTLE_ENDIAN",
                        "LITTLE_ENDIAN"),
                readRecord("raw", DataType.BYTE_ARRAY, "HOLDING_REGISTER", 10, "FLOAT32"),
                readRecord("int16", DataType.INTEGER, "INPUT_REGISTER", 5, "INT16"),
                readRecord("uint16", DataType.STRING, "INPUT_REGISTER", 5, "UINT16"),
                readRecord("bool-register", DataType.BOOLEAN, "INPUT_REGISTER", 5, "BOOL"),
                readRecord("coil", DataType.BOOLEAN, "COIL", 3, "BOOL"),
                readRecord("coil-off", DataType.INTEGER, "COIL", 2, "BOOL"),
                readRecord("input", DataType.BOOLEAN, "DISCRETE_INPUT", 4, "BOOL"));
        server.resetCounters();

        driver.read(records);

        assertThat(value(records.get(0))).isEqualTo(1.5f);
        assertThat(value(records.get(1))).isEqualTo(-2);
        assertThat(value(records.get(2))).isEqualTo(4294967294L);
        assertThat(value(records.get(3))).isEqualTo(0x0102030405060708L);
        assertThat(value(records.get(4))).isEqualTo(-2.5d);
        assertThat((byte[]) value(records.get(5))).containsExactly(0x3F, 0xC0, 0x00, 0x00);
        assertThat(value(records.get(6))).isEqualTo(-2);
        assertThat(value(records.get(7))).isEqualTo("65534");
        assertThat(value(records.get(8))).isEqualTo(true);
        assertThat(value(records.get(9))).isEqualTo(true);
        assertThat(value(records.get(10))).isEqualTo(0);
        assertThat(value(records.get(11))).isEqualTo(true);
        // One request per area: holding 10-21, input 5, coils 2-3, discrete input 4.
        assertThat(server.requests()).isEqualTo(4);
        assertThat(server.requests(3)).isEqualTo(1);
        assertThat(driver.connectionState()).isEqualTo(DriverConnectionInfo.State.CONNECTED);
    }

    @Test
    void aValueThatDoesNotFitTheRecordTypeFailsOnlyItsChannel() {
        server.setHoldingRegister(0, 0xFFFF);
        server.setHoldingRegister(1, 0xFFFF);
        List<ChannelRecord> records = List.of(readRecord("big", DataType.INTEGER, "HOLDING_REGISTER", 0, "UINT32"),
                readRecord("fine", DataType.LONG, "HOLDING_REGISTER", 0, "UINT32"));

        driver.read(records);

        assertThat(failure(records.get(0))).contains("channel 'big'").contains("4294967295").contains("INTEGER");
        assertThat(value(records.get(1))).isEqualTo(4294967295L);
    }

    @Test
    void aBadChannelConfigurationFailsOnlyItsChannel() {
        ChannelRecord bad = readRecord("bad", DataType.INTEGER, "HOLDING_REGISTER", 0, "INT16");
        Map<String, Object> config = new HashMap<>(bad.getChannelConfig());
        config.put("area", "EEPROM");
        bad.setChannelConfig(config);
        ChannelRecord good = readRecord("good", DataType.INTEGER, "HOLDING_REGISTER", 1, "INT16");
        server.setHoldingRegister(1, 77);

        driver.read(List.of(bad, good));

        assertThat(failure(bad)).contains("channel 'bad'").contains("'area'").contains("'EEPROM'");
        assertThat(value(good)).isEqualTo(77);
    }

    // ---------------------------------------------------------------- merging

    @Test
    @SuppressWarnings("try") // PreparedRead.close() is AutoCloseable's, as in Kura
    void aPreparedReadSendsThePlannedRequestsEveryTime() throws Exception {
        List<ChannelRecord> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            records.add(readRecord("a" + i, DataType.INTEGER, "HOLDING_REGISTER", i, "UINT16"));
            records.add(readRecord("b" + i, DataType.LONG, "HOLDING_REGISTER", 100 + 2 * i, "UINT32"));
        }
        server.setHoldingRegister(7, 700);
        server.resetCounters();

        try (PreparedRead prepared = driver.prepareRead(records)) {
            assertThat(prepared.getChannelRecords()).containsExactlyElementsOf(records);
            prepared.execute();
            assertThat(server.requests()).as("40 channels in two blocks").isEqualTo(2);
            assertThat(value(records.get(14))).isEqualTo(700);

            server.setHoldingRegister(7, 701);
            server.setHoldingRegister(101, 5);
            List<ChannelRecord> again = prepared.execute();

            assertThat(server.requests()).isEqualTo(4);
            assertThat(value(again.get(14))).isEqualTo(701);
            assertThat(value(again.get(1))).as("b0 = registers 100-101").isEqualTo(5L);
        }
    }

    @Test
    void anIllegalAddressInAMergedRequestFailsOnlyThatChannel() {
        server.setHoldingRegister(195, 195);
        server.setHoldingRegister(197, 197);
        List<ChannelRecord> records = List.of(
                readRecord("first", DataType.INTEGER, "HOLDING_REGISTER", 195, "UINT16"),
                readRecord("past-the-end", DataType.LONG, "HOLDING_REGISTER", IMAGE_SIZE - 1, "UINT32"),
                readRecord("middle", DataType.INTEGER, "HOLDING_REGISTER", 197, "UINT16"),
                readRecord("far-away", DataType.INTEGER, "HOLDING_REGISTER", 1000, "UINT16"));
        server.resetCounters();

        driver.read(records);

        assertThat(value(records.get(0))).isEqualTo(195);
        assertThat(value(records.get(2))).isEqualTo(197);
        assertThat(failure(records.get(1))).contains("channel 'past-the-end'").contains("exception 2")
                .contains("ILLEGAL DATA ADDRESS");
        assertThat(failure(records.get(3))).contains("channel 'far-away'").contains("exception 2");
        // Merged 195-200 refused, then 3 single reads; 1000 alone.
        assertThat(server.requests()).isEqualTo(5);
        assertThat(driver.connectionState()).isEqualTo(DriverConnectionInfo.State.CONNECTED);
    }

    // ---------------------------------------------------------------- writes

    @Test
    void writesEachAreaWithTheRightFunctionCode() {
        server.resetCounters();
        List<ChannelRecord> records = List.of(
                writeRecord("int16", TypedValues.newIntegerValue(-2), "HOLDING_REGISTER", 0, "INT16"),
                writeRecord("float32", TypedValues.newFloatValue(1.5f), "HOLDING_REGISTER", 2, "FLOAT32",
                        "LITTLE_ENDIAN", "BIG_ENDIAN"),
                writeRecord("uint32-from-text", TypedValues.newStringValue("4294967295"), "HOLDING_REGISTER", 4,
                        "UINT32"),
                writeRecord("coil", TypedValues.newBooleanValue(true), "COIL", 9, "BOOL"),
                writeRecord("raw", TypedValues.newByteArrayValue(new byte[] {0x12, 0x34}), "HOLDING_REGISTER", 6,
                        "UINT16"));

        driver.write(records);

        records.forEach(record -> assertThat(record.getChannelStatus().getChannelFlag()).as("%s", record)
                .isEqualTo(ChannelFlag.SUCCESS));
        assertThat(server.holdingRegister(0)).isEqualTo(0xFFFE);
        assertThat(server.holdingRegister(2)).isEqualTo(0x0000);
        assertThat(server.holdingRegister(3)).isEqualTo(0x3FC0);
        assertThat(server.holdingRegister(4)).isEqualTo(0xFFFF);
        assertThat(server.holdingRegister(5)).isEqualTo(0xFFFF);
        assertThat(server.holdingRegister(6)).isEqualTo(0x1234);
        assertThat(server.coil(9)).isTrue();
        assertThat(server.requests(6)).as("FC 6 single register").isEqualTo(2);
        assertThat(server.requests(16)).as("FC 16 for 32-bit values").isEqualTo(2);
        assertThat(server.requests(5)).as("FC 5 single coil").isEqualTo(1);

        // And what was written reads back.
        ChannelRecord back = readRecord("float32", DataType.FLOAT, "HOLDING_REGISTER", 2, "FLOAT32", "LITTLE_ENDIAN",
                "BIG_ENDIAN");
        driver.read(List.of(back));
        assertThat(value(back)).isEqualTo(1.5f);
    }

    @Test
    void theMultipleWriteFunctionsCanBeForced() {
        driver.deactivate();
        driver = newDriver(Map.of("write.multiple.functions", true));
        server.resetCounters();
        List<ChannelRecord> records = List.of(
                writeRecord("register", TypedValues.newIntegerValue(5), "HOLDING_REGISTER", 0, "UINT16"),
                writeRecord("coil", TypedValues.newBooleanValue(true), "COIL", 1, "BOOL"));

        driver.write(records);

        assertThat(records).allMatch(r -> r.getChannelStatus().getChannelFlag() == ChannelFlag.SUCCESS);
        assertThat(server.holdingRegister(0)).isEqualTo(5);
        assertThat(server.coil(1)).isTrue();
        assertThat(server.requests(16)).isEqualTo(1);
        assertThat(server.requests(15)).isEqualTo(1);
        assertThat(server.requests(5) + server.requests(6)).isZero();
    }

    @Test
    void badWritesFailTheirRecordAndTheOthersStillSucceed() {
        server.resetCounters();
        List<ChannelRecord> records = List.of(
                writeRecord("read-only", TypedValues.newBooleanValue(true), "DISCRETE_INPUT", 0, "BOOL"),
                writeRecord("input-register", TypedValues.newIntegerValue(1), "INPUT_REGISTER", 0, "UINT16"),
                writeRecord("text", TypedValues.newStringValue("abc"), "HOLDING_REGISTER", 0, "INT16"),
                writeRecord("too-big", TypedValues.newIntegerValue(70000), "HOLDING_REGISTER", 0, "INT16"),
                writeRecord("bad-address", TypedValues.newIntegerValue(1), "HOLDING_REGISTER", 500, "INT16"),
                writeRecord("good", TypedValues.newIntegerValue(42), "HOLDING_REGISTER", 1, "INT16"));

        driver.write(records);

        assertThat(failure(records.get(0))).contains("channel 'read-only'").contains("read-only");
        assertThat(failure(records.get(1))).contains("channel 'input-register'").contains("read-only");
        assertThat(failure(records.get(2))).contains("channel 'text'").contains("'abc'");
        assertThat(failure(records.get(3))).contains("channel 'too-big'").contains("70000").contains("INT16");
        assertThat(failure(records.get(4))).contains("channel 'bad-address'").contains("exception 2");
        assertThat(records.get(5).getChannelStatus().getChannelFlag()).isEqualTo(ChannelFlag.SUCCESS);
        assertThat(server.holdingRegister(1)).isEqualTo(42);
        assertThat(server.requests()).as("nothing sent for records refused locally").isEqualTo(2);
    }

    // ---------------------------------------------------------------- failures and time bounds

    @Test
    void aWrongUnitIdIsReportedWithinTheBudgetAndOtherUnitsStillAnswer() {
        server.setHoldingRegister(0, 11);
        List<ChannelRecord> records = List.of(
                readRecord("wrong-unit", DataType.INTEGER, "HOLDING_REGISTER", 0, "UINT16", "BIG_ENDIAN",
                        "BIG_ENDIAN", "9"),
                readRecord("right-unit", DataType.INTEGER, "HOLDING_REGISTER", 0, "UINT16"));

        long elapsed = timeMs(() -> driver.read(records));

        // j2mod answers an unknown unit id with exception 2; a gateway may stay silent (next test).
        assertThat(failure(records.get(0))).contains("channel 'wrong-unit'").contains("unit 9");
        assertThat(value(records.get(1))).isEqualTo(11);
        assertThat(elapsed).isLessThan(BUDGET_MS + SLACK_MS);
    }

    @Test
    void aSilentDeviceCostsAtMostTheCallBudget() {
        driver.read(List.of(readRecord("warm-up", DataType.INTEGER, "HOLDING_REGISTER", 0, "UINT16")));
        server.setSilent(true);
        server.resetCounters();
        List<ChannelRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            // Five separate blocks: only the first is tried, the unit is then known to be silent.
            records.add(readRecord("r" + i, DataType.INTEGER, "HOLDING_REGISTER", 30 * i, "UINT16"));
        }

        long elapsed = timeMs(() -> driver.read(records));

        assertThat(elapsed).isGreaterThanOrEqualTo((long) REQUEST_TIMEOUT_MS * (RETRIES + 1) - 20)
                .isLessThan(BUDGET_MS + SLACK_MS);
        assertThat(failure(records.get(0))).contains("did not answer").contains("unit 1");
        assertThat(failure(records.get(4))).contains("did not answer an earlier request");
        assertThat(server.requests()).as("one request and its retry").isEqualTo(RETRIES + 1);
        assertThat(driver.connectionState()).isEqualTo(DriverConnectionInfo.State.FAILED);

        server.setSilent(false);
        server.setHoldingRegister(0, 3);
        ChannelRecord after = readRecord("after", DataType.INTEGER, "HOLDING_REGISTER", 0, "UINT16");
        driver.read(List.of(after));
        assertThat(value(after)).isEqualTo(3);
    }

    @Test
    void recoversAfterTheServerGoesAwayAndComesBack() throws Exception {
        server.setHoldingRegister(0, 1);
        ChannelRecord record = readRecord("r", DataType.INTEGER, "HOLDING_REGISTER", 0, "UINT16");
        driver.read(List.of(record));
        assertThat(value(record)).isEqualTo(1);
        assertThat(server.openConnections()).isEqualTo(1);

        server.stop();
        long elapsed = timeMs(() -> driver.read(List.of(record)));
        assertThat(failure(record)).containsAnyOf("cannot connect", "connection", "lost");
        assertThat(elapsed).isLessThan(BUDGET_MS + SLACK_MS);
        assertThat(driver.connectionState()).isEqualTo(DriverConnectionInfo.State.FAILED);
        assertThat(driver.connectionDetail()).contains("127.0.0.1:" + server.port());

        driver.read(List.of(record));
        assertThat(failure(record)).contains("cannot connect");

        server.restart();
        server.setHoldingRegister(0, 2);
        driver.read(List.of(record));
        assertThat(value(record)).isEqualTo(2);
        assertThat(driver.connectionState()).isEqualTo(DriverConnectionInfo.State.CONNECTED);
        assertThat(server.openConnections()).isEqualTo(1);
    }

    @Test
    void aLostConnectionIsReopenedWithinTheSameCall() throws Exception {
        ChannelRecord record = readRecord("r", DataType.INTEGER, "HOLDING_REGISTER", 0, "UINT16");
        driver.read(List.of(record));
        server.stop();
        server.restart(); // the driver's socket is now dead, but the server is back

        driver.read(List.of(record));

        assertThat(record.getChannelStatus().getChannelFlag()).as("%s", record.getChannelStatus())
                .isEqualTo(ChannelFlag.SUCCESS);
    }

    @Test
    void theReconnectBackOffFailsCallsAtOnce() throws Exception {
        driver.deactivate();
        driver = newDriver(Map.of("reconnect.backoff.ms", 60_000));
        server.stop();
        ChannelRecord record = readRecord("r", DataType.INTEGER, "HOLDING_REGISTER", 0, "UINT16");
        driver.read(List.of(record));
        assertThat(failure(record)).contains("cannot connect");
        server.restart();

        driver.read(List.of(record));

        assertThat(failure(record)).contains("next connection attempt in");
        assertThat(server.connectionsAccepted()).isZero();
    }

    @Test
    void connectAndDisconnectWorkButAreOptional() throws Exception {
        assertThat(driver.connectionState()).isEqualTo(DriverConnectionInfo.State.DISCONNECTED);
        driver.connect();
        assertThat(driver.connectionState()).isEqualTo(DriverConnectionInfo.State.CONNECTED);
        await("the server to see the connection", () -> server.openConnections() == 1);
        driver.disconnect();
        assertThat(driver.connectionState()).isEqualTo(DriverConnectionInfo.State.DISCONNECTED);
        await("the connection to close", () -> server.openConnections() == 0);
    }

    // ---------------------------------------------------------------- listeners and lifecycle

    @Test
    void listenersGetAnEventWhenTheValueChangesAndNotOtherwise() throws Exception {
        server.setHoldingRegister(3, 10);
        List<ChannelEvent> events = new CopyOnWriteArrayList<>();
        ChannelListener listener = events::add;

        long registerMs = timeMs(() -> driver.registerChannelListener(
                channel("level", DataType.INTEGER, "HOLDING_REGISTER", 3, "UINT16"), listener));
        assertThat(registerMs).as("registering never waits for the device").isLessThan(100);

        await("the first event", () -> events.size() == 1);
        assertThat(value(events.get(0).getChannelRecord())).isEqualTo(10);
        assertThat(events.get(0).getChannelRecord().getChannelName()).isEqualTo("level");

        long requestsBefore = server.requests();
        await("three more polls", () -> server.requests() >= requestsBefore + 3);
        assertThat(events).as("unchanged value: no event").hasSize(1);

        server.setHoldingRegister(3, 11);
        await("the change event", () -> events.size() == 2);
        assertThat(value(events.get(1).getChannelRecord())).isEqualTo(11);

        server.stop();
        await("the failure event", () -> events.size() == 3);
        assertThat(events.get(2).getChannelRecord().getChannelStatus().getChannelFlag())
                .isEqualTo(ChannelFlag.FAILURE);
        server.restart();
        await("the recovery event", () -> events.size() == 4);
        assertThat(value(events.get(3).getChannelRecord())).isEqualTo(11);

        driver.unregisterChannelListener(listener);
        List<ChannelEvent> other = new CopyOnWriteArrayList<>();
        driver.registerChannelListener(channel("other", DataType.INTEGER, "HOLDING_REGISTER", 4, "UINT16"), other::add);
        server.setHoldingRegister(3, 12);
        server.setHoldingRegister(4, 1);
        await("an event for the other listener", () -> other.size() == 1);
        long requestsNow = server.requests();
        await("three more polls", () -> server.requests() >= requestsNow + 3);
        assertThat(events).as("no event after unregistering").hasSize(4);
    }

    @Test
    void reportUnchangedSendsAnEventAtEveryPoll() throws Exception {
        driver.deactivate();
        driver = newDriver(Map.of("listener.report.unchanged", true));
        List<ChannelEvent> events = new CopyOnWriteArrayList<>();
        driver.registerChannelListener(channel("c", DataType.BOOLEAN, "COIL", 0, "BOOL"), events::add);

        await("three events of an unchanged coil", () -> events.size() >= 3);
        assertThat(events).allMatch(e -> Boolean.FALSE.equals(e.getChannelRecord().getValue().getValue()));
    }

    @Test
    void deactivateStopsThreadsClosesSocketsAndFailsLaterCalls() throws Exception {
        driver.registerChannelListener(channel("c", DataType.INTEGER, "HOLDING_REGISTER", 0, "UINT16"), e -> { });
        await("the poll thread to connect", () -> server.openConnections() == 1);
        assertThat(driverThreads()).isNotEmpty();

        driver.deactivate();

        assertThat(driverThreads()).isEmpty();
        await("the server to see the connection closed", () -> server.openConnections() == 0);
        ChannelRecord record = readRecord("r", DataType.INTEGER, "HOLDING_REGISTER", 0, "UINT16");
        driver.read(List.of(record));
        assertThat(failure(record)).contains("stopped");
        driver = null;
    }

    private static List<String> driverThreads() {
        List<String> names = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && thread.getName().startsWith(ModbusTcpDriver.THREAD_NAME_PREFIX)) {
                names.add(thread.getName());
            }
        }
        return names;
    }
}
