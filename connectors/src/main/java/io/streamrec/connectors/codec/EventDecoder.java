package io.streamrec.connectors.codec;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.message.MissingSchemaException;

import io.streamrec.schemas.RejectedEvent;
import io.streamrec.schemas.StorefrontEvent;

/**
 * Decodes and validates raw input records into {@link StorefrontEvent}s. Never throws on input:
 * every record becomes either a valid event or a {@link RejectedEvent} with a {@link RejectReason},
 * a detail naming the field and value, the raw key and value (each cut to
 * {@link #MAX_RAW_BYTES}) and the record's source topic, partition and offset.
 *
 * <p>The value format is told by its first bytes: {@code 0xC3 0x01} is Avro single-object
 * encoding (decoded by {@link AvroCodec}, older writer schemas included); {@code '{'} after
 * optional whitespace and a UTF-8 byte order mark is JSON (parsed by {@link JsonEventParser}).
 * Anything else, and an empty or missing value, is UNDECODABLE. A decoded event is then checked
 * by {@link EventValidator}. An Avro event of type OTHER is valid.
 *
 * <p>Serializable for use inside Flink functions; the Avro codec is looked up on first use.
 */
public class EventDecoder implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Maximum number of raw key or value bytes copied into a {@link RejectedEvent}: 256 KiB. Key,
     * value and detail together then stay below the producer's default max.request.size of 1 MiB,
     * so the dead-letter sink can always send the rejection.
     */
    public static final int MAX_RAW_BYTES = 256 * 1024;

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final ValidationLimits limits;

    private transient AvroCodec<StorefrontEvent> codec;

    public EventDecoder() {
        this(ValidationLimits.defaults());
    }

    public EventDecoder(ValidationLimits limits) {
        this.limits = limits;
    }

    public ValidationLimits limits() {
        return limits;
    }

    /** Decodes a record, judging event times against the current wall-clock time. */
    public DecodeResult decode(RawRecord record) {
        return decode(record, System.currentTimeMillis());
    }

    /**
     * Decodes a record.
     *
     * @param nowMillis the current time in milliseconds since the epoch, the reference for the
     *     future skew bound and the rejection time
     */
    public DecodeResult decode(RawRecord record, long nowMillis) {
        if (record == null) {
            return DecodeResult.rejected(rejection(
                    new RawRecord("", -1, -1L, -1L, null, null), RejectReason.UNDECODABLE, "no record was given",
                    nowMillis));
        }
        try {
            StorefrontEvent event = parse(record.value);
            EventValidator.validate(event, limits, nowMillis);
            return DecodeResult.valid(event);
        } catch (InvalidEventException e) {
            return DecodeResult.rejected(rejection(record, e.reason(), e.detail(), nowMillis));
        } catch (RuntimeException e) {
            // A parser bug must not fail the job either; the record is kept in the dead-letter topic.
            return DecodeResult.rejected(rejection(
                    record, RejectReason.UNDECODABLE, "decoding failed: " + e, nowMillis));
        }
    }

    private StorefrontEvent parse(byte[] value) throws InvalidEventException {
        if (value == null || value.length == 0) {
            throw new InvalidEventException(RejectReason.UNDECODABLE, "record value is empty");
        }
        if (value.length > limits.maxRecordBytes()) {
            throw new InvalidEventException(
                    RejectReason.OVERSIZED_RECORD,
                    "record value has " + value.length + " bytes, more than the limit of "
                            + limits.maxRecordBytes());
        }
        if (value[0] == AvroCodec.MARKER_0 && value.length > 1 && value[1] == AvroCodec.MARKER_1) {
            return parseAvro(value);
        }
        int start = jsonStart(value);
        if (start >= 0) {
            return JsonEventParser.parse(value, start);
        }
        throw new InvalidEventException(
                RejectReason.UNDECODABLE,
                "record value is neither Avro single-object encoded (0xC3 0x01) nor a JSON object; first byte 0x"
                        + String.format("%02X", value[0] & 0xFF));
    }

    private StorefrontEvent parseAvro(byte[] value) throws InvalidEventException {
        if (codec == null) {
            codec = AvroCodec.of(StorefrontEvent.class);
        }
        try {
            return codec.decode(value);
        } catch (MissingSchemaException e) {
            throw new InvalidEventException(
                    RejectReason.UNDECODABLE,
                    "unknown Avro writer schema, fingerprint "
                            + Long.toHexString(AvroCodec.writerFingerprint(value))
                            + "; not a StorefrontEvent schema this decoder knows", e);
        } catch (IOException | AvroRuntimeException e) {
            throw new InvalidEventException(RejectReason.UNDECODABLE, "corrupt Avro record: " + e, e);
        }
    }

    /** Returns the index of the '{' that starts a JSON object, after BOM and whitespace, or -1. */
    private static int jsonStart(byte[] value) {
        int i = 0;
        if (value.length >= 3 && value[0] == UTF8_BOM[0] && value[1] == UTF8_BOM[1] && value[2] == UTF8_BOM[2]) {
            i = 3;
        }
        while (i < value.length && (value[i] == ' ' || value[i] == '\t' || value[i] == '\r' || value[i] == '\n')) {
            i++;
        }
        return i < value.length && value[i] == '{' ? i : -1;
    }

    /** Builds the dead-letter record for a rejected input record. */
    public static RejectedEvent rejection(RawRecord record, RejectReason reason, String detail, long nowMillis) {
        return RejectedEvent.newBuilder()
                .setReason(reason.name())
                .setDetail(detail)
                .setRawKey(truncated(record.key))
                .setRawValue(truncated(record.value))
                .setSourceTopic(record.topic == null ? "" : record.topic)
                .setSourcePartition(record.partition)
                .setSourceOffset(record.offset)
                .setRejectedAt(Instant.ofEpochMilli(nowMillis))
                .build();
    }

    private static ByteBuffer truncated(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        return ByteBuffer.wrap(bytes.length <= MAX_RAW_BYTES ? bytes : Arrays.copyOf(bytes, MAX_RAW_BYTES));
    }
}
