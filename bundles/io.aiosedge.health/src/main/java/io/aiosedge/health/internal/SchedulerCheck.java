package io.aiosedge.health.internal;

import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
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

import io.aiosedge.api.scheduler.Calibration;
import io.aiosedge.api.scheduler.SchedulerStatistics;
import io.aiosedge.api.scheduler.TaskScheduler;

/**
 * Whether the scheduler keeps its promises: the share of completed tasks that missed their deadline over the last
 * {@code window.s}, and the error of its cost model. The estimate error of a (task kind, node) pair is the sum of
 * the mean absolute errors of its wait, network and compute predictions ({@link Calibration}), an upper bound of
 * the mean error of the predicted completion time; the worst pair with at least {@code min.samples} tasks counts.
 */
@Designate(ocd = SchedulerCheck.Config.class)
@Component(name = SchedulerCheck.PID, configurationPid = SchedulerCheck.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = {HealthCheck.class, ConfigurableComponent.class},
        property = {"service.pid=" + SchedulerCheck.PID, HealthCheck.NAME + "=AIOS scheduler",
                HealthCheck.TAGS + "=" + HealthChecks.TAG, HealthCheck.TAGS + "=scheduler"})
public final class SchedulerCheck implements HealthCheck, ConfigurableComponent {

    public static final String PID = "io.aiosedge.health.SchedulerCheck";

    @ObjectClassDefinition(id = PID, name = "AIOS health: scheduler",
            description = "Health check: deadline-miss share and cost-model estimate error of the task scheduler.")
    @interface Config {
        @AttributeDefinition(name = "Miss share warning", min = "0", max = "1",
                description = "WARN when at least this share (0 to 1) of the tasks completed in the window missed"
                        + " their deadline.")
        double miss_rate_warn() default 0.05;

        @AttributeDefinition(name = "Miss share critical", min = "0", max = "1",
                description = "CRITICAL from this share of missed deadlines; at least the warning limit.")
        double miss_rate_critical() default 0.25;

        @AttributeDefinition(name = "Window (s)", min = "10", max = "86400",
                description = "Time over which deadline misses are counted, in seconds.")
        long window_s() default 300;

        @AttributeDefinition(name = "Least tasks", min = "1", max = "1000000",
                description = "A miss share over fewer completed tasks than this is only reported, not judged.")
        int min_tasks() default 20;

        @AttributeDefinition(name = "Estimate error warning (ms)", min = "0", max = "3600000",
                description = "WARN when the worst (task kind, node) estimate error is at least this many ms.")
        double estimate_error_warn_ms() default 250;

        @AttributeDefinition(name = "Estimate error critical (ms)", min = "0", max = "3600000",
                description = "CRITICAL from this estimate error in ms; at least the warning limit.")
        double estimate_error_critical_ms() default 2000;

        @AttributeDefinition(name = "Least samples", min = "1", max = "1000000",
                description = "Pairs learned from fewer tasks than this are left out of the estimate error.")
        int min_samples() default 10;
    }

    record Options(Threshold missShare, long windowMillis, int minTasks, Threshold estimateErrorMs, int minSamples) {
        static Options of(Config c) {
            Threshold.checkRange("miss.rate.warn", c.miss_rate_warn(), 0, 1);
            Threshold.checkRange("miss.rate.critical", c.miss_rate_critical(), 0, 1);
            Threshold.checkRange("window.s", c.window_s(), 10, 86_400);
            Threshold.checkRange("min.tasks", c.min_tasks(), 1, 1_000_000);
            Threshold.checkRange("estimate.error.warn.ms", c.estimate_error_warn_ms(), 0, 3_600_000);
            Threshold.checkRange("estimate.error.critical.ms", c.estimate_error_critical_ms(), 0, 3_600_000);
            Threshold.checkRange("min.samples", c.min_samples(), 1, 1_000_000);
            return new Options(Threshold.above("miss.rate", c.miss_rate_warn(), c.miss_rate_critical()),
                    c.window_s() * 1000, c.min_tasks(),
                    Threshold.above("estimate.error.ms", c.estimate_error_warn_ms(), c.estimate_error_critical_ms()),
                    c.min_samples());
        }
    }

    private final Options options;
    private final LongSupplier clock;
    private final RateWindow misses;
    private volatile TaskScheduler scheduler;

    @Activate
    public SchedulerCheck(Config config) {
        this(config, System::currentTimeMillis);
    }

    SchedulerCheck(Config config, LongSupplier clock) {
        this.options = Options.of(config);
        this.clock = clock;
        this.misses = new RateWindow(options.windowMillis());
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindScheduler(TaskScheduler scheduler) {
        this.scheduler = scheduler;
    }

    void unbindScheduler(TaskScheduler scheduler) {
        if (this.scheduler == scheduler) {
            this.scheduler = null;
        }
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        TaskScheduler s = this.scheduler;
        if (s == null) {
            log.critical("no task scheduler (is io.aiosedge.scheduler installed and configured?)");
            return new Result(log);
        }
        SchedulerStatistics stats = s.statistics();
        RateWindow.Rate rate = misses.add(clock.getAsLong(), stats.deadlinesMissed(), stats.completed());
        String figures = rate.events() + " of " + rate.total() + " completed task(s) missed their deadline"
                + (rate.spanMillis() == 0 ? " since the scheduler started" : " in the last " + Durations.of(rate.spanMillis()));
        if (rate.total() < options.minTasks()) {
            log.info("{} (too few to judge, fewer than {}); {} queued, {} running", figures, options.minTasks(),
                    stats.queued(), stats.running());
        } else {
            Result.Status status = options.missShare().judge(rate.share());
            HealthChecks.log(log, status, figures + ", " + Durations.percent(rate.share()) + " ("
                    + options.missShare().limitOf(status) + "); " + stats.queued() + " queued, " + stats.running()
                    + " running");
        }
        Optional<Calibration> worst = s.calibration().stream()
                .filter(c -> c.samples() >= options.minSamples())
                .max(Comparator.comparingDouble(SchedulerCheck::estimateErrorMillis));
        if (worst.isEmpty()) {
            log.info("estimate error: no (task kind, node) pair has {} samples yet", options.minSamples());
        } else {
            Calibration c = worst.get();
            double error = estimateErrorMillis(c);
            Result.Status status = options.estimateErrorMs().judge(error);
            HealthChecks.log(log, status, String.format(Locale.ROOT,
                    "worst estimate error %.1f ms for kind '%s' on node '%s' (wait %.1f, network %.1f, compute %.1f ms;"
                            + " %d samples; %s ms)",
                    error, c.kind(), c.nodeId(), c.waitAbsErrorMillis(), c.networkAbsErrorMillis(),
                    c.computeAbsErrorMillis(), c.samples(), options.estimateErrorMs().limitOf(status)));
        }
        return new Result(log);
    }

    /** Upper bound of a pair's completion-time error: the sum of its component errors, ms. */
    static double estimateErrorMillis(Calibration c) {
        return finite(c.waitAbsErrorMillis()) + finite(c.networkAbsErrorMillis()) + finite(c.computeAbsErrorMillis());
    }

    private static double finite(double millis) {
        return Double.isFinite(millis) ? millis : 0;
    }
}
