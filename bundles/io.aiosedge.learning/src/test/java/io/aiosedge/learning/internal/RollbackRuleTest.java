package io.aiosedge.learning.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.aiosedge.learning.internal.RollbackRule.Verdict;

class RollbackRuleTest {

    /** Feeds {@code n} outcomes of which every {@code every}-th is a disagreement; returns the last verdict. */
    private static Verdict feed(RollbackRule rule, int n, int every) {
        Verdict last = Verdict.WATCHING;
        for (int i = 1; i <= n; i++) {
            last = rule.record(every > 0 && i % every == 0);
            if (last != Verdict.WATCHING) {
                return last;
            }
        }
        return last;
    }

    @Test
    void aRateAboveTheBaselineByMoreThanTheMarginRollsBack() {
        RollbackRule rule = new RollbackRule(100, 0.05);
        feed(rule, 300, 10); // 10 % before
        rule.swapped();
        assertThat(rule.baseline()).isEqualTo(0.10);
        assertThat(rule.limit()).isEqualTo(0.15000000000000002);

        int outcomes = 0;
        Verdict verdict = Verdict.WATCHING;
        while (verdict == Verdict.WATCHING) {
            verdict = rule.record(++outcomes % 4 == 0); // 25 % after
        }
        assertThat(verdict).isEqualTo(Verdict.ROLL_BACK);
        // decided as soon as 16 disagreements (> 0.15 x 100) were seen, not at the end of the window
        assertThat(outcomes).isEqualTo(64);
        assertThat(rule.judging()).isFalse();
    }

    @Test
    void aRateWithinTheMarginKeepsTheNewVersionAtTheEndOfTheWindow() {
        RollbackRule rule = new RollbackRule(100, 0.05);
        feed(rule, 100, 10);
        rule.swapped();
        assertThat(feed(rule, 99, 8)).isEqualTo(Verdict.WATCHING); // 12.5 %, under 15 %
        assertThat(rule.outcomesSinceSwap()).isEqualTo(99);
        assertThat(rule.record(false)).isEqualTo(Verdict.KEEP);
        assertThat(rule.judging()).isFalse();
        assertThat(feed(rule, 500, 2)).as("no swap judged now").isEqualTo(Verdict.WATCHING);
    }

    @Test
    void exactlyAtTheLimitIsKept() {
        RollbackRule rule = new RollbackRule(20, 0.25);
        feed(rule, 20, 0); // baseline 0
        rule.swapped();
        assertThat(feed(rule, 20, 4)).isEqualTo(Verdict.KEEP); // 5 of 20 = 0.25, not above
        RollbackRule other = new RollbackRule(20, 0.25);
        feed(other, 20, 0);
        other.swapped();
        assertThat(feed(other, 20, 3)).isEqualTo(Verdict.ROLL_BACK); // 6 of 20
    }

    @Test
    void theBaselineIsTheLastWindowBeforeTheSwap() {
        RollbackRule rule = new RollbackRule(50, 0.1);
        feed(rule, 500, 1); // everything disagreed long ago
        feed(rule, 50, 0); // the last 50 agreed
        rule.swapped();
        assertThat(rule.baseline()).isZero();
        assertThat(feed(rule, 50, 5)).as("20 % after 0 % + margin 10 %").isEqualTo(Verdict.ROLL_BACK);
    }

    @Test
    void aBetterVersionIsKept() {
        RollbackRule rule = new RollbackRule(100, 0.0);
        feed(rule, 100, 5); // 20 %
        rule.swapped();
        assertThat(feed(rule, 100, 10)).isEqualTo(Verdict.KEEP); // 10 %
    }

    @Test
    void resetStopsJudging() {
        RollbackRule rule = new RollbackRule(10, 0);
        rule.swapped();
        rule.reset();
        assertThat(feed(rule, 10, 1)).isEqualTo(Verdict.WATCHING);
    }

