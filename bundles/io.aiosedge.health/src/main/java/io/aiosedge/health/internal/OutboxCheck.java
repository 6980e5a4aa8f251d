package io.aiosedge.health.internal;

import java.util.List;
import java.util.Map;

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
import io.aiosedge.api.cloud.OutboxState;

/**
 * The durable outbox of every AIOS cloud endpoint: how many messages wait ({@code outbox.depth}) and how old the
 * oldest is ({@code outbox.oldest.age.ms}), each against a warning and a critical limit. A deep or old outbox
 * means data reaches the cloud late, and a full one that new messages are refused.
 */
@Designate(ocd = OutboxCheck.Config.class)
@Component(name = OutboxCheck.PID, configurationPid = OutboxCheck.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = {HealthCheck.class, ConfigurableComponent.class},
        property = {"service.pid=" + OutboxCheck.PID, HealthCheck.NAME + "=AIOS outbox",
                HealthCheck.TAGS + "=" + HealthChecks.TAG, HealthCheck.TAGS + "=cloud"})
public final class OutboxCheck implements HealthCheck, ConfigurableComponent {

    public static final String PID = "io.aiosedge.health.OutboxCheck";

    @ObjectClassDefinition(id = PID, name = "AIOS health: outbox",
            description = "Health check: depth and oldest-message age of the durable outbox of every AIOS cloud"
                    + " endpoint.")
    @interface Config {
        @AttributeDefinition(name = "Depth warning (messages)", min = "1", max = "100000000",
                description = "WARN when at least this many messages wait in an outbox.")
        int depth_warn() default 1000;

        @AttributeDefinition(name = "Depth critical (messages)", min = "1", max = "100000000",
                description = "CRITICAL when at least this many messages wait; at least the warning limit.")
        int depth_critical() default 8000;

        @AttributeDefinition(name = "Oldest age warning (s)", min = "1", max = "31536000",
                description = "WARN when the oldest waiting message is at least this many seconds old.")
        long oldest_age_warn_s() default 300;

        @AttributeDefinition(name = "Oldest age critical (s)", min = "1", max = "31536000",
                description = "CRITICAL when the oldest waiting message is at least this many seconds old; at least"
                        + " the warning limit.")
        long oldest_age_critical_s() default 3600;
    }

    record Options(Threshold depth, Threshold ageSeconds) {
        static Options of(Config c) {
            Threshold.checkRange("depth.warn", c.depth_warn(), 1, 100_000_000);
            Threshold.checkRange("depth.critical", c.depth_critical(), 1, 100_000_000);
            Threshold.checkRange("oldest.age.warn.s", c.oldest_age_warn_s(), 1, 31_536_000);
            Threshold.checkRange("oldest.age.critical.s", c.oldest_age_critical_s(), 1, 31_536_000);
            return new Options(Threshold.above("depth", c.depth_warn(), c.depth_critical()),
                    Threshold.above("oldest.age.s", c.oldest_age_warn_s(), c.oldest_age_critical_s()));
        }
    }

    private final Options options;
    private final CloudStatus.Monitors monitors = new CloudStatus.Monitors();
    private final CloudStatus.Source source;

    @Activate
    public OutboxCheck(Config config) {
        this.options = Options.of(config);
        this.source = monitors;
    }

    /** For tests: reads the outboxes from {@code source}. */
    OutboxCheck(Config config, CloudStatus.Source source) {
        this.options = Options.of(config);
        this.source = source;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addMonitor(CloudLinkMonitor monitor, Map<String, Object> properties) {
        monitors.add(monitor, properties);
    }

    void removeMonitor(CloudLinkMonitor monitor) {
        monitors.remove(monitor);
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        List<CloudStatus.Endpoint> endpoints;
        try {
            endpoints = source.endpoints();
        } catch (IllegalStateException e) {
            log.temporarilyUnavailable("{}", e.getMessage());
            return new Result(log);
        }
        if (endpoints.isEmpty()) {
            log.info("no cloud endpoint, no outbox");
            return new Result(log);
        }
        for (CloudStatus.Endpoint endpoint : endpoints) {
            OutboxState outbox = endpoint.outbox();
            if (outbox == null) {
                log.temporarilyUnavailable("endpoint '{}' does not tell its outbox (a cloud-sync bundle older than"
                        + " io.aiosedge.api.cloud 1.1)", endpoint.pid());
                continue;
            }
            Result.Status depthStatus = options.depth().judge(outbox.depth());
            HealthChecks.log(log, depthStatus, "endpoint '" + endpoint.pid() + "': " + outbox.depth()
                    + " message(s) waiting, " + Durations.bytes(outbox.storedBytes()) + " of "
                    + Durations.bytes(outbox.capacityBytes()) + " (" + options.depth().limitOf(depthStatus) + ")");
            Result.Status ageStatus = outbox.depth() == 0 ? Result.Status.OK
                    : options.ageSeconds().judge(outbox.oldestAgeMillis() / 1000.0);
            HealthChecks.log(log, ageStatus, "endpoint '" + endpoint.pid() + "': "
                    + (outbox.depth() == 0 ? "nothing waits"
                            : "oldest waiting message is " + Durations.of(outbox.oldestAgeMillis()) + " old ("
                                    + options.ageSeconds().limitOf(ageStatus) + " s)"));
            if (outbox.refused() > 0) {
                log.warn("endpoint '{}': {} message(s) refused since it started because the outbox was full",
                        endpoint.pid(), outbox.refused());
            }
        }
        return new Result(log);
    }
}
