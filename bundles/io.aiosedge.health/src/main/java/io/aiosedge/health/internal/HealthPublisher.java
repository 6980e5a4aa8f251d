package io.aiosedge.health.internal;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.message.KuraPayload;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's health in its status payload to the cloud: every {@code check.interval.s} the AIOS checks run, and
 * their metrics (as the {@code health} command answers them) are published through the configured
 * {@link CloudPublisher} when any check's status changed since the last publication, and at least every
 * {@code publish.interval.s} otherwise. The cloud thus learns of a WARN or CRITICAL within one check interval
 * without polling, and sees the gateway's health refreshed even when nothing changes.
 */
@Designate(ocd = HealthPublisher.Config.class)
@Component(name = HealthPublisher.PID, configurationPid = HealthPublisher.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = ConfigurableComponent.class, immediate = true,
        property = "service.pid=" + HealthPublisher.PID)
public final class HealthPublisher implements ConfigurableComponent {

    public static final String PID = "io.aiosedge.health.HealthPublisher";

    private static final Logger LOG = LoggerFactory.getLogger(HealthPublisher.class);

    @ObjectClassDefinition(id = PID, name = "AIOS health: status payload",
            description = "Publishes the AIOS health checks' results to the cloud when a status changes and"
                    + " periodically.")
    @interface Config {
        @AttributeDefinition(name = "CloudPublisher target", description = "Filter selecting the CloudPublisher the"
                + " health payloads go to, e.g. (kura.service.pid=health).")
        String CloudPublisher_target() default "(kura.service.pid=changeme)";

        @AttributeDefinition(name = "Check interval (s)", min = "1", max = "3600",
                description = "How often the checks run to look for a change of status.")
        int check_interval_s() default 30;

        @AttributeDefinition(name = "Publish interval (s)", min = "10", max = "86400",
                description = "The longest time between two payloads when no status changes; at least the check"
                        + " interval.")
        int publish_interval_s() default 300;
    }

    /** Validated configuration. */
    record Options(String publisherTarget, long checkMillis, long publishMillis) {
        static Options of(Config c) {
            Threshold.checkRange("check.interval.s", c.check_interval_s(), 1, 3600);
            Threshold.checkRange("publish.interval.s", c.publish_interval_s(), 10, 86_400);
            if (c.publish_interval_s() < c.check_interval_s()) {
                throw new IllegalArgumentException("publish.interval.s (" + c.publish_interval_s()
                        + ") must be at least check.interval.s (" + c.check_interval_s() + ")");
            }
            String target = c.CloudPublisher_target();
            if (target == null || !target.strip().startsWith("(")) {
                throw new IllegalArgumentException("CloudPublisher.target '" + target + "' is not an LDAP filter"
                        + " such as (kura.service.pid=health)");
            }
            return new Options(target.strip(), c.check_interval_s() * 1000L, c.publish_interval_s() * 1000L);
        }
    }

    private final Options options;
    private final HealthRunner runner;
    private final LongSupplier clock;
    private final AtomicReference<CloudPublisher> publisher = new AtomicReference<>();
    private final ScheduledExecutorService timer;

    // Touched by the timer thread only (and by tests calling tick()).
    private Map<String, String> lastStatuses;
    private long lastPublishedAt;
    private long published;
    private String lastError = "";

    @Activate
    public HealthPublisher(Config config, @Reference HealthRunner runner) {
        this(config, runner, System::currentTimeMillis, true);
    }

    /** For tests: {@code schedule} false leaves the ticks to the test. */
    HealthPublisher(Config config, HealthRunner runner, LongSupplier clock, boolean schedule) {
        this.options = Options.of(config);
        this.runner = runner;
        this.clock = clock;
        if (schedule) {
            this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "aios-health-publisher");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::safeTick, options.checkMillis(), options.checkMillis(),
                    TimeUnit.MILLISECONDS);
        } else {
            this.timer = null;
        }
    }

    @Reference(name = "CloudPublisher", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            target = "(kura.service.pid=changeme)")
    void bindCloudPublisher(CloudPublisher service) {
        publisher.set(service);
    }

    void unbindCloudPublisher(CloudPublisher service) {
        publisher.compareAndSet(service, null);
    }

    @Deactivate
    void deactivate() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("health payload not published: {}", e.toString(), e);
        }
    }

    /** Runs the checks and publishes when a status changed or the publish interval has passed; true if it did. */
    boolean tick() {
        HealthReport report = runner.run(null);
        Map<String, String> statuses = new LinkedHashMap<>();
        report.checks().forEach(c -> statuses.put(c.name(), c.status().name()));
        long now = clock.getAsLong();
        boolean changed = !statuses.equals(lastStatuses);
        boolean due = lastPublishedAt == 0 || now - lastPublishedAt >= options.publishMillis();
        if (!changed && !due) {
            return false;
        }
        CloudPublisher target = publisher.get();
        if (target == null) {
            lastError = "no CloudPublisher matches " + options.publisherTarget();
            return false;
        }
        KuraPayload payload = new KuraPayload();
        payload.setTimestamp(new Date(now));
        report.metrics().forEach(payload::addMetric);
        payload.addMetric("health.changed", changed && lastStatuses != null);
        try {
            target.publish(new KuraMessage(payload));
        } catch (KuraException e) {
            lastError = "publish failed: " + e.getMessage();
            LOG.warn("health payload not published through {}: {}", options.publisherTarget(), e.getMessage());
            return false;
        }
        lastStatuses = statuses;
        lastPublishedAt = now;
        published++;
        lastError = "";
        return true;
    }

    long published() {
        return published;
    }

    String lastError() {
        return lastError;
    }
}