    @Test
    void afterARollbackTheNextSwapIsJudgedAgainstTheVersionServingAgain() {
        RollbackRule rule = new RollbackRule(100, 0.1);
        feed(rule, 100, 5); // 20 % before
        rule.swapped();
        assertThat(feed(rule, 100, 2)).isEqualTo(Verdict.ROLL_BACK); // 50 % after
        assertThat(rule.settled()).as("until the rollback is done").isFalse();
        rule.reset();
        assertThat(rule.settled()).isTrue();
        assertThat(rule.recentRate()).as("the window of the version serving again").isEqualTo(0.20);
        rule.swapped(); // a new version at once: judged against that window, not against none (baseline 0)
        assertThat(rule.baseline()).isEqualTo(0.20);
        assertThat(feed(rule, 100, 4)).as("25 %, within 20 % + 10 %").isEqualTo(Verdict.KEEP);
    }

    @Test
    void aSwapBeforeTheLastOneWasJudgedKeepsTheBaselineOfTheVersionBeforeIt() {
        RollbackRule rule = new RollbackRule(100, 0.3);
        feed(rule, 100, 10); // 10 % with the version kept
        rule.swapped();
        assertThat(feed(rule, 40, 2)).isEqualTo(Verdict.WATCHING); // 50 %, 20 of 40 allowed up to 40
        rule.swapped();
        assertThat(rule.baseline()).as("not the 50 % of the replaced version").isEqualTo(0.10);
        assertThat(rule.outcomesSinceSwap()).isZero();
        assertThat(feed(rule, 100, 2)).isEqualTo(Verdict.ROLL_BACK);
        rule.swapped(); // also while its rollback is pending
        assertThat(rule.baseline()).isEqualTo(0.10);
        rule.reset();
        assertThat(rule.recentRate()).as("back to the kept version's window").isEqualTo(0.10);
    }

    @Test
    void aSavedStateIsTakenBackAsItWas() {
        RollbackRule rule = new RollbackRule(100, 0.1);
        feed(rule, 100, 5); // 20 %
        rule.swapped();
        feed(rule, 30, 2); // 50 % so far
        RollbackRule restored = new RollbackRule(100, 0.1);
        restored.restore(rule.save());
        assertThat(restored.save()).isEqualTo(rule.save());
        assertThat(restored.judging()).isTrue();
        assertThat(restored.baseline()).isEqualTo(0.20);
        assertThat(restored.outcomesSinceSwap()).isEqualTo(30);
        assertThat(feed(restored, 100, 2)).as("goes on where the saved one was").isEqualTo(Verdict.ROLL_BACK);
        assertThat(restored.outcomesSinceSwap()).isEqualTo(30 + 32); // 15 + 16 disagreements: over 0.3 x 100
        restored.reset();
        assertThat(restored.recentRate()).as("the window before the swap came back too").isEqualTo(0.20);

        RollbackRule shorter = new RollbackRule(10, 0.1);
        shorter.restore(rule.save());
        assertThat(shorter.recentRate()).as("the last 10 of the 30").isEqualTo(0.5);
    }

    @Test
    void aDamagedStateIsRefusedWithWhatIsWrong() {
        RollbackRule rule = new RollbackRule(10, 0.1);
        assertThatThrownBy(() -> rule.restore("rule/0 - - 0 0 0.0 0 0"))
                .hasMessage("not a rule state of format rule/1 (8 fields): 'rule/0 - - 0 0 0.0 0 0'");
        assertThatThrownBy(() -> rule.restore("rule/1 01x - 0 0 0.0 0 0"))
                .hasMessage("recent outcomes must be 0s and 1s (or -): 'x' at 2");
        assertThatThrownBy(() -> rule.restore("rule/1 - - 2 0 0.0 0 0")).hasMessage("judging must be 0 or 1: '2'");
        assertThatThrownBy(() -> rule.restore("rule/1 - - 1 0 0.5 3 4"))
                .hasMessage("baseline must be within 0..1 and 0 <= disagreements <= outcomes: '0.5 3 4'");
        assertThatThrownBy(() -> rule.restore("rule/1 - - 1 0 half 3 1"))
                .hasMessage("baseline, outcomes and disagreements since the swap must be numbers: 'half 3 1'");
        assertThat(rule.judging()).as("nothing taken from a refused state").isFalse();
    }

    @Test
    void boundsAreNamed() {
        assertThatThrownBy(() -> new RollbackRule(5, 0.1)).hasMessage("rollback.window must be within 10..1000000: 5");
        assertThatThrownBy(() -> new RollbackRule(10, 1.5)).hasMessage("rollback.margin must be within 0..1: 1.5");
    }
}
