package io.streamrec.connectors.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * One Kafka record as read, before any decoding: where it came from and its key and value bytes.
 *
 * <p>This is what the raw Kafka source emits, so that parsing happens in a job operator where a
 * record that cannot be decoded goes to the dead-letter output instead of failing the source. It is
 * a Flink POJO (public no-argument constructor and public fields), so Flink serializes it without
 * Kryo.
 */
public class RawRecord {

    /** Topic the record was read from. */
    public String topic;

    /** Partition of the record; -1 where the record did not come from Kafka. */
    public int partition;

    /** Offset of the record in its partition; -1 where the record did not come from Kafka. */
    public long offset;

    /** Kafka record timestamp in milliseconds since the epoch, or -1 if the record has none. */
    public long timestamp;

    /** Key bytes, or null for a record without a key. */
    public byte[] key;

    /** Value bytes, or null for a tombstone. */
    public byte[] value;

    /** Creates an empty record, for Flink's POJO serializer. */
    public RawRecord() {}

    public RawRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RawRecord)) {
            return false;
        }
        RawRecord that = (RawRecord) o;
        return partition == that.partition
                && offset == that.offset
                && timestamp == that.timestamp
                && Objects.equals(topic, that.topic)
                && Arrays.equals(key, that.key)
                && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        int result = Objects.hash(topic, partition, offset, timestamp);
        result = 31 * result + Arrays.hashCode(key);
        return 31 * result + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "RawRecord{topic=" + topic
                + ", partition=" + partition
                + ", offset=" + offset
                + ", timestamp=" + timestamp
                + ", keyBytes=" + (key == null ? "null" : key.length)
                + ", valueBytes=" + (value == null ? "null" : value.length)
                + '}';
    }
}
