package io.affinity.ingest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * ISO-8601 date-times with an offset, parsed fast in the shape every SDK sends
 * ({@code 2026-11-29T08:00:00.123Z}, {@code ...+01:00}); anything else goes to {@link DateTimeFormatter}, which
 * decides. {@code DateTimeFormatter} alone costs several microseconds an event, which the hot path cannot afford.
 */
final class IsoTime {

    private IsoTime() {}

    static Instant parse(String s) {
        Instant fast = parseCommon(s);
        return fast != null
                ? fast
                : OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant();
    }

    /** @return the instant, or null when the text is not in the common shape (the slow path then decides) */
    private static Instant parseCommon(String s) {
        int n = s.length();
        if (n < 20
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
            }
            int count = i - start;
            if (count == 0 || count > 9) {
                return null;
            }
            nanos = digits(s, start, count);
            for (int k = count; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if ((oh | om) < 0 || oh > 18 || om > 59) {
                return null;
            }
            offsetSeconds = (s.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return null;
        }
        try {
            ChronoField.MONTH_OF_YEAR.checkValidValue(month);
            ChronoField.HOUR_OF_DAY.checkValidValue(hour);
            ChronoField.MINUTE_OF_HOUR.checkValidValue(minute);
            ChronoField.SECOND_OF_MINUTE.checkValidValue(second);
            long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
            long epochSecond = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
            return Instant.ofEpochSecond(epochSecond, nanos);
        } catch (java.time.DateTimeException e) {
            throw new DateTimeParseException(e.getMessage(), s, 0);
        }
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int k = from; k < from + count; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
