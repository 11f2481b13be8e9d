package io.streamrec.connectors.datasets;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Conversion of epoch numbers to event times, and the accepted range of event times.
 *
 * <p>A time outside [{@link #MIN}, {@link #MAX}) is rejected with TIMESTAMP_OUT_OF_RANGE. The
 * range covers every public dataset read here (the oldest, MovieLens, starts in 1995) and catches
 * the usual unit mistakes: seconds read as milliseconds land in 1970, milliseconds read as
 * seconds land tens of thousands of years ahead.
 */
public final class EventTimes {
    /** The earliest accepted event time, inclusive: 1990-01-01T00:00:00Z. */
    public static final Instant MIN = Instant.parse("1990-01-01T00:00:00Z");
    /** The latest accepted event time, exclusive: 2100-01-01T00:00:00Z. */
    public static final Instant MAX = Instant.parse("2100-01-01T00:00:00Z");

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d+(\\.\\d*)?");
    private static final int MAX_EPOCH_DIGITS = 20;

    private EventTimes() {}

    /** Converts epoch seconds, with an optional decimal fraction, to an instant truncated to milliseconds. */
    static Instant fromEpochSeconds(String value, String field) throws RowRejectedException {
        String trimmed = Fields.require(value, field);
        if (!DECIMAL.matcher(trimmed).matches()) {
            throw Fields.invalid(field, trimmed, "is not a number of epoch seconds");
        }
        return fromMillis(scaledToMillis(trimmed, 3, field), field, trimmed);
    }

    /** Converts integral epoch milliseconds to an instant. */
    static Instant fromEpochMillis(String value, String field) throws RowRejectedException {
        String trimmed = Fields.require(value, field);
        if (!INTEGER.matcher(trimmed).matches()) {
            throw Fields.invalid(field, trimmed, "is not an integer number of epoch milliseconds");
        }
        return fromMillis(scaledToMillis(trimmed, 0, field), field, trimmed);
    }

    /** Rejects an instant outside [{@link #MIN}, {@link #MAX}) with TIMESTAMP_OUT_OF_RANGE. */
    static Instant checkRange(Instant time, String field, String value) throws RowRejectedException {
        if (time.isBefore(MIN) || !time.isBefore(MAX)) {
            throw outOfRange(field, value);
        }
        return time;
    }

    private static long scaledToMillis(String number, int shift, String field) throws RowRejectedException {
        if (number.length() > MAX_EPOCH_DIGITS + 2) {
            throw outOfRange(field, number);
        }
        try {
            return new BigDecimal(number)
                    .movePointRight(shift)
                    .setScale(0, RoundingMode.FLOOR)
                    .longValueExact();
        } catch (ArithmeticException e) {
            throw outOfRange(field, number);
        }
    }

    private static Instant fromMillis(long millis, String field, String value) throws RowRejectedException {
        if (millis < MIN.toEpochMilli() || millis >= MAX.toEpochMilli()) {
            throw outOfRange(field, value);
        }
        return Instant.ofEpochMilli(millis);
    }

    private static RowRejectedException outOfRange(String field, String value) {
        return new RowRejectedException(
                RejectReason.TIMESTAMP_OUT_OF_RANGE,
                field + " '" + Fields.shorten(value) + "' is outside the accepted range ["
                        + MIN + ", " + MAX + ")");
    }
}
