package io.aiosedge.federated.internal;

import java.util.Optional;

/** Refuses an update holding NaN or an infinity: one such value would poison every average it joins. */
public final class FiniteCheck {

    private FiniteCheck() {
    }

    /** @return empty when every value is finite, else why not (the first bad index and value) */
    public static Optional<String> problem(float[] delta) {
        for (int i = 0; i < delta.length; i++) {
            if (!Float.isFinite(delta[i])) {
                return Optional.of("value " + i + " of " + delta.length + " is " + delta[i]);
            }
        }
        return Optional.empty();
    }
}
