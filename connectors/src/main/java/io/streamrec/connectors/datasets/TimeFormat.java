package io.streamrec.connectors.datasets;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * The text form of a time column: epoch seconds, epoch milliseconds, ISO-8601, automatic choice
 * between the two epoch units, or a {@link DateTimeFormatter} pattern.
 *
 * <p>Text without an offset or zone is read in the given zone. Every parsed time is checked
 * against the range of {@link EventTimes}.
 */
final class TimeFormat {
    static final String EPOCH_SECONDS = "epoch-seconds";
    static final String EPOCH_MILLIS = "epoch-millis";
    static final String ISO_8601 = "iso-8601";
    static final String AUTO = "auto";

    /**
     * Epoch values below this are read as seconds by {@link #AUTO}, values from it up as
     * milliseconds. 10^11 seconds is the year 5138, 10^11 milliseconds is March 1973, and both
     * are outside the accepted range, so no accepted time is ambiguous.
     */
    private static final double AUTO_MILLIS_THRESHOLD = 1e11;

    private enum Kind { SECONDS, MILLIS, AUTO, FORMATTER }

    private final Kind kind;
    private final DateTimeFormatter formatter;
    private final ZoneId zone;
    private final String description;

    private TimeFormat(Kind kind, DateTimeFormatter formatter, ZoneId zone, String description) {
        this.kind = kind;
        this.formatter = formatter;
        this.zone = zone;
        this.description = description;
    }

    static TimeFormat epochSeconds() {
        return new TimeFormat(Kind.SECONDS, null, null, EPOCH_SECONDS);
    }

    static TimeFormat epochMillis() {
        return new TimeFormat(Kind.MILLIS, null, null, EPOCH_MILLIS);
    }

    /** Returns a format for a {@link DateTimeFormatter} pattern; text without a zone is read in {@code zone}. */
    static TimeFormat pattern(String pattern, ZoneId zone) {
        DateTimeFormatter formatter = DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
        return new TimeFormat(Kind.FORMATTER, formatter, zone, "pattern '" + pattern + "' in " + zone);
    }

    /**
     * Parses a format spec: {@value #EPOCH_SECONDS}, {@value #EPOCH_MILLIS}, {@value #ISO_8601},
     * {@value #AUTO}, or otherwise a {@link DateTimeFormatter} pattern.
     *
     * @throws IllegalArgumentException when the spec is not a name and not a valid pattern
     */
    static TimeFormat parse(String spec, ZoneId zone) {
        switch (spec.trim().toLowerCase(Locale.ROOT)) {
            case EPOCH_SECONDS:
                return epochSeconds();
            case EPOCH_MILLIS:
                return epochMillis();
            case AUTO:
                return new TimeFormat(Kind.AUTO, null, null, AUTO);
            case ISO_8601:
                return new TimeFormat(Kind.FORMATTER, DateTimeFormatter.ISO_DATE_TIME, zone, ISO_8601 + " in " + zone);
            default:
                return pattern(spec, zone);
        }
    }

    /** Parses one time value, rejecting text that does not match and times out of range. */
    Instant toInstant(String value, String field) throws RowRejectedException {
        String trimmed = Fields.require(value, field);
        switch (kind) {
            case SECONDS:
                return EventTimes.fromEpochSeconds(trimmed, field);
            case MILLIS:
                return EventTimes.fromEpochMillis(trimmed, field);
            case AUTO:
                return Fields.parseDecimal(trimmed, field) < AUTO_MILLIS_THRESHOLD
                        ? EventTimes.fromEpochSeconds(trimmed, field)
                        : EventTimes.fromEpochMillis(trimmed, field);
            default:
                return EventTimes.checkRange(parseText(trimmed, field), field, trimmed);
        }
    }

    private Instant parseText(String text, String field) throws RowRejectedException {
        TemporalAccessor parsed;
        try {
            parsed = formatter.parseBest(text, ZonedDateTime::from, LocalDateTime::from, LocalDate::from);
        } catch (DateTimeException e) {
            throw Fields.invalid(field, text, "does not match " + description);
        }
        if (parsed instanceof ZonedDateTime) {
            return ((ZonedDateTime) parsed).toInstant();
        }
        if (parsed instanceof LocalDateTime) {
            return ((LocalDateTime) parsed).atZone(zone).toInstant();
        }
        return ((LocalDate) parsed).atStartOfDay(zone).toInstant();
    }

    @Override
    public String toString() {
        return description;
    }
}
