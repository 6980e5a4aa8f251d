package io.aiosedge.federated.internal;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses duplicate and stale updates. An update names its round, its gateway and the global model version it was
 * trained from; it counts only for the open round, only when trained from the current version, and only once per
 * gateway (a QoS-1 redelivery or a replay of an old message is refused, never averaged twice).
 */
public final class ReplayGuard {

    private final long round;
    private final int version;
    private final Set<String> answered = new HashSet<>();

    /**
     * @param round the open round's id
     * @param version the global model version the round distributed
     * @param answered gateways already counted in this round (a restarted coordinator's)
     */
    public ReplayGuard(long round, int version, Set<String> answered) {
        this.round = round;
        this.version = version;
        this.answered.addAll(answered);
    }

    /**
     * Checks an update and, when it is accepted, remembers its gateway.
     *
     * @return empty when accepted, else why it was refused
     */
    public Optional<String> admit(long updateRound, String gateway, int updateVersion) {
        if (updateRound != round) {
            return Optional.of("stale: round " + updateRound + ", the open round is " + round);
        }
        if (updateVersion != version) {
            return Optional.of("stale: trained from version " + updateVersion + ", the round distributed " + version);
        }
        if (!answered.add(gateway)) {
            return Optional.of("duplicate: " + gateway + " already answered round " + round);
        }
        return Optional.empty();
    }
}
