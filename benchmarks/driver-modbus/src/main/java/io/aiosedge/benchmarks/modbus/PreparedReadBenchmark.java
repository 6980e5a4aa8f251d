package io.aiosedge.benchmarks.modbus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.kura.channel.ChannelFlag;
import org.eclipse.kura.channel.ChannelRecord;
import org.eclipse.kura.driver.PreparedRead;
import org.eclipse.kura.type.DataType;

import io.aiosedge.driver.modbus.internal.DriverConfigs;
import io.aiosedge.driver.modbus.internal.LoopbackModbusServer;
import io.aiosedge.driver.modbus.internal.ModbusTcpDriver;

/**
 * Reading 100 holding registers spread over 10 separate blocks (10 registers each, 90 unused registers
 * between blocks, so no gap merging) from a loopback j2mod server: a prepared read (merged requests) against
 * one request per channel, on the same driver and connection, in interleaved rounds of the same run. Prints
 * the requests each read sent (counted by the server) and the median and p95 latency of a whole read.
 */
public final class PreparedReadBenchmark {

    private static final int BLOCKS = 10;
    private static final int REGISTERS_PER_BLOCK = 10;
    private static final int BLOCK_STRIDE = 100;
    private static final int WARM_UP_ROUNDS = 50;

    private PreparedReadBenchmark() {
    }

    /** Measured latencies of one mode, in ns, and the requests its reads sent. */
    private static final class Mode {

        final String name;
        final long[] latenciesNanos;
        long requests;

        Mode(String name, int rounds) {
            this.name = name;
            this.latenciesNanos = new long[rounds];
        }

        double requestsPerRead() {
            return (double) requests / latenciesNanos.length;
        }

        double percentileMs(double fraction) {
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(fraction * sorted.length) - 1;
            return sorted[Math.max(0, index)] / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 300);
        try (LoopbackModbusServer server = LoopbackModbusServer.start(1, BLOCKS * BLOCK_STRIDE)) {
            List<ChannelRecord> records = new ArrayList<>();
            for (int block = 0; block < BLOCKS; block++) {
                for (int i = 0; i < REGISTERS_PER_BLOCK; i++) {
                    int address = block * BLOCK_STRIDE + i;
                    server.setHoldingRegister(address, address);
                    records.add(record("b" + block + "r" + i, address));
                }
            }
            ModbusTcpDriver driver = DriverConfigs.driver(server.port(), Map.of("request.timeout.ms", 2000));
            try (PreparedRead prepared = driver.prepareRead(records)) {
                Runnable preparedRead = () -> {
                    try {
                        prepared.execute();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                };
                Runnable readCall = () -> driver.read(records);
                Runnable perChannel = () -> records.forEach(record -> driver.read(List.of(record)));

                for (int i = 0; i < WARM_UP_ROUNDS; i++) {
                    preparedRead.run();
                    readCall.run();
                    perChannel.run();
                }
                Mode prepare = new Mode("prepared read (merged)", rounds);
                Mode read = new Mode("read() of all 100 (same planner)", rounds);
                Mode single = new Mode("one request per channel", rounds);
                for (int round = 0; round < rounds; round++) {
                    measure(prepare, round, preparedRead, server, records);
                    measure(read, round, readCall, server, records);
                    measure(single, round, perChannel, server, records);
                }
                print(rounds, prepare, read, single);
            } finally {
                DriverConfigs.deactivate(driver);
            }
        }
    }

    private static ChannelRecord record(String name, int address) {
        Map<String, Object> config = new HashMap<>();
        config.put("+name", name);
        config.put("+value.type", DataType.INTEGER.name());
        config.put("area", "HOLDING_REGISTER");
        config.put("address", String.valueOf(address));
        config.put("data.type", "UINT16");
        ChannelRecord record = ChannelRecord.createReadRecord(name, DataType.INTEGER);
        record.setChannelConfig(config);
        return record;
    }

    private static void measure(Mode mode, int round, Runnable read, LoopbackModbusServer server,
            List<ChannelRecord> records) {
        records.forEach(record -> record.setValue(null));
        long requestsBefore = server.requests();
        long start = System.nanoTime();
        read.run();
        mode.latenciesNanos[round] = System.nanoTime() - start;
        mode.requests += server.requests() - requestsBefore;
        for (ChannelRecord record : records) {
            int expected = Integer.parseInt((String) record.getChannelConfig().get("address"));
            if (record.getChannelStatus().getChannelFlag() != ChannelFlag.SUCCESS
                    || !Integer.valueOf(expected).equals(record.getValue().getValue())) {
                throw new IllegalStateException(mode.name + " read a wrong result: " + record);
            }
        }
    }

    private static void print(int rounds, Mode prepared, Mode read, Mode single) {
        String rowFormat = "%-34s %15s %11s %11s%n";
        System.out.printf(Locale.ROOT, "Modbus TCP: %d holding registers (UINT16) in %d blocks of %d, loopback j2mod"
                + " server; %d interleaved rounds per mode after %d warm-up rounds%n", BLOCKS * REGISTERS_PER_BLOCK,
                BLOCKS, REGISTERS_PER_BLOCK, rounds, WARM_UP_ROUNDS);
        System.out.printf(Locale.ROOT, rowFormat, "mode", "requests/read", "median ms", "p95 ms");
        for (Mode mode : List.of(prepared, read, single)) {
            System.out.printf(Locale.ROOT, rowFormat, mode.name, String.format(Locale.ROOT, "%.1f",
                    mode.requestsPerRead()), String.format(Locale.ROOT, "%.3f", mode.percentileMs(0.5)),
                    String.format(Locale.ROOT, "%.3f", mode.percentileMs(0.95)));
        }
        System.out.printf(Locale.ROOT, rowFormat, "ratio: per channel / prepared",
                String.format(Locale.ROOT, "%.1fx", single.requestsPerRead() / prepared.requestsPerRead()),
                String.format(Locale.ROOT, "%.1fx", single.percentileMs(0.5) / prepared.percentileMs(0.5)),
                String.format(Locale.ROOT, "%.1fx", single.percentileMs(0.95) / prepared.percentileMs(0.95)));
    }
}
