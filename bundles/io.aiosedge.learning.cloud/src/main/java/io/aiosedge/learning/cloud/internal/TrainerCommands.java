package io.aiosedge.learning.cloud.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Gogo commands (scope {@code aios}) of the cloud trainer: {@code trainer [status|run]} (buffer, last run, every
 * version with its scores, the deployed one; {@code run} trains now on what is new), {@code promote <version>}
 * (deploy and push a version by hand) and {@code rollback} (deploy and push the version deployed before).
 */
@Component(service = TrainerCommands.class, property = {
        "osgi.command.scope=aios",
        "osgi.command.function=trainer",
        "osgi.command.function=promote",
        "osgi.command.function=rollback"})
public final class TrainerCommands {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final AtomicReference<Trainer> trainer = new AtomicReference<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTrainer(Trainer service) {
        trainer.set(service);
    }

    void unbindTrainer(Trainer service) {
        trainer.compareAndSet(service, null);
    }

    public String trainer() throws Exception {
        return trainer("status");
    }

    public String trainer(String action) throws Exception {
        Trainer t = trainer.get();
        if (t == null) {
            return "no trainer running: configure " + Trainer.PID;
        }
        switch (action) {
            case "status":
                return format(t.status());
            case "run":
                return t.runNow().map(v -> "made " + line(v)).orElse("nothing new to train on");
            default:
                return "unknown action '" + action + "': use status or run";
        }
    }

    public String promote(String version) throws Exception {
        Trainer t = trainer.get();
        if (t == null) {
            return "no trainer running: configure " + Trainer.PID;
        }
        String digits = version.startsWith("v") ? version.substring(1) : version;
        if (!digits.matches("\\d{1,9}")) {
            return "version '" + version + "' is not of the form v<number> (see aios:trainer)";
        }
        try {
            return "deployed and pushed " + line(t.promote(Integer.parseInt(digits)));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    public String rollback() throws Exception {
        Trainer t = trainer.get();
        if (t == null) {
            return "no trainer running: configure " + Trainer.PID;
        }
        try {
            return "rolled back: deployed and pushed " + line(t.rollback());
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    static String format(Trainer.Status s) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("model              %s%n", s.model()));
        out.append(String.format("buffer             %d of %d examples, %d bytes; %d new (a run needs %d)%n",
                s.buffered(), s.bufferBound(), s.bufferBytes(), s.newExamples(), s.minNewExamples()));
        out.append(String.format("uploads            %d received, %d examples skipped, %d duplicates, %d dropped"
                + " (buffer full)%s%n", s.uploads(), s.skipped(), s.duplicates(), s.dropped(),
                s.lastSkipReason().isEmpty() ? "" : "; last skip: " + s.lastSkipReason()));
        out.append(String.format("last run           %s: %s%n", s.lastRunMillis() <= 0 ? "never"
                : TIME.format(Instant.ofEpochMilli(s.lastRunMillis())), s.lastRunOutcome()));
        out.append(String.format("deployed           %s%n", s.deployed().map(ModelVersion::name).orElse("-")));
        out.append(String.format("pushes             %d%s%n", s.pushes(),
                s.lastPushError().isEmpty() ? "" : "; last error: " + s.lastPushError()));
        out.append(String.format("%-8s %-19s %6s %6s %7s %7s %7s %-9s %s%n", "version", "time", "new", "replay",
                "F1 old", "F1 new", "F1 all", "verdict", "reason"));
        for (ModelVersion v : s.versions()) {
            boolean deployed = s.deployed().map(d -> d.number() == v.number()).orElse(false);
            out.append(String.format("%-8s %-19s %6d %6d %7s %7s %7s %-9s %s%n", v.name() + (deployed ? "*" : ""),
                    TIME.format(Instant.ofEpochMilli(v.timeMillis())), v.freshExamples(), v.replayedExamples(),
                    Scores.format(v.scores().old()), Scores.format(v.scores().fresh()),
                    Scores.format(v.scores().overall()), v.promoted() ? "promoted" : "rejected", v.reason()));
        }
        return out.toString();
    }

    private static String line(ModelVersion v) {
        return v.name() + " (" + v.scores() + "; " + v.reason() + ")";
    }
}
