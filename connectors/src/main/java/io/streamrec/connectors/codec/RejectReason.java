package io.streamrec.connectors.codec;

/** Reason code of an input record sent to the dead-letter topic, written as its name. */
public enum RejectReason {
    /** The value is empty, neither Avro single-object nor a JSON object, or fails to parse. */
    UNDECODABLE,
    /** A required field is absent or null. */
    MISSING_FIELD,
    /** A field has a value out of its domain: a blank id, a negative price, a quantity below 1. */
    INVALID_FIELD,
    /** A JSON event type that is neither an {@code EventType} symbol nor a known alias. */
    UNKNOWN_EVENT_TYPE,
    /** The event time is before 1990-01-01 or too far after the current time. */
    TIMESTAMP_OUT_OF_RANGE,
    /** An id is longer than the configured maximum. */
    OVERSIZED_ID,
    /** The value is larger than the configured maximum. */
    OVERSIZED_RECORD
}
