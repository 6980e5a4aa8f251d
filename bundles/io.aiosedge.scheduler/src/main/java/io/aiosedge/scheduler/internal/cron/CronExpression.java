package io.aiosedge.scheduler.internal.cron;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;

/**
 * A cron expression: five fields {@code minute hour day-of-month month day-of-week} or six with seconds first.
 * Each field takes {@code *} (or {@code ?}), a value, a range {@code a-b}, a step {@code *}/{@code n} or
 * {@code a-b/n} or {@code a/n}, and comma-separated lists of those. Months accept JAN–DEC, days of week SUN–SAT
 * and 0–7 (0 and 7 are Sunday). As in classic cron, when both day-of-month and day-of-week are restricted a day
 * matching either one matches. Immutable.
 */
public final class CronExpression {

    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
            "NOV", "DEC"};
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
    /** How far ahead {@link #next} looks before concluding the expression never fires (e.g. 30 February). */
    private static final int MAX_YEARS = 5;

    private final String text;
    private final BitSet seconds;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean dayOfMonthRestricted;
    private final boolean dayOfWeekRestricted;

    private CronExpression(String text, String[] fields) {
        this.text = text;
        int offset = fields.length == 6 ? 1 : 0;
        this.seconds = offset == 1 ? parseField(fields[0], 0, 59, null, "second") : single(0);
        this.minutes = parseField(fields[offset], 0, 59, null, "minute");
        this.hours = parseField(fields[offset + 1], 0, 23, null, "hour");
        this.daysOfMonth = parseField(fields[offset + 2], 1, 31, null, "day of month");
        this.months = parseField(fields[offset + 3], 1, 12, MONTHS, "month");
        BitSet week = parseField(fields[offset + 4], 0, 7, DAYS, "day of week");
        if (week.get(7)) {
            week.set(0);
            week.clear(7);
        }
        this.daysOfWeek = week;
        this.dayOfMonthRestricted = !isWildcard(fields[offset + 2]);
        this.dayOfWeekRestricted = !isWildcard(fields[offset + 4]);
    }

    /** Parses an expression; an IllegalArgumentException names the field and the bad part. */
    public static CronExpression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("cron expression is empty");
        }
        String[] fields = text.trim().split("\\s+");
        if (fields.length != 5 && fields.length != 6) {
            throw new IllegalArgumentException("cron expression '" + text + "' has " + fields.length
                    + " fields; expected 5 (minute hour day month weekday) or 6 (second first)");
        }
        return new CronExpression(text.trim(), fields);
    }

    /** The first time strictly after {@code after} (truncated to whole seconds) that matches; null if none soon. */
    public ZonedDateTime next(ZonedDateTime after) {
        ZonedDateTime time = after.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        ZonedDateTime limit = after.plusYears(MAX_YEARS);
        while (time.isBefore(limit)) {
            if (!months.get(time.getMonthValue())) {
                time = time.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
                continue;
            }
            if (!dayMatches(time.toLocalDate())) {
                time = time.truncatedTo(ChronoUnit.DAYS).plusDays(1);
                continue;
            }
            if (!hours.get(time.getHour())) {
                time = time.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                continue;
            }
            if (!minutes.get(time.getMinute())) {
                time = time.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
                continue;
            }
            if (!seconds.get(time.getSecond())) {
                time = time.plusSeconds(1);
                continue;
            }
            return time;
        }
        return null;
    }

    private boolean dayMatches(LocalDate date) {
        boolean dom = daysOfMonth.get(date.getDayOfMonth());
        int weekday = date.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : date.getDayOfWeek().getValue();
        boolean dow = daysOfWeek.get(weekday);
        if (dayOfMonthRestricted && dayOfWeekRestricted) {
            return dom || dow;
        }
        return dom && dow;
    }

    @Override
    public String toString() {
        return text;
    }

    // ------------------------------------------------------------ parsing

    private static boolean isWildcard(String field) {
        return field.equals("*") || field.equals("?");
    }

    private static BitSet single(int value) {
        BitSet bits = new BitSet();
        bits.set(value);
        return bits;
    }

    private static BitSet parseField(String field, int min, int max, String[] names, String what) {
        BitSet bits = new BitSet(max + 1);
        for (String part : field.split(",", -1)) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException(what + " field '" + field + "' has an empty list element");
            }
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(part.substring(slash + 1), what, part);
                if (step < 1) {
                    throw new IllegalArgumentException(what + " step in '" + part + "' must be >= 1");
                }
            }
            int from;
            int to;
            if (range.equals("*") || range.equals("?")) {
                from = min;
                to = max;
            } else {
                int dash = range.indexOf('-');
                if (dash > 0) {
                    from = value(range.substring(0, dash), names, what, part);
                    to = value(range.substring(dash + 1), names, what, part);
                } else {
                    from = value(range, names, what, part);
                    to = slash >= 0 ? max : from;
                }
            }
            if (from < min || to > max || from > to) {
                throw new IllegalArgumentException(what + " '" + part + "' is outside " + min + "-" + max
                        + " or an empty range");
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int value(String token, String[] names, String what, String part) {
        if (names != null) {
            String upper = token.toUpperCase(Locale.ROOT);
            for (int k = 0; k < names.length; k++) {
                if (names[k].equals(upper)) {
                    return names == MONTHS ? k + 1 : k;
                }
            }
        }
        return number(token, what, part);
    }

    private static int number(String token, String what, String part) {
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + part + "': '" + token + "' is not a number", e);
        }
    }
}
