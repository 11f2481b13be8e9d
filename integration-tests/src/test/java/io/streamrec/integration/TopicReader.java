package io.streamrec.integration;

import io.streamrec.connectors.codec.AvroCodec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads a topic from the beginning with {@code isolation.level=read_committed} and no consumer
 * group, for checking a job's output.
 *
 * <p>{@link #read} polls until at least the expected number of records arrived or the timeout
 * passed, then keeps polling for a settle time, so that records beyond the expected count are seen
 * and an exact count can be asserted. {@link #readToEnd} reads every record committed when it starts.
 */
public final class TopicReader {

    private final Properties consumerProperties;

    public TopicReader(Properties clientProperties) {
        this.consumerProperties = new Properties();
        consumerProperties.putAll(clientProperties);
        consumerProperties.put("isolation.level", "read_committed");
        consumerProperties.put("enable.auto.commit", "false");
        consumerProperties.put("key.deserializer", ByteArrayDeserializer.class.getName());
        consumerProperties.put("value.deserializer", ByteArrayDeserializer.class.getName());
    }

    /**
     * Returns every record of {@code topic} read until {@code expected} records arrived (or
     * {@code timeout} passed) plus {@code settle}.
     *
     * @throws IllegalStateException if the topic does not exist
     */
    public List<ConsumerRecord<byte[], byte[]>> read(String topic, int expected, Duration timeout, Duration settle) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("Topic " + topic + " not found");
            }
            List<TopicPartition> assigned = new ArrayList<>();
            for (PartitionInfo partition : partitions) {
                assigned.add(new TopicPartition(topic, partition.partition()));
            }
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);

            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            long settleEnd = System.nanoTime() + settle.toNanos();
            while (System.nanoTime() < settleEnd) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /**
     * Returns every record of {@code topic} up to the end offsets at the start of the call: with
     * {@code read_committed} these are the last stable offsets, so the result contains every record
     * committed by then.
     *
     * @throws IllegalStateException if the topic does not exist, or the end is not reached within
     *     {@code timeout}
     */
    public List<ConsumerRecord<byte[], byte[]>> readToEnd(String topic, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("Topic " + topic + " not found");
            }
            List<TopicPartition> assigned = new ArrayList<>();
            for (PartitionInfo partition : partitions) {
                assigned.add(new TopicPartition(topic, partition.partition()));
            }
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> endOffsets = consumer.endOffsets(assigned, timeout);

            while (!reachedEnd(consumer, endOffsets)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Timed out after " + timeout + " reading " + topic
                            + " to its end offsets " + endOffsets + "; read " + records.size() + " records");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Reads like {@link #readToEnd} and decodes each value as an Avro single-object record of {@code type}. */
    public <T extends SpecificRecord> List<T> readValuesToEnd(String topic, Class<T> type, Duration timeout) {
        List<T> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : readToEnd(topic, timeout)) {
            values.add(decode(type, record.value()));
        }
        return values;
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> endOffsets) {
        for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Reads like {@link #read} and decodes each value as an Avro single-object record of {@code type}. */
    public <T extends SpecificRecord> List<T> readValues(
            String topic, Class<T> type, int expected, Duration timeout, Duration settle) {
        List<T> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : read(topic, expected, timeout, settle)) {
            values.add(decode(type, record.value()));
        }
        return values;
    }

    /** Decodes one Avro single-object record; a record that fails to decode fails the test. */
    public static <T extends SpecificRecord> T decode(Class<T> type, byte[] value) {
        try {
            return AvroCodec.of(type).decode(value);
        } catch (IOException e) {
            throw new UncheckedIOException("Output record is not a valid " + type.getSimpleName(), e);
        }
    }
}
