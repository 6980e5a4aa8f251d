package io.aiosedge.health.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.driver.Driver;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.Option;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.aiosedge.api.driver.DriverConnectionInfo;

/**
 * Whether the device drivers reach their devices: every Kura {@link Driver} that reports its state
 * ({@link DriverConnectionInfo}, as ours do) is not FAILED, and every driver named in {@code drivers.required} is
 * there. Drivers connect lazily, so DISCONNECTED (not used yet) and CONNECTING are fine; Kura's own drivers report no
 * state and are listed as unknown.
 */
@Designate(ocd = DriversConnectedCheck.Config.class)
@Component(name = DriversConnectedCheck.PID, configurationPid = DriversConnectedCheck.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = {HealthCheck.class, ConfigurableComponent.class},
        property = {"service.pid=" + DriversConnectedCheck.PID, HealthCheck.NAME + "=AIOS drivers connected",
                HealthCheck.TAGS + "=" + HealthChecks.TAG, HealthCheck.TAGS + "=drivers"})
public final class DriversConnectedCheck implements HealthCheck, ConfigurableComponent {

    public static final String PID = "io.aiosedge.health.DriversConnectedCheck";

    @ObjectClassDefinition(id = PID, name = "AIOS health: drivers connected",
            description = "Health check: the device drivers reach their devices.")
    @interface Config {
        @AttributeDefinition(name = "Required drivers", required = false, cardinality = 64,
                description = "kura.service.pid of each driver that must be there (CRITICAL when one is missing).")
        String[] drivers_required() default {};

        @AttributeDefinition(name = "Status of a failed driver",
                description = "What a driver whose last connection or request failed makes the check.",
                options = {@Option(label = "CRITICAL", value = "CRITICAL"), @Option(label = "WARN", value = "WARN")})
        String failed_status() default "CRITICAL";

        @AttributeDefinition(name = "Failed drivers tolerated", min = "0", max = "10000",
                description = "How many failed drivers are only a warning before the status above applies.")
        int failed_tolerated() default 0;
    }

    record Options(Set<String> required, Result.Status failedStatus, int failedTolerated) {
        static Options of(Config c) {
            String status = c.failed_status() == null ? "" : c.failed_status().strip().toUpperCase(Locale.ROOT);
            if (!status.equals("CRITICAL") && !status.equals("WARN")) {
                throw new IllegalArgumentException("failed.status must be CRITICAL or WARN, got '" + c.failed_status()
                        + "'");
            }
            Threshold.checkRange("failed.tolerated", c.failed_tolerated(), 0, 10_000);
            Set<String> required = new TreeSet<>();
            for (String d : c.drivers_required() == null ? new String[0] : c.drivers_required()) {
                if (d != null && !d.isBlank()) {
                    required.add(d.strip());
                }
            }
            return new Options(Set.copyOf(required), Result.Status.valueOf(status), c.failed_tolerated());
        }
    }

    private final Options options;
    private final Map<String, Driver> drivers = new ConcurrentHashMap<>();

    @Activate
    public DriversConnectedCheck(Config config) {
        this.options = Options.of(config);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDriver(Driver driver, Map<String, Object> properties) {
        drivers.put(HealthChecks.nameOf(properties), driver);
    }

    void removeDriver(Driver driver, Map<String, Object> properties) {
        drivers.remove(HealthChecks.nameOf(properties), driver);
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        List<String> failed = new ArrayList<>();
        Map<String, Driver> now = new TreeMap<>(drivers);
        now.forEach((name, driver) -> {
            if (!(driver instanceof DriverConnectionInfo info)) {
                log.info("driver '{}': state unknown (not an AIOS driver)", name);
                return;
            }
            DriverConnectionInfo.State state = info.connectionState();
            String line = "driver '" + name + "': " + state.name().toLowerCase(Locale.ROOT) + ", "
                    + info.connectionDetail();
            if (state == DriverConnectionInfo.State.FAILED) {
                failed.add(line);
            } else {
                log.info("{}", line);
            }
        });
        Result.Status failedStatus = failed.size() > options.failedTolerated() ? options.failedStatus()
                : Result.Status.WARN;
        failed.forEach(line -> HealthChecks.log(log, failedStatus, line));
        List<String> missing = options.required().stream().filter(d -> !now.containsKey(d)).toList();
        if (!missing.isEmpty()) {
            log.critical("required driver(s) missing: {}; present: {}", missing,
                    now.isEmpty() ? "none" : now.keySet());
        }
        if (now.isEmpty() && missing.isEmpty()) {
            log.info("no driver");
        }
        return new Result(log);
    }
}
