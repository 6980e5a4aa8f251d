package io.aiosedge.driver.simulated.internal;

import static io.aiosedge.driver.simulated.internal.ChannelConfigParserTest.kuraChannel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.eclipse.kura.channel.ChannelFlag;
import org.eclipse.kura.channel.ChannelRecord;
import org.eclipse.kura.channel.listener.ChannelEvent;
import org.eclipse.kura.channel.listener.ChannelListener;
import org.eclipse.kura.driver.Driver.ConnectionException;
import org.eclipse.kura.driver.PreparedRead;
import org.eclipse.kura.type.DataType;
import org.eclipse.kura.type.TypedValue;
import org.eclipse.kura.type.TypedValues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.aiosedge.api.driver.DriverConnectionInfo.State;
import io.aiosedge.driver.simulated.signal.Shape;
import io.aiosedge.driver.simulated.signal.SignalGenerator;
import io.aiosedge.driver.simulated.signal.SignalSpec;

class SimulatedDriverTest {

    /** 2026-01-01T00:00:00Z: a whole number of 1 s periods since the epoch. */
    private static final long T0 = 1_767_225_600_000L;
    private static final long WAIT_MS = 10_000;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final AtomicLong clock = new AtomicLong(T0);
    private final List<SimulatedDriver> drivers = new ArrayList<>();

    private SimulatedDriver driver() {
        return driver(10, 0, 0.0, false);
    }

    private SimulatedDriver driver(long intervalMs, long latencyMs, double failureProbability, boolean failConnect) {
        String name = "unit-" + INSTANCES.incrementAndGet();
        SimulatedDriver driver = new SimulatedDriver(
                new DriverOptions(name, 42L, intervalMs, latencyMs, failureProbability, failConnect), this.clock::get);
        this.drivers.add(driver);
        return driver;
    }

    @AfterEach
    void deactivateDrivers() {
        this.drivers.forEach(SimulatedDriver::deactivate);
    }

    private static ChannelRecord readRecord(String name, DataType type, Map<String, Object> config) {
        ChannelRecord record = ChannelRecord.createReadRecord(name, type);
        record.setChannelConfig(config);
        return record;
    }

    private static ChannelRecord writeRecord(String name, TypedValue<?> value, Map<String, Object> config) {
        ChannelRecord record = ChannelRecord.createWriteRecord(name, value);
        record.setChannelConfig(config);
        return record;
    }

    private static Map<String, Object> sine(String name, String... more) {
        List<String> keyValues = new ArrayList<>(List.of("shape", "SINE", "amplitude", "2", "offset", "1",
                "period.ms", "1000"));
        keyValues.addAll(List.of(more));
        return kuraChannel(name, keyValues.toArray(new String[0]));
    }

    // ---------------------------------------------------------------- read

    @Test
    void readFillsEachRecordWithTheSignalAtTheClockTime() throws Exception {
        SimulatedDriver driver = driver();
        this.clock.set(T0 + 250); // a quarter period: the sine's top
        ChannelRecord top = readRecord("top", DataType.DOUBLE, sine("top"));
        Map<String, Object> noisy = kuraChannel("noisy", "shape", "RANDOM_WALK", "noise.sigma", "0.5");
        ChannelRecord walk = readRecord("noisy", DataType.DOUBLE, noisy);

        driver.read(List.of(top, walk));

        assertThat(top.getChannelStatus().getChannelFlag()).isEqualTo(ChannelFlag.SUCCESS);
        assertThat((Double) top.getValue().getValue()).isCloseTo(3.0, within(1e-12));
        assertThat(top.getTimestamp()).isEqualTo(T0 + 250);
        // A channel without a seed uses the documented derivation, so a trainer can regenerate it.
        SignalGenerator expected = new SignalGenerator(SignalSpec.of(Shape.RANDOM_WALK, 1, 0, 60_000).withNoise(0.5)
                .withSeed(SignalSpec.deriveSeed(42L, "noisy")));
        assertThat(walk.getValue()).isEqualTo(TypedValues.newDoubleValue(expected.valueAt(T0 + 250)));

        this.clock.set(T0 + 750);
        driver.read(List.of(top));
        assertThat((Double) top.getValue().getValue()).isCloseTo(-1.0, within(1e-12));
        assertThat(top.getTimestamp()).isEqualTo(T0 + 750);
        assertThat(driver.connectionState()).as("read connects lazily").isEqualTo(State.CONNECTED);
    }

