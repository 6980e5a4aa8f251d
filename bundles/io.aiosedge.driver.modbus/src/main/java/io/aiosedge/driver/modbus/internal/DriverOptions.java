package io.aiosedge.driver.modbus.internal;

/**
 * The validated settings of one driver instance (see {@link ModbusTcpDriver.Config} for their meaning).
 * Times are in ms.
 */
record DriverOptions(
        String host,
        int port,
        int unitId,
        int connectTimeoutMs,
        int requestTimeoutMs,
        int retries,
        int maxRegistersPerRequest,
        int maxBitsPerRequest,
        int maxRegisterGap,
        int maxBitGap,
        int reconnectBackoffMs,
        int listenerPollIntervalMs,
        boolean listenerReportUnchanged,
        boolean writeMultipleFunctions) {

    /** Protocol limit of registers in one read (FC 3/4). */
    static final int PROTOCOL_MAX_REGISTERS = 125;
    /** Protocol limit of coils or discrete inputs in one read (FC 1/2). */
    static final int PROTOCOL_MAX_BITS = 2000;
    /** The widest data type (INT64, FLOAT64) takes 4 registers and must fit in one request. */
    static final int MIN_REGISTERS_PER_REQUEST = 4;
    private static final int MAX_TIMEOUT_MS = 600_000;

    /** Validates every setting; a bad one throws with the property id and the bad value. */
    static DriverOptions from(ModbusTcpDriver.Config config) {
        String host = config.host() == null ? "" : config.host().trim();
        if (host.isEmpty()) {
            throw invalid("host", config.host(), "must name a host or IP address");
        }
        int maxRegisters = inRange("max.registers.per.request", config.max_registers_per_request(),
                MIN_REGISTERS_PER_REQUEST, PROTOCOL_MAX_REGISTERS);
        int maxBits = inRange("max.bits.per.request", config.max_bits_per_request(), 1, PROTOCOL_MAX_BITS);
        return new DriverOptions(
                host,
                inRange("port", config.port(), 1, 65535),
                inRange("unit.id", config.unit_id(), 0, 255),
                inRange("connect.timeout.ms", config.connect_timeout_ms(), 1, MAX_TIMEOUT_MS),
                inRange("request.timeout.ms", config.request_timeout_ms(), 1, MAX_TIMEOUT_MS),
                inRange("retries", config.retries(), 0, 10),
                maxRegisters,
                maxBits,
                inRange("max.register.gap", config.max_register_gap(), 0, maxRegisters - 1),
                inRange("max.bit.gap", config.max_bit_gap(), 0, maxBits - 1),
                inRange("reconnect.backoff.ms", config.reconnect_backoff_ms(), 0, 3_600_000),
                inRange("listener.poll.interval.ms", config.listener_poll_interval_ms(), 10, 86_400_000),
                config.listener_report_unchanged(),
                config.write_multiple_functions());
    }

    /** Attempts per request: the first one plus the retries. */
    int attempts() {
        return retries + 1;
    }

    /**
     * The most a read, write or prepared read blocks its caller, in ms: one connect plus every attempt of a
     * request.
     */
    long callBudgetMs() {
        return connectTimeoutMs + (long) requestTimeoutMs * attempts();
    }

    /** {@code tcp://host:port unit N}, for logs and the connection detail. */
    String endpoint() {
        return "tcp://" + host + ":" + port + " unit " + unitId;
    }

    private static int inRange(String property, int value, int min, int max) {
        if (value < min || value > max) {
            throw invalid(property, value, "must be between " + min + " and " + max);
        }
        return value;
    }

    private static IllegalArgumentException invalid(String property, Object value, String rule) {
        return new IllegalArgumentException("Modbus TCP driver: property '" + property + "' = '" + value
                + "' is invalid: " + rule);
    }
}
