package io.aiosedge.federated.internal;

import io.aiosedge.models.learning.BinaryScores;
import io.aiosedge.models.learning.ModelTrainer;
import io.aiosedge.models.learning.TrainableModel;

/**
 * The check an aggregated model passes before it becomes the global model: its answers on the held-out windows
 * are finite probabilities, and either its F1 there is at most {@code maxDrop} below the current global model's or
 * its held-out cross-entropy is lower. The loss clause keeps rounds from being refused for ever when the current
 * model scores its F1 by calling everything anomalous (an untrained model: 0.667 on balanced data), which a model
 * that starts to learn first falls below; a broken or poisoned model raises the loss and lowers the F1 and fails.
 */
public final class Validation {

    /**
     * @param f1 held-out F1 (NaN when the answers were not finite)
     * @param loss held-out mean cross-entropy, nats (NaN when not finite)
     * @param finite whether every answer was a finite probability
     */
    public record Score(double f1, double loss, boolean finite) {
    }

    private Validation() {
    }

    /** Scores {@code weights} on the held-out data (the model's weights are replaced). */
    public static Score score(TrainableModel model, float[] weights, LabelledData heldOut) {
        model.setWeights(WeightVector.unflatten(weights, model.shapes()));
        float[] p = model.predict(heldOut.windows());
        for (float v : p) {
            if (!Float.isFinite(v) || v < 0 || v > 1) {
                return new Score(Double.NaN, Double.NaN, false);
            }
        }
        float loss = model.loss(heldOut.windows(), ModelTrainer.hardTargets(heldOut.labels()));
        return new Score(BinaryScores.of(p, heldOut.labels(), 0.5f).f1(), Float.isFinite(loss) ? loss : Double.NaN,
                true);
    }

    /** @return whether the candidate may replace the current model */
    public static boolean passes(Score candidate, Score current, double maxDrop) {
        if (!candidate.finite()) {
            return false;
        }
        if (!current.finite() || Double.isNaN(current.f1())) {
            return true;
        }
        return candidate.f1() >= current.f1() - maxDrop || candidate.loss() < current.loss();
    }
}
