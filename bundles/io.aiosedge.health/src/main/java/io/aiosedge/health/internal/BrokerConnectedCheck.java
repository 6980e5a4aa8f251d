package io.aiosedge.health.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.aiosedge.api.cloud.CloudLinkMonitor;
import io.aiosedge.api.cloud.LinkState;

/**
 * Whether every cloud endpoint ({@link CloudLinkMonitor}) is connected to its broker. An endpoint disconnected for
 * at least {@code disconnected.warn.s} is WARN, for at least {@code disconnected.critical.s} CRITICAL; the time is
 * counted from the last moment this check saw it connected (or from when the endpoint came up). Data is not lost
 * meanwhile (the outbox keeps it), which is why a short outage is only a warning.
 */
@Designate(ocd = BrokerConnectedCheck.Config.class)
@Component(name = BrokerConnectedCheck.PID, configurationPid = BrokerConnectedCheck.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = {HealthCheck.class, ConfigurableComponent.class},
        property = {"service.pid=" + BrokerConnectedCheck.PID, HealthCheck.NAME + "=AIOS broker connected",
                HealthCheck.TAGS + "=" + HealthChecks.TAG, HealthCheck.TAGS + "=cloud"})
public final class BrokerConnectedCheck implements HealthCheck, ConfigurableComponent {

    public static final String PID = "io.aiosedge.health.BrokerConnectedCheck";

    @ObjectClassDefinition(id = PID, name = "AIOS health: broker connected",
            description = "Health check: every AIOS cloud endpoint is connected to its MQTT broker.")
    @interface Config {
        @AttributeDefinition(name = "Warning after (s)", min = "0", max = "604800",
                description = "An endpoint disconnected for at least this many seconds is WARN (0: at once).")
        long disconnected_warn_s() default 0;

        @AttributeDefinition(name = "Critical after (s)", min = "0", max = "604800",
                description = "An endpoint disconnected for at least this many seconds is CRITICAL; at least the"
                        + " warning limit.")
        long disconnected_critical_s() default 120;

        @AttributeDefinition(name = "Endpoint required",
                description = "Whether having no cloud endpoint at all is CRITICAL (else OK: a gateway without cloud).")
        boolean endpoint_required() default true;
    }

    /** Validated configuration. */
    record Options(Threshold disconnected, boolean endpointRequired) {
        static Options of(Config c) {
            Threshold.checkRange("disconnected.warn.s", c.disconnected_warn_s(), 0, 604_800);
            Threshold.checkRange("disconnected.critical.s", c.disconnected_critical_s(), 0, 604_800);
            return new Options(Threshold.above("disconnected.s", c.disconnected_warn_s(), c.disconnected_critical_s()),
                    c.endpoint_required());
        }
    }

    private final Options options;
    private final LongSupplier clock;
    private final Map<String, CloudLinkMonitor> monitors = new ConcurrentHashMap<>();
    /** Per endpoint: when it was last seen connected, or when it came up. */
    private final Map<String, Long> lastConnected = new ConcurrentHashMap<>();

    @Activate
    public BrokerConnectedCheck(Config config) {
        this(config, System::currentTimeMillis);
    }

    BrokerConnectedCheck(Config config, LongSupplier clock) {
        this.options = Options.of(config);
        this.clock = clock;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addMonitor(CloudLinkMonitor monitor, Map<String, Object> properties) {
        String name = HealthChecks.nameOf(properties);
        monitors.put(name, monitor);
        lastConnected.put(name, clock.getAsLong());
    }

    void removeMonitor(CloudLinkMonitor monitor, Map<String, Object> properties) {
        String name = HealthChecks.nameOf(properties);
        if (monitors.remove(name, monitor)) {
            lastConnected.remove(name);
        }
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        if (monitors.isEmpty()) {
            if (options.endpointRequired()) {
                log.critical("no cloud endpoint: nothing reaches the broker (is io.aiosedge.cloudsync.mqtt installed"
                        + " and an endpoint configured?)");
            } else {
                log.info("no cloud endpoint (none required)");
            }
            return new Result(log);
        }
        long now = clock.getAsLong();
        new TreeMap<>(monitors).forEach((name, monitor) -> {
            LinkState state = monitor.linkState();
            if (state.connected()) {
                lastConnected.put(name, now);
                log.info("endpoint '{}' is connected{}", name, Double.isNaN(state.rttMillis()) ? ""
                        : String.format(java.util.Locale.ROOT, " (round trip %.0f ms)", state.rttMillis()));
                return;
            }
            long since = lastConnected.getOrDefault(name, now);
            long down = now - since;
            Result.Status status = options.disconnected().judge(down / 1000.0);
            String message = "endpoint '" + name + "' is not connected, for " + Durations.of(down)
                    + (status == Result.Status.OK ? "" : " (" + options.disconnected().limitOf(status) + " s)");
            HealthChecks.log(log, status, message);
        });
        return new Result(log);
    }
}
