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
import java.util.Properties;

/**
 * Reads a topic from the beginning with {@code isolation.level=read_committed} and no consumer
 * group, for checking a job's output.
 *
 * <p>{@link #read} polls until at least the expected number of records arrived or the timeout
 * passed, then keeps polling for a settle time, so that records beyond the expected count are seen
 * and an exact count can be asserted.
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
