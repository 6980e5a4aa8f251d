package io.aiosedge.health.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.execution.HealthCheckExecutionOptions;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Runs the AIOS health checks (every {@link HealthCheck} tagged {@value HealthChecks#TAG}) for the Gogo command and
 * the cloud command. With Felix HC core present its {@link HealthCheckExecutor} runs them (timeouts, the result
 * cache, the same results as the web console and {@code /system/health}); without it (a Kura gateway has only the
 * HC API) each check runs here, in the caller's thread.
 */
@Component(service = HealthRunner.class)
public final class HealthRunner {

    private volatile HealthCheckExecutor executor;
    private final Map<HealthCheck, String> checks = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindExecutor(HealthCheckExecutor executor) {
        this.executor = executor;
    }

    void unbindExecutor(HealthCheckExecutor executor) {
        if (this.executor == executor) {
            this.executor = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + HealthCheck.TAGS + "=" + HealthChecks.TAG + ")")
    void addCheck(HealthCheck check, Map<String, Object> properties) {
        checks.put(check, nameOf(properties));
    }

    void removeCheck(HealthCheck check) {
        checks.remove(check);
    }

    /** Whether HC core's executor runs the checks. */
    boolean hasExecutor() {
        return executor != null;
    }

    /**
     * Runs the AIOS checks, or those among them whose name or one of whose tags is {@code selector} (null: all).
     */
    HealthReport run(String selector) {
        HealthCheckExecutor e = this.executor;
        List<HealthReport.Check> results = new ArrayList<>();
        if (e != null) {
            HealthCheckSelector select = selector == null ? HealthCheckSelector.tags(HealthChecks.TAG)
                    : HealthCheckSelector.tags(HealthChecks.TAG, selector);
            HealthCheckExecutionOptions options = new HealthCheckExecutionOptions().setCombineTagsWithOr(false)
                    .setForceInstantExecution(true);
            List<HealthCheckExecutionResult> executed = e.execute(select, options);
            if (executed.isEmpty() && selector != null) {
                executed = e.execute(HealthCheckSelector.names(selector), options);
            }
            for (HealthCheckExecutionResult r : executed) {
                results.add(HealthReport.check(r.getHealthCheckMetadata().getName(), r.getHealthCheckResult(),
                        r.getElapsedTimeInMs(), r.hasTimedOut()));
            }
            return HealthReport.of(results);
        }
        return runDirectly(new ConcurrentHashMap<>(checks), selector);
    }

    /** Runs each check in this thread; a check that throws is HEALTH_CHECK_ERROR. */
    static HealthReport runDirectly(Map<HealthCheck, String> checks, String selector) {
        List<HealthReport.Check> results = new ArrayList<>();
        checks.forEach((check, nameAndTags) -> {
            List<String> lines = List.of(nameAndTags.split("\n"));
            String name = lines.get(0);
            if (selector != null && !name.equals(selector) && !lines.subList(1, lines.size()).contains(selector)) {
                return;
            }
            long start = System.nanoTime();
            Result result;
            try {
                result = check.execute();
            } catch (RuntimeException ex) {
                result = new Result(Result.Status.HEALTH_CHECK_ERROR, "the check failed: " + ex, ex);
            }
            results.add(HealthReport.check(name, result, (System.nanoTime() - start) / 1_000_000, false));
        });
        return HealthReport.of(results);
    }

    /** The check's name, then its tags, one per line (what {@link #runDirectly} selects by). */
    static String nameOf(Map<String, Object> properties) {
        Object name = properties.get(HealthCheck.NAME);
        StringBuilder out = new StringBuilder(name == null ? HealthChecks.nameOf(properties) : name.toString());
        Object tags = properties.get(HealthCheck.TAGS);
        if (tags instanceof String[] array) {
            for (String t : array) {
                out.append('\n').append(t);
            }
        } else if (tags != null) {
            out.append('\n').append(tags);
        }
        return out.toString();
    }
}