    @Test
    void readConvertsToTheRecordsValueType() throws Exception {
        SimulatedDriver driver = driver();
        this.clock.set(T0 + 250); // value 3.0
        List<ChannelRecord> records = new ArrayList<>();
        for (DataType type : DataType.values()) {
            records.add(readRecord("v", type, sine("v")));
        }
        driver.read(records);

        assertThat(records).allMatch(r -> r.getChannelStatus().getChannelFlag() == ChannelFlag.SUCCESS);
        assertThat(records).extracting(r -> r.getValue().getType()).containsExactly(DataType.values());
        assertThat(records.get(DataType.BOOLEAN.ordinal()).getValue().getValue()).isEqualTo(true);
        assertThat(records.get(DataType.INTEGER.ordinal()).getValue().getValue()).isEqualTo(3);
        assertThat(records.get(DataType.LONG.ordinal()).getValue().getValue()).isEqualTo(3L);
        assertThat((Float) records.get(DataType.FLOAT.ordinal()).getValue().getValue()).isCloseTo(3f, within(1e-6f));
        assertThat((String) records.get(DataType.STRING.ordinal()).getValue().getValue()).startsWith("3.0");
        byte[] bytes = (byte[]) records.get(DataType.BYTE_ARRAY.ordinal()).getValue().getValue();
        assertThat(ByteBuffer.wrap(bytes).getDouble()).isCloseTo(3.0, within(1e-12));
    }

    @Test
    void aBadChannelFailsAloneWithAMessageNamingIt() throws Exception {
        SimulatedDriver driver = driver();
        ChannelRecord good = readRecord("good", DataType.DOUBLE, sine("good"));
        ChannelRecord bad = readRecord("bad", DataType.DOUBLE, sine("bad", "amplitude", "loud"));
        ChannelRecord tooBig = readRecord("huge", DataType.INTEGER, kuraChannel("huge", "shape", "CONSTANT",
                "offset", "1e12"));

        driver.read(List.of(bad, good, tooBig));

        assertThat(good.getChannelStatus().getChannelFlag()).isEqualTo(ChannelFlag.SUCCESS);
        assertThat(bad.getChannelStatus().getChannelFlag()).isEqualTo(ChannelFlag.FAILURE);
        assertThat(bad.getChannelStatus().getExceptionMessage())
                .isEqualTo("channel 'bad': property 'amplitude' has bad value 'loud': not a decimal number");
        assertThat(bad.getValue()).isNull();
        assertThat(bad.getTimestamp()).isEqualTo(T0);
        assertThat(tooBig.getChannelStatus().getChannelFlag()).isEqualTo(ChannelFlag.FAILURE);
        assertThat(tooBig.getChannelStatus().getExceptionMessage())
                .isEqualTo("channel 'huge': value 1.0E12 is out of the INTEGER range");
    }

    @Test
    void aChangedChannelConfigurationIsReadAnew() throws Exception {
        SimulatedDriver driver = driver();
        ChannelRecord record = readRecord("c", DataType.DOUBLE, kuraChannel("c", "shape", "CONSTANT", "offset", "4"));
        driver.read(List.of(record));
        assertThat(record.getValue().getValue()).isEqualTo(4.0);
        record.setChannelConfig(kuraChannel("c", "shape", "CONSTANT", "offset", "5"));
        driver.read(List.of(record));
        assertThat(record.getValue().getValue()).isEqualTo(5.0);
    }

    @Test
    void readTakesTheSimulatedLatency() throws Exception {
        SimulatedDriver driver = driver(10, 60, 0.0, false);
        long start = System.nanoTime();
        driver.read(List.of(readRecord("a", DataType.DOUBLE, sine("a")), readRecord("b", DataType.DOUBLE, sine("b"))));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(60L, 5_000L);
    }

