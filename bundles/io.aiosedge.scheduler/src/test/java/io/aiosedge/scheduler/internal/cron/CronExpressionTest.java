package io.aiosedge.scheduler.internal.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

class CronExpressionTest {

    private static final ZoneId UTC = ZoneOffset.UTC;

    private static ZonedDateTime at(String iso) {
        return ZonedDateTime.parse(iso + "Z").withZoneSameInstant(UTC);
    }

    private static ZonedDateTime next(String cron, String after) {
        return CronExpression.parse(cron).next(at(after));
    }

    @Test
    void everyMinuteFiresAtTheNextWholeMinute() {
        assertThat(next("* * * * *", "2026-03-01T10:15:42")).isEqualTo(at("2026-03-01T10:16:00"));
    }

    @Test
    void sixFieldsAddSecondsAndStepsWork() {
        assertThat(next("*/15 * * * * *", "2026-03-01T10:15:42")).isEqualTo(at("2026-03-01T10:15:45"));
        assertThat(next("*/15 * * * * *", "2026-03-01T10:15:45")).isEqualTo(at("2026-03-01T10:16:00"));
        assertThat(next("0 */20 * * * *", "2026-03-01T10:41:00")).isEqualTo(at("2026-03-01T11:00:00"));
    }

    @Test
    void rangesListsAndNames() {
        // 08:30 and 17:30 on weekdays.
        String cron = "30 8,17 * * MON-FRI";
        assertThat(next(cron, "2026-03-06T17:30:00")).isEqualTo(at("2026-03-09T08:30:00")); // Friday -> Monday
        assertThat(next("0 0 1 JAN,jul *", "2026-02-10T00:00:00")).isEqualTo(at("2026-07-01T00:00:00"));
        assertThat(next("0 12 * * 7", "2026-03-02T00:00:00")).isEqualTo(at("2026-03-08T12:00:00")); // 7 = Sunday
        assertThat(next("5-10/5 0 * * *", "2026-03-02T00:05:00")).isEqualTo(at("2026-03-02T00:10:00"));
        assertThat(next("10/20 * * * *", "2026-03-02T00:31:00")).isEqualTo(at("2026-03-02T00:50:00"));
    }

    @Test
    void dayOfMonthAndDayOfWeekBothRestrictedMatchEither() {
        // The 13th, or any Friday: after Monday 2026-03-02 the first is Friday 6th.
        assertThat(next("0 0 13 * FRI", "2026-03-02T00:00:00")).isEqualTo(at("2026-03-06T00:00:00"));
        assertThat(next("0 0 13 * *", "2026-03-02T00:00:00")).isEqualTo(at("2026-03-13T00:00:00"));
    }

    @Test
    void leapDayAndImpossibleDates() {
        assertThat(next("0 0 29 2 *", "2026-03-01T00:00:00")).isEqualTo(at("2028-02-29T00:00:00"));
        assertThat(next("0 0 30 2 *", "2026-03-01T00:00:00")).isNull();
    }

    @Test
    void badExpressionsNameTheFieldAndPart() {
        assertThatThrownBy(() -> CronExpression.parse("* * *")).hasMessageContaining("3 fields");
        assertThatThrownBy(() -> CronExpression.parse("61 * * * *")).hasMessageContaining("minute '61'");
        assertThatThrownBy(() -> CronExpression.parse("* * * FOO *")).hasMessageContaining("month 'FOO'");
        assertThatThrownBy(() -> CronExpression.parse("*/0 * * * *")).hasMessageContaining("step");
        assertThatThrownBy(() -> CronExpression.parse("5-2 * * * *")).hasMessageContaining("empty range");
        assertThatThrownBy(() -> CronExpression.parse("1,,2 * * * *")).hasMessageContaining("empty list element");
    }
}
