package io.streamrec.connectors.codec;

import java.time.Instant;

import io.streamrec.schemas.StorefrontEvent;

/**
 * Checks a decoded {@link StorefrontEvent} against {@link ValidationLimits}. Shared by the
 * decoder in the job and by the replay producer, so both reject the same events for the same
 * reasons.
 */
public final class EventValidator {

    /** Maximum characters of a value quoted in a rejection detail; longer values are cut, with their length. */
    static final int MAX_QUOTED_CHARS = 80;

    private EventValidator() {}

    /**
     * Validates an event. Ids must be present, not blank and not longer than the limit. The price
     * must be finite and not negative, and the quantity at least 1. The event time must lie between
     * 1990-01-01 and the current time plus the allowed skew.
     *
     * @param nowMillis the current time in milliseconds since the epoch
     * @throws InvalidEventException with the first violated rule's reason and a detail naming the
     *     field and its value
     */
    public static void validate(StorefrontEvent event, ValidationLimits limits, long nowMillis)
            throws InvalidEventException {
        checkId("eventId", event.getEventId(), true, limits);
        checkId("userId", event.getUserId(), true, limits);
        checkId("itemId", event.getItemId(), true, limits);
        checkId("sessionId", event.getSessionId(), false, limits);
        checkId("category", event.getCategory(), false, limits);

        if (event.getEventType() == null) {
            throw new InvalidEventException(RejectReason.MISSING_FIELD, "field eventType is missing");
        }

        Double price = event.getPrice();
        if (price != null && (price < 0 || price.isNaN() || price.isInfinite())) {
            throw new InvalidEventException(
                    RejectReason.INVALID_FIELD, "field price is " + price + ", must be a finite number >= 0");
        }
        if (event.getQuantity() < 1) {
            throw new InvalidEventException(
                    RejectReason.INVALID_FIELD, "field quantity is " + event.getQuantity() + ", must be at least 1");
        }

        checkEventTime(event.getEventTime(), limits, nowMillis);
    }

    private static void checkId(String field, String value, boolean required, ValidationLimits limits)
            throws InvalidEventException {
        if (value == null) {
            if (required) {
                throw new InvalidEventException(RejectReason.MISSING_FIELD, "field " + field + " is missing");
            }
            return;
        }
        if (value.isBlank()) {
            throw new InvalidEventException(
                    RejectReason.INVALID_FIELD, "field " + field + " is blank: " + quote(value));
        }
        if (value.length() > limits.maxIdLength()) {
            throw new InvalidEventException(
                    RejectReason.OVERSIZED_ID,
                    "field " + field + " has " + value.length() + " characters, more than the limit of "
                            + limits.maxIdLength() + ": " + quote(value));
        }
    }

    private static void checkEventTime(Instant eventTime, ValidationLimits limits, long nowMillis)
            throws InvalidEventException {
        if (eventTime == null) {
            throw new InvalidEventException(RejectReason.MISSING_FIELD, "field eventTime is missing");
        }
        if (eventTime.isBefore(ValidationLimits.MIN_EVENT_TIME)) {
            String hint = looksLikeSeconds(eventTime) ? "; it looks like epoch seconds, but eventTime is in milliseconds" : "";
            throw new InvalidEventException(
                    RejectReason.TIMESTAMP_OUT_OF_RANGE,
                    "field eventTime is " + eventTime + ", before " + ValidationLimits.MIN_EVENT_TIME + hint);
        }
        Instant latest = Instant.ofEpochMilli(nowMillis).plus(limits.maxFutureSkew());
        if (eventTime.isAfter(latest)) {
            throw new InvalidEventException(
                    RejectReason.TIMESTAMP_OUT_OF_RANGE,
                    "field eventTime is " + eventTime + ", more than " + limits.maxFutureSkew()
                            + " after the current time " + Instant.ofEpochMilli(nowMillis));
        }
    }

    /** Returns whether a too-early event time would be in range if its milliseconds were seconds. */
    private static boolean looksLikeSeconds(Instant eventTime) {
        long millis = eventTime.toEpochMilli();
        return millis > 0 && millis < Long.MAX_VALUE / 1000
                && !Instant.ofEpochSecond(millis).isBefore(ValidationLimits.MIN_EVENT_TIME);
    }

    /** Quotes a value for a detail message, cutting it to {@link #MAX_QUOTED_CHARS}. */
    static String quote(String value) {
        if (value.length() <= MAX_QUOTED_CHARS) {
            return '"' + value + '"';
        }
        return '"' + value.substring(0, MAX_QUOTED_CHARS) + "\"... (" + value.length() + " characters)";
    }
}