    @Test
    void injectedReadFailuresFollowTheProbabilityAndRepeatForTheSameMs() throws Exception {
        SimulatedDriver always = driver(10, 0, 1.0, false);
        ChannelRecord record = readRecord("a", DataType.DOUBLE, sine("a"));
        always.read(List.of(record));
        assertThat(record.getChannelStatus().getChannelFlag()).isEqualTo(ChannelFlag.FAILURE);
        assertThat(record.getChannelStatus().getExceptionMessage()).startsWith("channel 'a': simulated device error");

        SimulatedDriver half = driver(10, 0, 0.5, false);
        int failures = 0;
        for (int i = 0; i < 400; i++) {
            this.clock.set(T0 + i);
            half.read(List.of(record));
            boolean failed = record.getChannelStatus().getChannelFlag() == ChannelFlag.FAILURE;
            half.read(List.of(record));
            assertThat(record.getChannelStatus().getChannelFlag() == ChannelFlag.FAILURE).isEqualTo(failed);
            failures += failed ? 1 : 0;
        }
        assertThat(failures).isBetween(150, 250); // 200 ± 5 sd
    }

    // ---------------------------------------------------------------- write

    @Test
    void aSetpointReturnsTheLastWrittenValueAndTheSignalBefore() throws Exception {
        SimulatedDriver driver = driver();
        Map<String, Object> valve = sine("valve", "setpoint", "true");
        this.clock.set(T0 + 250);
        ChannelRecord read = readRecord("valve", DataType.DOUBLE, valve);
        driver.read(List.of(read));
        assertThat((Double) read.getValue().getValue()).as("before any write: the signal")
                .isCloseTo(3.0, within(1e-12));

        ChannelRecord write = writeRecord("valve", TypedValues.newIntegerValue(42), valve);
        driver.write(List.of(write));
        assertThat(write.getChannelStatus().getChannelFlag()).isEqualTo(ChannelFlag.SUCCESS);
        assertThat(write.getTimestamp()).isEqualTo(T0 + 250);

        this.clock.set(T0 + 750);
        driver.read(List.of(read));
        assertThat(read.getValue()).isEqualTo(TypedValues.newDoubleValue(42.0));
        ChannelRecord asString = readRecord("valve", DataType.STRING, valve);
        driver.read(List.of(asString));
        assertThat(asString.getValue()).isEqualTo(TypedValues.newStringValue("42.0"));

        driver.write(List.of(writeRecord("valve", TypedValues.newStringValue("17.5"), valve)));
        driver.read(List.of(read));
        assertThat(read.getValue()).isEqualTo(TypedValues.newDoubleValue(17.5));

        ChannelRecord otherSetpoint = readRecord("damper", DataType.DOUBLE, sine("damper", "setpoint", "true"));
        driver.read(List.of(otherSetpoint));
        assertThat((Double) otherSetpoint.getValue().getValue()).as("setpoints are per channel")
                .isCloseTo(-1.0, within(1e-12));
        assertThat(driver.connectionDetail()).contains("1 setpoint(s)");
    }

    @Test
    void writingAReadOnlyChannelOrANonNumberFails() throws Exception {
        SimulatedDriver driver = driver();
        ChannelRecord readOnly = writeRecord("sensor", TypedValues.newDoubleValue(1), sine("sensor"));
        ChannelRecord notANumber = writeRecord("valve", TypedValues.newStringValue("open"),
                sine("valve", "setpoint", "true"));
        ChannelRecord fine = writeRecord("valve2", TypedValues.newBooleanValue(true),
                sine("valve2", "setpoint", "true"));

        driver.write(List.of(readOnly, notANumber, fine));

        assertThat(readOnly.getChannelStatus().getChannelFlag()).isEqualTo(ChannelFlag.FAILURE);
        assertThat(readOnly.getChannelStatus().getExceptionMessage())
                .isEqualTo("channel 'sensor' is read-only: set setpoint=true to make it a writable setpoint");
        assertThat(notANumber.getChannelStatus().getChannelFlag()).isEqualTo(ChannelFlag.FAILURE);
        assertThat(notANumber.getChannelStatus().getExceptionMessage())
                .isEqualTo("channel 'valve': cannot write: 'open' is not a number");
        assertThat(fine.getChannelStatus().getChannelFlag()).isEqualTo(ChannelFlag.SUCCESS);

        ChannelRecord sensor = readRecord("sensor", DataType.DOUBLE, sine("sensor"));
        driver.read(List.of(sensor));
        assertThat(sensor.getValue()).as("a rejected write changes nothing").isEqualTo(TypedValues.newDoubleValue(1.0));
    }

