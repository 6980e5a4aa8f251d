package io.aiosedge.federated.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Gogo commands (scope {@code aios}): {@code fedrounds [n]} on the coordinator (the open round, the global version
 * and its held-out F1, the last {@code n} closed rounds with their outcome, updates, bytes and F1; default 10) and
 * {@code fedparticipant} on a gateway (participation, rounds answered, the last update's size and norm).
 */
@Component(service = FederatedCommands.class, property = {
        "osgi.command.scope=aios",
        "osgi.command.function=fedrounds",
        "osgi.command.function=fedparticipant"})
public final class FederatedCommands {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final AtomicReference<Coordinator> coordinator = new AtomicReference<>();
    private final AtomicReference<Participant> participant = new AtomicReference<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCoordinator(Coordinator service) {
        coordinator.set(service);
    }

    void unbindCoordinator(Coordinator service) {
        coordinator.compareAndSet(service, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindParticipant(Participant service) {
        participant.set(service);
    }

    void unbindParticipant(Participant service) {
        participant.compareAndSet(service, null);
    }

    public String fedrounds() throws Exception {
        return fedrounds(10);
    }

    public String fedrounds(int last) throws Exception {
        if (last < 1) {
            throw new IllegalArgumentException("the number of rounds to show must be at least 1, not " + last);
        }
        Coordinator c = coordinator.get();
        if (c == null) {
            return "no federated coordinator on this node (configure " + Coordinator.PID + ")";
        }
        return format(c.status(), last);
    }

    static String format(Coordinator.Status s, int last) {
        StringBuilder out = new StringBuilder();
        RoundStore.State st = s.state();
        out.append(String.format(Locale.ROOT, "model %s (%d parameters), global version %d, held-out F1 %.3f%n",
                s.model(), s.parameters(), st.version(), s.f1()));
        if (st.open()) {
            out.append(String.format(Locale.ROOT, "round %d open since %s, deadline %s: %d joined, %d answered%n",
                    st.round(), TIME.format(Instant.ofEpochMilli(st.openedMillis())),
                    TIME.format(Instant.ofEpochMilli(st.deadlineMillis())), st.joined().size(), s.answered()));
        } else {
            out.append(st.round() == 0 ? "no round yet\n" : "no round open; last closed "
                    + TIME.format(Instant.ofEpochMilli(st.closedMillis())) + "\n");
        }
        out.append("refused on arrival: ").append(s.refusedOnArrival()).append("; last push: ").append(s.lastPush())
                .append('\n');
        s.lastRefusals().forEach((g, why) -> out.append("  refused ").append(g).append(": ").append(why).append('\n'));
        List<RoundStore.Closed> history = s.history();
        out.append(String.format(Locale.ROOT, "%-6s %-19s %-11s %-8s %6s %8s %7s %10s %10s %7s %7s%n", "round",
                "closed", "outcome", "version", "joined", "accepted", "refused", "up bytes", "down bytes", "F1 was",
                "F1 new"));
        for (RoundStore.Closed r : history.subList(Math.max(0, history.size() - last), history.size())) {
            out.append(String.format(Locale.ROOT, "%-6d %-19s %-11s %-8s %6d %8d %7d %10d %10d %7.3f %7.3f%n",
                    r.round(), TIME.format(Instant.ofEpochMilli(r.closedMillis())), r.outcome(),
                    r.versionBefore() + "->" + r.versionAfter(), r.joined(), r.accepted(), r.refused(),
                    r.uplinkBytes(), r.downlinkBytes(), r.f1Before(), r.f1After()));
        }
        return out.toString();
    }

    public String fedparticipant() {
        Participant p = participant.get();
        if (p == null) {
            return "no federated participant on this node (configure " + Participant.PID + ")";
        }
        Participant.Status s = p.status();
        return String.format(Locale.ROOT, "model %s, participation %s%ninvites %d (ignored %d), rounds answered %d,"
                + " last round %d%nlast update: %d windows, %d bytes, norm before clipping %.4g, last loss %.4f%n"
                + "update bytes sent in all: %d%nlast: %s%n", s.model(), s.enabled() ? "on" : "off", s.invites(),
                s.ignored(), s.rounds(), s.lastRound(), s.lastSamples(), s.lastUpdateBytes(), s.lastRawNorm(),
                s.lastLoss(), s.totalUpdateBytes(), s.lastOutcome());
    }
}
