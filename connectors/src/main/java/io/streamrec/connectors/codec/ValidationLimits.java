package io.streamrec.connectors.codec;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Bounds an input event must respect. Immutable; the {@code with...} methods return a copy.
 *
 * <p>Event times are accepted from {@link #MIN_EVENT_TIME} (1990-01-01) on, however old, so that
 * replays of historical datasets pass, and up to {@link #maxFutureSkew()} after the current time.
 */
public final class ValidationLimits implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Earliest accepted event time. */
    public static final Instant MIN_EVENT_TIME = Instant.parse("1990-01-01T00:00:00Z");

    public static final ConfigOption<Integer> MAX_ID_LENGTH =
            ConfigOptions.key("validation.max-id-length")
                    .intType()
                    .defaultValue(256)
                    .withDescription("Maximum length in characters of an event, user, session, item or category id. "
                            + "Longer ids are rejected as OVERSIZED_ID.");

    public static final ConfigOption<MemorySize> MAX_RECORD_SIZE =
            ConfigOptions.key("validation.max-record-size")
                    .memoryType()
                    .defaultValue(MemorySize.parse("1mb"))
                    .withDescription("Maximum size of an input record value. Larger values are rejected as OVERSIZED_RECORD.");

    public static final ConfigOption<Duration> MAX_FUTURE_SKEW =
            ConfigOptions.key("validation.max-future-skew")
                    .durationType()
                    .defaultValue(Duration.ofDays(1))
                    .withDescription("How far after the current time an event time may lie. Later event times are "
                            + "rejected as TIMESTAMP_OUT_OF_RANGE; earlier ones are accepted back to 1990-01-01.");

    private final int maxIdLength;
    private final long maxRecordBytes;
    private final long maxFutureSkewMillis;

    private ValidationLimits(int maxIdLength, long maxRecordBytes, long maxFutureSkewMillis) {
        if (maxIdLength < 1) {
            throw new IllegalArgumentException(
                    "Invalid " + MAX_ID_LENGTH.key() + " " + maxIdLength + ": must be at least 1");
        }
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException(
                    "Invalid " + MAX_RECORD_SIZE.key() + " " + maxRecordBytes + " bytes: must be at least 1");
        }
        if (maxFutureSkewMillis < 0) {
            throw new IllegalArgumentException(
                    "Invalid " + MAX_FUTURE_SKEW.key() + " " + maxFutureSkewMillis + " ms: must not be negative");
        }
        this.maxIdLength = maxIdLength;
        this.maxRecordBytes = maxRecordBytes;
        this.maxFutureSkewMillis = maxFutureSkewMillis;
    }

    /** Returns the default limits: ids of 256 characters, values of 1 MiB, one day of future skew. */
    public static ValidationLimits defaults() {
        return new ValidationLimits(
                MAX_ID_LENGTH.defaultValue(),
                MAX_RECORD_SIZE.defaultValue().getBytes(),
                MAX_FUTURE_SKEW.defaultValue().toMillis());
    }

    /**
     * Reads the limits from the {@code validation.*} options.
     *
     * @throws IllegalArgumentException naming the option if a value is out of range
     */
    public static ValidationLimits fromConfig(ReadableConfig config) {
        return new ValidationLimits(
                config.get(MAX_ID_LENGTH),
                config.get(MAX_RECORD_SIZE).getBytes(),
                config.get(MAX_FUTURE_SKEW).toMillis());
    }

    public ValidationLimits withMaxIdLength(int characters) {
        return new ValidationLimits(characters, maxRecordBytes, maxFutureSkewMillis);
    }

    public ValidationLimits withMaxRecordBytes(long bytes) {
        return new ValidationLimits(maxIdLength, bytes, maxFutureSkewMillis);
    }

    public ValidationLimits withMaxFutureSkew(Duration skew) {
        return new ValidationLimits(maxIdLength, maxRecordBytes, skew.toMillis());
    }

    /** Maximum id length in characters. */
    public int maxIdLength() {
        return maxIdLength;
    }

    /** Maximum value size in bytes. */
    public long maxRecordBytes() {
        return maxRecordBytes;
    }

    /** Maximum distance of an event time after the current time. */
    public Duration maxFutureSkew() {
        return Duration.ofMillis(maxFutureSkewMillis);
    }

    @Override
    public String toString() {
        return "ValidationLimits{maxIdLength=" + maxIdLength
                + ", maxRecordBytes=" + maxRecordBytes
                + ", maxFutureSkew=" + maxFutureSkew() + '}';
    }
}