    // ---------------------------------------------------------------- prepared read

    @Test
    void aPreparedReadExecutesRepeatedlyUntilClosed() throws Exception {
        SimulatedDriver driver = driver();
        ChannelRecord top = readRecord("top", DataType.DOUBLE, sine("top"));
        ChannelRecord bad = readRecord("bad", DataType.DOUBLE, sine("bad", "shape", "zigzag"));
        List<ChannelRecord> records = List.of(top, bad);

        PreparedRead prepared = driver.prepareRead(records);
        assertThat(prepared.getChannelRecords()).containsExactly(top, bad);

        this.clock.set(T0 + 250);
        assertThat(prepared.execute()).containsExactly(top, bad);
        assertThat((Double) top.getValue().getValue()).isCloseTo(3.0, within(1e-12));
        assertThat(top.getTimestamp()).isEqualTo(T0 + 250);
        assertThat(bad.getChannelStatus().getChannelFlag()).isEqualTo(ChannelFlag.FAILURE);
        assertThat(bad.getChannelStatus().getExceptionMessage()).startsWith("channel 'bad': property 'shape' has bad"
                + " value 'zigzag'");

        this.clock.set(T0 + 750);
        prepared.execute();
        assertThat((Double) top.getValue().getValue()).isCloseTo(-1.0, within(1e-12));
        assertThat(top.getTimestamp()).isEqualTo(T0 + 750);

        prepared.close();
        assertThatThrownBy(prepared::execute).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aPreparedReadUsesTheConfigurationItWasPreparedWith() throws Exception {
        SimulatedDriver driver = driver();
        ChannelRecord record = readRecord("c", DataType.DOUBLE, kuraChannel("c", "shape", "CONSTANT", "offset", "4"));
        PreparedRead prepared = driver.prepareRead(List.of(record));
        record.setChannelConfig(kuraChannel("c", "shape", "CONSTANT", "offset", "5"));
        prepared.execute();
        assertThat(record.getValue().getValue()).as("validated once, at prepareRead").isEqualTo(4.0);
    }

    // ---------------------------------------------------------------- connection

    @Test
    void connectionStateFollowsConnectAndDisconnect() throws Exception {
        SimulatedDriver driver = driver();
        assertThat(driver.connectionState()).isEqualTo(State.DISCONNECTED);
        driver.connect();
        assertThat(driver.connectionState()).isEqualTo(State.CONNECTED);
        driver.disconnect();
        assertThat(driver.connectionState()).isEqualTo(State.DISCONNECTED);
        assertThat(driver.connectionDetail()).contains("seed 42");
    }

    @Test
    void failConnectFailsEveryDeviceAccessNamingTheDriver() {
        SimulatedDriver driver = driver(10, 0, 0.0, true);
        String name = "unit-" + INSTANCES.get();
        ChannelRecord record = readRecord("a", DataType.DOUBLE, sine("a"));

        assertThatThrownBy(driver::connect).isInstanceOf(ConnectionException.class)
                .hasMessage("simulated driver '" + name + "' refuses to connect because fail.connect is true");
        assertThat(driver.connectionState()).isEqualTo(State.FAILED);
        assertThat(driver.connectionDetail()).contains("fail.connect");
        assertThatThrownBy(() -> driver.read(List.of(record))).isInstanceOf(ConnectionException.class);
        assertThatThrownBy(() -> driver.write(List.of(record))).isInstanceOf(ConnectionException.class);
        PreparedRead prepared = driver.prepareRead(List.of(record));
        assertThatThrownBy(prepared::execute).isInstanceOf(ConnectionException.class);
    }

    // ---------------------------------------------------------------- listeners

    @Test
    void aListenerReceivesEventsOfItsChannelAtTheInterval() {
        SimulatedDriver driver = driver();
        this.clock.set(T0 + 250);
        RecordingListener listener = new RecordingListener();
        driver.registerChannelListener(sine("level", "+value.type", "INTEGER"), listener);

        await("5 events", () -> listener.events.size() >= 5);
        for (ChannelEvent event : listener.events) {
            ChannelRecord record = event.getChannelRecord();
            assertThat(record.getChannelName()).isEqualTo("level");
            assertThat(record.getChannelStatus().getChannelFlag()).isEqualTo(ChannelFlag.SUCCESS);
            assertThat(record.getValue()).isEqualTo(TypedValues.newIntegerValue(3));
            assertThat(record.getTimestamp()).isEqualTo(T0 + 250);
        }
        assertThat(driver.connectionDetail()).contains("1 channel listener(s)");
    }

    @Test
    void unregisterRemovesThatListenerObjectOnly() {
        SimulatedDriver driver = driver();
        // Both listeners are equal() to each other: removal must still go by identity.
        RecordingListener removed = new RecordingListener();
        RecordingListener kept = new RecordingListener();
        driver.registerChannelListener(sine("a"), removed);
        driver.registerChannelListener(sine("b"), kept);
        await("events to both", () -> removed.events.size() >= 2 && kept.events.size() >= 2);

        driver.unregisterChannelListener(removed);
        int removedCount = removed.events.size();
        int keptCount = kept.events.size();
        await("10 more events to the kept listener", () -> kept.events.size() >= keptCount + 10);

        // At most one event may have been in flight while unregistering.
        assertThat(removed.events.size()).isLessThanOrEqualTo(removedCount + 1);
        assertThat(driver.connectionDetail()).contains("1 channel listener(s)");
    }

    @Test
    void registeringNeverBlocksEvenWhenTheDeviceIsSlowAndUnreachable() {
        SimulatedDriver driver = driver(10, 60_000, 0.0, true);
        RecordingListener listener = new RecordingListener();
        long start = System.nanoTime();
        driver.registerChannelListener(sine("a"), listener);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_000);

        await("a failure event", () -> !listener.events.isEmpty());
        ChannelRecord record = listener.events.get(0).getChannelRecord();
        assertThat(record.getChannelStatus().getChannelFlag()).isEqualTo(ChannelFlag.FAILURE);
        assertThat(record.getChannelStatus().getExceptionMessage()).contains("fail.connect");
    }

