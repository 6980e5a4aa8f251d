package io.aiosedge.learning.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Gogo command {@code aios:hardexamples [status|upload|clear]}: what the collector kept and why it skipped the
 * rest, the store's use, the last upload; {@code upload} sends what is stored now, {@code clear} deletes it.
 */
@Component(service = HardExampleCommands.class, property = {
        "osgi.command.scope=aios",
        "osgi.command.function=hardexamples"})
public final class HardExampleCommands {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final AtomicReference<HardExampleCollector> collector = new AtomicReference<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCollector(HardExampleCollector service) {
        collector.set(service);
    }

    void unbindCollector(HardExampleCollector service) {
        collector.compareAndSet(service, null);
    }

    public String hardexamples() {
        return hardexamples("status");
    }

    public String hardexamples(String action) throws IllegalArgumentException {
        HardExampleCollector current = collector.get();
        if (current == null) {
            return "The hard-example collector is not running: configure " + HardExampleCollector.PID
                    + " (it needs the scheduler's joint-inference policy to have anything to collect).";
        }
        try {
            return switch (action) {
                case "status" -> format(current.status());
                case "upload" -> "Uploaded " + current.uploadNow() + " examples; " + current.status().stored()
                        + " stored.";
                case "clear" -> "Deleted " + current.clear() + " stored examples.";
                default -> throw new IllegalArgumentException("unknown action '" + action
                        + "': use status, upload or clear");
            };
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            return action + " failed: " + e.getMessage();
        }
    }

    static String format(HardExampleCollector.Status s) {
        StringBuilder out = new StringBuilder();
        out.append("Hard examples: ").append(s.enabled() ? "collecting" : "disabled").append('\n');
        out.append(String.format("  stored        %d of %d (%d bytes on disk)%s%n", s.stored(), s.maxExamples(),
                s.fileBytes(), s.oldestMillis() < 0 ? "" : ", oldest " + TIME.format(Instant.ofEpochMilli(s.oldestMillis()))));
        out.append(String.format("  uploaded      %d in %d messages, last %s; publisher %s%n", s.uploaded(), s.uploads(),
                s.lastUploadMillis() < 0 ? "never" : TIME.format(Instant.ofEpochMilli(s.lastUploadMillis())),
                s.publisherBound() ? "bound" : "not found"));
        out.append(String.format("  removed       %d pushed out by newer ones (store full), %d past retention%n",
                s.droppedFull(), s.expired()));
        out.append("  completions   ");
        if (s.verdicts().isEmpty()) {
            out.append("none seen yet");
        }
        boolean first = true;
        for (Map.Entry<HardExampleFilter.Verdict, Long> e : s.verdicts().entrySet()) {
            out.append(first ? "" : ", ").append(e.getKey().name().toLowerCase().replace('_', '-')).append(' ')
                    .append(e.getValue());
            first = false;
        }
        out.append('\n');
        if (s.storeErrors() > 0) {
            out.append("  store errors  ").append(s.storeErrors()).append('\n');
        }
        if (!s.lastError().isEmpty()) {
            out.append("  last problem  ").append(s.lastError()).append('\n');
        }
        return out.toString();
    }
}
