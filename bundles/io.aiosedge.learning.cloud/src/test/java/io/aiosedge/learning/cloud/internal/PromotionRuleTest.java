package io.aiosedge.learning.cloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromotionRuleTest {

    private static Scores scores(double old, double fresh, double overall) {
        return new Scores(old, fresh, overall, 100, 50);
    }

    @Test
    void promotesOnlyWhenTheOverallGainReachesTheMargin() {
        PromotionRule rule = new PromotionRule(0.02, 1);
        Scores deployed = scores(0.80, 0.50, 0.70);

        PromotionRule.Decision above = rule.decide(scores(0.80, 0.60, 0.73), deployed);
        PromotionRule.Decision below = rule.decide(scores(0.80, 0.55, 0.71), deployed);
        PromotionRule.Decision worse = rule.decide(scores(0.80, 0.40, 0.60), deployed);

        assertThat(above.promote()).isTrue();
        assertThat(above.reason()).contains("0.730").contains("0.700").contains("+0.030");
        assertThat(below.promote()).isFalse();
        assertThat(below.reason()).contains("below the margin 0.020");
        assertThat(worse.promote()).isFalse();
    }

    @Test
    void aZeroMarginPromotesAnEqualVersionButNotAWorseOne() {
        PromotionRule rule = new PromotionRule(0, 1);
        assertThat(rule.decide(scores(0.8, 0.5, 0.7), scores(0.8, 0.5, 0.7)).promote()).isTrue();
        assertThat(rule.decide(scores(0.8, 0.5, 0.699), scores(0.8, 0.5, 0.7)).promote()).isFalse();
    }

    @Test
    void refusesAVersionThatForgotTheOldConditions() {
        PromotionRule rule = new PromotionRule(0.01, 0.05);
        Scores deployed = scores(0.85, 0.40, 0.70);

        PromotionRule.Decision forgot = rule.decide(scores(0.70, 0.95, 0.80), deployed);
        PromotionRule.Decision kept = rule.decide(scores(0.82, 0.90, 0.80), deployed);

        assertThat(forgot.promote()).isFalse();
        assertThat(forgot.reason()).contains("old-condition F1 fell from 0.850 to 0.700");
        assertThat(kept.promote()).isTrue();
    }

    @Test
    void withoutValidationWindowsNothingIsPromoted() {
        PromotionRule rule = new PromotionRule(0, 1);
        assertThat(rule.decide(new Scores(Double.NaN, Double.NaN, Double.NaN, 0, 0), scores(0.8, 0.5, 0.7)).promote())
                .isFalse();
    }

    @Test
    void boundsAreNamed() {
        assertThatThrownBy(() -> new PromotionRule(-0.1, 0)).hasMessage("promote.margin must be within 0..1: -0.1");
        assertThatThrownBy(() -> new PromotionRule(0, 2)).hasMessage("max.old.f1.drop must be within 0..1: 2.0");
    }
}