    @Test
    void aThrowingListenerKeepsItsSchedule() {
        SimulatedDriver driver = driver();
        AtomicInteger calls = new AtomicInteger();
        driver.registerChannelListener(sine("a"), event -> {
            calls.incrementAndGet();
            throw new IllegalStateException("listener bug");
        });
        await("3 calls despite the exceptions", () -> calls.get() >= 3);
    }

    @Test
    void aBadListenerChannelIsRejectedAtOnce() {
        SimulatedDriver driver = driver();
        assertThatThrownBy(() -> driver.registerChannelListener(sine("a", "period.ms", "-3"), new RecordingListener()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("channel 'a': property 'period.ms' has bad value '-3': must be at least 1 ms");
    }

    @Test
    void deactivationStopsAndJoinsTheListenerThread() {
        SimulatedDriver driver = driver();
        String prefix = SimulatedDriver.THREAD_NAME_PREFIX + "-unit-" + INSTANCES.get() + "-";
        AtomicInteger busyCallbacks = new AtomicInteger();
        AtomicInteger finishedCallbacks = new AtomicInteger();
        ChannelListener slowListener = event -> {
            // Busy for 300 ms, ignoring interrupts, as a listener doing real work during an undeploy would be:
            // deactivation must wait for it rather than leave the thread running.
            busyCallbacks.incrementAndGet();
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            finishedCallbacks.incrementAndGet();
        };
        driver.registerChannelListener(sine("a"), slowListener);
        await("the listener to be inside a callback", () -> busyCallbacks.get() >= 1);
        assertThat(liveThreadsNamed(prefix)).hasSize(1);

        driver.deactivate();

        assertThat(liveThreadsNamed(prefix)).as("no thread survives deactivation").isEmpty();
        assertThat(finishedCallbacks.get()).as("the callback in progress completed").isEqualTo(busyCallbacks.get());
        assertThatThrownBy(() -> driver.registerChannelListener(sine("a"), slowListener))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("deactivated");
    }

    private static List<String> liveThreadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith(prefix)).toList();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(5); // polling a condition, not waiting for a fixed time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    /** Records events; all instances are equal, so only identity tells them apart. */
    private static final class RecordingListener implements ChannelListener {
        final List<ChannelEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onChannelEvent(ChannelEvent event) {
            this.events.add(event);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof RecordingListener;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }
}
