package io.aiosedge.federated.internal;

import io.aiosedge.models.learning.BinaryScores;
import io.aiosedge.models.learning.TrainableModel;

/**
 * The check an aggregated model passes before it becomes the global model: its answers on the held-out windows
 * are finite probabilities and its F1 there is at most {@code maxDrop} below the current global model's.
 */
public final class Validation {

    /** @param f1 held-out F1 (NaN when the answers were not finite) @param finite whether every answer was */
    public record Score(double f1, boolean finite) {
    }

    private Validation() {
    }

    /** Scores {@code weights} on the held-out data (the model's weights are replaced). */
    public static Score score(TrainableModel model, float[] weights, LabelledData heldOut) {
        model.setWeights(WeightVector.unflatten(weights, model.shapes()));
        float[] p = model.predict(heldOut.windows());
        for (float v : p) {
            if (!Float.isFinite(v) || v < 0 || v > 1) {
                return new Score(Double.NaN, false);
            }
        }
        return new Score(BinaryScores.of(p, heldOut.labels(), 0.5f).f1(), true);
    }

    /** @return whether the candidate may replace the current model */
    public static boolean passes(Score candidate, Score current, double maxDrop) {
        if (!candidate.finite()) {
            return false;
        }
        return !current.finite() || Double.isNaN(current.f1()) || candidate.f1() >= current.f1() - maxDrop;
    }
}
