package io.aiosedge.federated.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.models.learning.TrainableModel;

/**
 * Steps of {@link Coordinator}'s rounds that hold no state of their own: the checks of an arriving join or update,
 * the publishing of an invite, the wording of a closed round and the export and push of a kept version. All of
 * them run on the coordinator's one thread ({@value Coordinator#THREAD_NAME}), like everything they are given, and
 * log under the coordinator's logger.
 */
final class RoundSteps {

    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);

    private RoundSteps() {
    }

    /** Refuses a gateway id from the topic that is not 1-128 letters, digits, '.', '_' or '-'. */
    static void checkGateway(String gateway) {
        if (!gateway.matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}")) {
            throw new IllegalArgumentException("gateway id '" + gateway + "' in the topic must be 1-128 letters,"
                    + " digits, '.', '_' or '-' (not starting with '.')");
        }
    }

    /**
     * Refuses an update naming another gateway than its topic, of another model, with no round open or that the
     * {@code guard} does not admit (the message says why).
     */
    static void checkUpdate(FederatedMessages.Update update, String gateway, String model, RoundStore.State state,
            ReplayGuard guard) {
        if (!update.gateway().isEmpty() && !update.gateway().equals(gateway)) {
            throw new IllegalArgumentException("update names gateway " + update.gateway() + " but came from "
                    + gateway);
        }
        if (!update.model().equals(model)) {
            throw new IllegalArgumentException("update of model " + update.model() + ", this coordinator's is "
                    + model);
        }
        if (!state.open()) {
            throw new IllegalArgumentException("stale: round " + update.round() + " arrived with no round open");
        }
        Optional<String> refusal = guard.admit(update.round(), gateway, update.version());
        if (refusal.isPresent()) {
            throw new IllegalArgumentException(refusal.get());
        }
    }

    /** Publishes the invite of {@code round} (retained); a failure is logged, the round still runs. */
    static void publishInvite(CloudEndpoint endpoint, CoordinatorOptions options, long round, int version,
            byte[] invite) {
        KuraPayload payload = new KuraPayload();
        payload.addMetric("round", round);
        payload.addMetric("version", version);
        payload.setBody(invite);
        try {
            endpoint.publish(new KuraMessage(payload, Map.of("topic", options.inviteTopic(), "qos", 1, "retain", true,
                    "priority", 4)));
        } catch (KuraException e) {
            // the round still runs to its deadline: gateways may hold an earlier retained copy of nothing, so it
            // will simply close with too few updates
            LOG.error("Coordinator of '{}': invite of round {} not published", options.model(), round, e);
        }
    }

    /** The details of a closed round in its history line. */
    static String details(boolean atDeadline, String verdict, Aggregation.Outcome outcome, int participantsMin,
            String losses) {
        return String.format(Locale.ROOT, "%s%s; accepted %s; refused %s; median norm %.4g%s",
                atDeadline ? "closed at the deadline" : "all answered",
                verdict.equals("too-few") ? " with " + outcome.accepted().size() + " of "
                        + participantsMin + " needed" : "",
                outcome.accepted().keySet(), outcome.refused(), outcome.medianNorm(), losses);
    }

    /**
     * Exports version {@code after} ({@code global} in {@code model}'s shapes) into the store's versions folder
     * unless it is there, and pushes it with its scores. Returns what {@code lastPush} shows; a failure is logged and
     * named there, the version stays kept.
     */
    static String pushVersion(RoundStore store, TrainableModel model, ModelPush push, String modelName, int after,
            float[] global, long round, int updates, double f1, Validation.Score score) {
        Path folder = store.folder().resolve("versions").resolve("v" + after);
        try {
            model.setWeights(WeightVector.unflatten(global, model.shapes()));
            if (!Files.exists(folder)) {
                model.export(folder);
            }
            Map<String, Object> scores = new LinkedHashMap<>();
            scores.put("round", round);
            scores.put("updates", updates);
            if (Double.isFinite(f1)) { // no validation data: nothing scored
                scores.put("f1", f1);
                scores.put("loss", score.loss());
            }
            push.push(modelName, after, model, folder, scores);
            return "v" + after + " pushed" + (push.describe().isEmpty() ? "" : ": " + push.describe());
        } catch (Exception e) {
            LOG.warn("Coordinator of '{}': version {} kept, push failed: {}", modelName, after, e.getMessage());
            return "v" + after + ": " + e.getMessage();
        }
    }

    /** The saved round state and its global weights, or version 0 (the initial model's weights) kept first. */
    record Start(RoundStore.State state, float[] global) {
    }

    static Start start(RoundStore store, TrainableModel model) throws java.io.IOException {
        int size = WeightVector.size(model.shapes());
        Optional<RoundStore.State> saved = store.state();
        if (saved.isPresent()) {
            RoundStore.State state = saved.get();
            return new Start(state, store.weights(state.version(), size));
        }
        float[] global = WeightVector.flatten(model.weights());
        store.saveWeights(0, global);
        RoundStore.State state = new RoundStore.State(0, false, 0, 0, 0, 0, java.util.Set.of());
        store.save(state);
        return new Start(state, global);
    }

    /** The guard of an open round continued after a restart: the gateways whose updates were kept are done. */
    static ReplayGuard restoredGuard(RoundStore.State state, java.util.List<FederatedMessages.Update> kept) {
        return new ReplayGuard(state.round(), state.version(),
                kept.stream().map(FederatedMessages.Update::gateway).collect(java.util.stream.Collectors.toSet()));
    }

    /** @return how long after the invite a round stays open even when all who joined have answered, ms */
    static long joinWindowMillis(long deadlineMillis) {
        return Math.min(deadlineMillis, Math.max(1_000, deadlineMillis / 5));
    }

    /**
     * A closed round's aggregate judged: "too-few" (no candidate), "new-version" or "not-valid", the candidate's
     * score and the held-out losses for the details.
     */
    record Judged(String verdict, Validation.Score candidate, String losses) {
    }

    /** Scores the aggregate against {@code current} and tells {@code aggregation} whether it is kept. */
    static Judged judge(Aggregation aggregation, Aggregation.Outcome outcome, Validation.Score current,
            java.util.function.Function<float[], Validation.Score> score, double maxF1Drop) {
        if (outcome.weights().isEmpty()) {
            return new Judged("too-few", null, "");
        }
        Validation.Score candidate = score.apply(outcome.weights().get());
        String losses = String.format(Locale.ROOT, "; held-out loss %.4f -> %.4f", current.loss(), candidate.loss());
        boolean passes = Validation.passes(candidate, current, maxF1Drop);
        aggregation.kept(outcome, passes);
        return new Judged(passes ? "new-version" : "not-valid", candidate, losses);
    }

    /** Refuses an initial model folder without saved_model.pb. */
    static void checkInitialModel(Path folder) throws java.io.IOException {
        if (!Files.isRegularFile(folder.resolve("saved_model.pb"))) {
            throw new java.io.IOException("initial.model.directory " + folder
                    + " holds no saved_model.pb (a trainable SavedModel, e.g. the build's edge-float/)");
        }
    }

    /** The invite of the round {@code state} opens: its settings and the global weights. */
    static byte[] invite(CoordinatorOptions options, RoundStore.State state, float[] global) {
        return FederatedMessages.encode(new FederatedMessages.Invite(state.round(), state.version(),
                state.deadlineMillis(), options.localSteps(), options.batchSize(), options.learningRate(),
                (float) options.clip(), (float) options.noise(), options.model(), global));
    }
}
