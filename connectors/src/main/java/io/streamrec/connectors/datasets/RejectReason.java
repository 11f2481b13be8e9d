package io.streamrec.connectors.datasets;

/**
 * The reason a dataset row could not be turned into an event. The names equal the reason codes of
 * {@code RejectedEvent.reason}, so a rejection can be forwarded to the dead-letter topic as is.
 */
public enum RejectReason {
    /** The line does not have the shape of the format: wrong column count, broken quoting, invalid JSON. */
    UNDECODABLE,
    /** A required value is empty or absent. */
    MISSING_FIELD,
    /** A value is present but invalid: not a number, a negative price, a date that does not parse. */
    INVALID_FIELD,
    /** The event-type value is not one the format maps to an {@code EventType}. */
    UNKNOWN_EVENT_TYPE,
    /** The event time lies outside the accepted range of {@link EventTimes}. */
    TIMESTAMP_OUT_OF_RANGE,
    /** A user, item or session id is longer than {@link Fields#MAX_ID_LENGTH} characters. */
    OVERSIZED_ID;

    /** Returns the code written to {@code RejectedEvent.reason}. */
    public String code() {
        return name();
    }
}
