package io.aiosedge.learning.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Gogo command {@code aios:modelupdates [status | rollback <model>]}: per model the serving version, the version
 * before the last swap and the rollback rule's state (baseline, limit, answers judged, rate since the swap); the
 * last swaps and what became of them; the versions refused after a rollback; {@code rollback} goes back by hand.
 */
@Component(service = ModelUpdateCommands.class, property = {
        "osgi.command.scope=aios",
        "osgi.command.function=modelupdates"})
public final class ModelUpdateCommands {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final AtomicReference<ModelUpdater> updater = new AtomicReference<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindUpdater(ModelUpdater service) {
        updater.set(service);
    }

    void unbindUpdater(ModelUpdater service) {
        updater.compareAndSet(service, null);
    }

    public String modelupdates() {
        return modelupdates("status");
    }

    public String modelupdates(String action) {
        ModelUpdater u = updater.get();
        if (u == null) {
            return "model updates are off: configure " + ModelUpdater.PID;
        }
        if (!action.equals("status")) {
            return "unknown action '" + action + "': use status, or rollback <model>";
        }
        return format(u.status());
    }

    public String modelupdates(String action, String model) throws Exception {
        ModelUpdater u = updater.get();
        if (u == null) {
            return "model updates are off: configure " + ModelUpdater.PID;
        }
        if (!action.equals("rollback")) {
            return "unknown action '" + action + "': use status, or rollback <model>";
        }
        return u.rollBackNow(model);
    }

    static String format(ModelUpdater.Status s) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("offers %d, installed %d, ignored %d, rollbacks %d; automatic rollback %s%n",
                s.offers(), s.installed(), s.ignored(), s.rollbacks(), s.rollbackEnabled() ? "on" : "off"));
        for (ModelUpdater.ModelState m : s.models()) {
            out.append(String.format(Locale.ROOT, "%-16s serving %s%s; disagreement over the last %d answers %s%n",
                    m.model(), m.serving(), m.previous().isEmpty() ? "" : " (before the last swap: " + m.previous() + ")",
                    m.window(), rate(m.recentRate())));
            if (m.judging()) {
                out.append(String.format(Locale.ROOT, "%-16s judging the swap: %d of %d answers, rate %s, limit %.3f"
                        + " (before %.3f)%n", "", m.judged(), m.window(), rate(m.rateSinceSwap()), m.limit(),
                        m.baseline()));
            }
        }
        for (ModelUpdater.Swap w : s.swaps()) {
            out.append(String.format("%s  %s %s -> %s: %s%n", TIME.format(Instant.ofEpochMilli(w.timeMillis())),
                    w.model(), w.from(), w.to(), w.outcome()));
        }
        if (!s.refused().isEmpty()) {
            out.append("refused (rolled back here): ").append(String.join(", ", s.refused())).append('\n');
        }
        if (!s.lastProblem().isEmpty()) {
            out.append("last problem: ").append(s.lastProblem()).append('\n');
        }
        return out.toString();
    }

    private static String rate(double r) {
        return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.3f", r);
    }
}
