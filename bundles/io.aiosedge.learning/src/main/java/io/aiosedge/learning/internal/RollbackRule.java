package io.aiosedge.learning.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * When a gateway goes back to the model version it served before a swap. Every answer of the edge model counts as
 * one outcome, a disagreement when joint inference escalated it and the cloud model's class differs from the edge
 * model's. Before a swap the rule keeps the last {@code window} outcomes; at the swap their disagreement rate is the
 * baseline. After the swap it counts the next {@code window} outcomes and says {@link Verdict#ROLL_BACK} as soon as
 * their disagreements exceed {@code (baseline + margin) · window} (the rate cannot come back under the limit by the
 * end of the window, so waiting longer would only serve more wrong answers), else {@link Verdict#KEEP} at the end of
 * the window. A swap before any outcome was seen has a baseline of 0.
 *
 * <p>A swap that replaces a version not judged to the end (still judged, or judged worse and not rolled back yet)
 * keeps the baseline: the outcomes since the last swap are of the replaced version, not of the last one kept. A
 * rollback ({@link #reset}) gives back the window before the swap, the outcomes of the version that serves again, so
 * the next swap is judged against it at once.
 *
 * <p>Not thread-safe: the caller serialises calls.
 */
final class RollbackRule {

    /** What one outcome decided. */
    enum Verdict {
        /** No swap is being judged, or the window after it is not full yet. */
        WATCHING,
        /** The window after the swap is full and its rate is within the limit: the new version stays. */
        KEEP,
        /** The rate after the swap is above the limit: go back. */
        ROLL_BACK
    }

    private static final String STATE_FORMAT = "rule/1";

    private final int window;
    private final double margin;
    private final Deque<Boolean> recent = new ArrayDeque<>();
    private int recentDisagreements;
    /** The last {@code window} outcomes before the swap being judged (those of the version before it). */
    private Deque<Boolean> beforeSwap = new ArrayDeque<>();
    private int beforeSwapDisagreements;
    private boolean judging;
    /** The last verdict was {@link Verdict#ROLL_BACK} and neither {@link #reset} nor a swap followed. */
    private boolean rollBackPending;
    private double baseline;
    private int afterOutcomes;
    private int afterDisagreements;

    /**
     * @param window outcomes before a swap that make the baseline, and after it that are judged (10-1,000,000)
     * @param margin how far above the baseline the rate after the swap may rise, 0..1
     */
    RollbackRule(int window, double margin) {
        if (window < 10 || window > 1_000_000) {
            throw new IllegalArgumentException("rollback.window must be within 10..1000000: " + window);
        }
        if (!(margin >= 0 && margin <= 1)) {
            throw new IllegalArgumentException("rollback.margin must be within 0..1: " + margin);
        }
        this.window = window;
        this.margin = margin;
    }

    /**
     * A swap happened: the outcomes so far are the baseline, the next ones are judged. When the replaced version was
     * not judged to the end ({@link #settled()} false), the baseline stays that of the version before it.
     */
    void swapped() {
        if (settled()) {
            baseline = recent.isEmpty() ? 0 : recentDisagreements / (double) recent.size();
            beforeSwap = new ArrayDeque<>(recent);
            beforeSwapDisagreements = recentDisagreements;
        }
        judging = true;
        rollBackPending = false;
        afterOutcomes = 0;
        afterDisagreements = 0;
        recent.clear();
        recentDisagreements = 0;
    }

    /**
     * The last swap was undone (rolled back by hand or by this rule): back to watching, with the window before that
     * swap (the outcomes of the version that serves again) as the recent outcomes.
     */
    void reset() {
        judging = false;
        rollBackPending = false;
        recent.clear();
        recent.addAll(beforeSwap);
        recentDisagreements = beforeSwapDisagreements;
    }

    /** @return whether no swap waits for a verdict or for its rollback (the serving version was kept or never swapped) */
    boolean settled() {
        return !judging && !rollBackPending;
    }

    Verdict record(boolean disagreed) {
        recent.addLast(disagreed);
        recentDisagreements += disagreed ? 1 : 0;
        if (recent.size() > window) {
            recentDisagreements -= recent.removeFirst() ? 1 : 0;
        }
        if (!judging) {
            return Verdict.WATCHING;
        }
        afterOutcomes++;
        afterDisagreements += disagreed ? 1 : 0;
        if (afterDisagreements > limit() * window) {
            judging = false;
            rollBackPending = true;
            return Verdict.ROLL_BACK;
        }
        if (afterOutcomes >= window) {
            judging = false;
            return Verdict.KEEP;
        }
        return Verdict.WATCHING;
    }

    /** @return the highest disagreement rate the window after a swap may have */
    double limit() {
        return baseline + margin;
    }

    boolean judging() {
        return judging;
    }

    double baseline() {
        return baseline;
    }

    /** @return the disagreement rate of the outcomes since the swap (NaN before the first) */
    double rateSinceSwap() {
        return afterOutcomes == 0 ? Double.NaN : afterDisagreements / (double) afterOutcomes;
    }

    int outcomesSinceSwap() {
        return afterOutcomes;
    }

    /** @return the disagreement rate over the last {@code window} outcomes (NaN before the first) */
    double recentRate() {
        return recent.isEmpty() ? Double.NaN : recentDisagreements / (double) recent.size();
    }

    int window() {
        return window;
    }

    /** @return the rule's state as one line of text, for {@link #restore} after a restart */
    String save() {
        return String.join(" ", STATE_FORMAT, bits(recent), bits(beforeSwap), judging ? "1" : "0",
                rollBackPending ? "1" : "0", Double.toString(baseline), Integer.toString(afterOutcomes),
                Integer.toString(afterDisagreements));
    }

    /**
     * Takes back a state {@link #save} wrote (with this rule's window: the oldest outcomes of a longer saved window
     * are dropped).
     *
     * @throws IllegalArgumentException naming what is wrong with the text
     */
    void restore(String state) {
        String[] parts = state.trim().split(" ");
        if (parts.length != 8 || !parts[0].equals(STATE_FORMAT)) {
            throw new IllegalArgumentException("not a rule state of format " + STATE_FORMAT + " (8 fields): '"
                    + (state.length() > 60 ? state.substring(0, 60) + "…" : state) + "'");
        }
        Deque<Boolean> recentRead = outcomes(parts[1], "recent outcomes");
        Deque<Boolean> beforeRead = outcomes(parts[2], "outcomes before the swap");
        boolean judgingRead = flag(parts[3], "judging");
        boolean pendingRead = flag(parts[4], "rollback pending");
        double baselineRead;
        int outcomesRead;
        int disagreementsRead;
        try {
            baselineRead = Double.parseDouble(parts[5]);
            outcomesRead = Integer.parseInt(parts[6]);
            disagreementsRead = Integer.parseInt(parts[7]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("baseline, outcomes and disagreements since the swap must be numbers: '"
                    + parts[5] + " " + parts[6] + " " + parts[7] + "'");
        }
        if (!(baselineRead >= 0 && baselineRead <= 1) || outcomesRead < 0 || disagreementsRead < 0
                || disagreementsRead > outcomesRead) {
            throw new IllegalArgumentException("baseline must be within 0..1 and 0 <= disagreements <= outcomes: '"
                    + parts[5] + " " + parts[6] + " " + parts[7] + "'");
        }
        recent.clear();
        recent.addAll(recentRead);
        recentDisagreements = count(recent);
        beforeSwap = beforeRead;
        beforeSwapDisagreements = count(beforeSwap);
        judging = judgingRead;
        rollBackPending = pendingRead;
        baseline = baselineRead;
        afterOutcomes = outcomesRead;
        afterDisagreements = disagreementsRead;
    }

    private static String bits(Deque<Boolean> outcomes) {
        StringBuilder text = new StringBuilder(outcomes.size() + 1);
        for (boolean disagreed : outcomes) {
            text.append(disagreed ? '1' : '0');
        }
        return text.length() == 0 ? "-" : text.toString();
    }

    private Deque<Boolean> outcomes(String bits, String what) {
        Deque<Boolean> out = new ArrayDeque<>();
        if (bits.equals("-")) {
            return out;
        }
        for (int i = 0; i < bits.length(); i++) {
            char c = bits.charAt(i);
            if (c != '0' && c != '1') {
                throw new IllegalArgumentException(what + " must be 0s and 1s (or -): '" + c + "' at " + i);
            }
            out.addLast(c == '1');
            if (out.size() > window) {
                out.removeFirst();
            }
        }
        return out;
    }

    private static boolean flag(String text, String what) {
        if (!text.equals("0") && !text.equals("1")) {
            throw new IllegalArgumentException(what + " must be 0 or 1: '" + text + "'");
        }
        return text.equals("1");
    }

    private static int count(Deque<Boolean> outcomes) {
        int n = 0;
        for (boolean disagreed : outcomes) {
            n += disagreed ? 1 : 0;
        }
        return n;
    }

    double margin() {
        return margin;
    }
}
