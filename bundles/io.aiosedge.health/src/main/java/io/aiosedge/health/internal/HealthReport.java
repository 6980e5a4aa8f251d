package io.aiosedge.health.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;

/**
 * The results of a set of health checks, immutable: each check's status and messages, and the overall status (the
 * worst). What {@code aios:health} prints and the {@code health} cloud command answers.
 */
record HealthReport(List<Check> checks) {

    /** One check's outcome. */
    record Check(String name, Result.Status status, List<String> messages, long elapsedMillis, boolean timedOut) {
    }

    HealthReport {
        checks = List.copyOf(checks);
    }

    /** The report of HC results, checks sorted worst first, then by name. */
    static HealthReport of(List<Check> checks) {
        List<Check> sorted = new ArrayList<>(checks);
        sorted.sort(Comparator.comparing((Check c) -> c.status().ordinal()).reversed()
                .thenComparing(Check::name));
        return new HealthReport(sorted);
    }

    /** A check's outcome from its HC result: every entry that is not debug, with its level when it is not INFO. */
    static Check check(String name, Result result, long elapsedMillis, boolean timedOut) {
        List<String> messages = new ArrayList<>();
        for (ResultLog.Entry entry : result) {
            if (entry.isDebug()) {
                continue;
            }
            String level = entry.getStatus() == Result.Status.OK ? "" : entry.getStatus().name() + " ";
            messages.add(level + entry.getMessage() + (entry.getException() == null ? ""
                    : " (" + entry.getException() + ")"));
        }
        return new Check(name, result.getStatus(), messages, elapsedMillis, timedOut);
    }

    /** The worst status of all checks; OK when there are none. */
    Result.Status overall() {
        return checks.stream().map(Check::status).max(Comparator.comparing(Result.Status::ordinal))
                .orElse(Result.Status.OK);
    }

    long count(Result.Status status) {
        return checks.stream().filter(c -> c.status() == status).count();
    }

    /** Plain words for Gogo: a summary line, then each check with its messages. */
    String format() {
        StringBuilder out = new StringBuilder();
        if (checks.isEmpty()) {
            return "no AIOS health checks (each is configured by its PID, io.aiosedge.health.*)" + System.lineSeparator();
        }
        out.append("AIOS health: ").append(overall()).append(" (").append(count(Result.Status.CRITICAL))
                .append(" critical, ").append(count(Result.Status.WARN)).append(" warning, ")
                .append(count(Result.Status.OK)).append(" ok");
        long other = checks.size() - count(Result.Status.CRITICAL) - count(Result.Status.WARN) - count(Result.Status.OK);
        if (other > 0) {
            out.append(", ").append(other).append(" unavailable or in error");
        }
        out.append(")").append(System.lineSeparator());
        for (Check c : checks) {
            out.append(String.format(Locale.ROOT, "%-9s %s (%d ms%s)%n", c.status(), c.name(), c.elapsedMillis(),
                    c.timedOut() ? ", timed out" : ""));
            for (String m : c.messages()) {
                out.append("          ").append(m).append(System.lineSeparator());
            }
        }
        return out.toString();
    }

    /**
     * Flat metrics for a cloud payload: {@code health.status}, and per check {@code health.<name>.status} and
     * {@code health.<name>.message} (its messages joined by "; ").
     */
    Map<String, Object> metrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("health.status", overall().name());
        for (Check c : checks) {
            String key = "health." + c.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", ".")
                    .replaceAll("^\\.|\\.$", "");
            m.put(key + ".status", c.status().name());
            m.put(key + ".message", String.join("; ", c.messages()));
        }
        return m;
    }
}
