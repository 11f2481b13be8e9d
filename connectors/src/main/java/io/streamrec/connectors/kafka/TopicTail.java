package io.streamrec.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.streamrec.connectors.codec.AvroCodec;
import io.streamrec.topics.TopicSpec;

/**
 * Prints the records of a topic as readable lines, decoding values by the topic's value schema in
 * the {@link TopicSpec} registry: Avro single-object records as Avro's JSON form, JSON values as
 * their text. A value that does not decode is printed as a short hex dump with the error, so the
 * tail never stops on a bad record.
 *
 * <p>The tail reads every partition with {@code isolation.level=read_committed} and no consumer
 * group, so it commits nothing and never disturbs the jobs' groups.
 */
public final class TopicTail {

    private static final Logger LOG = LoggerFactory.getLogger(TopicTail.class);

    /** Maximum characters of a JSON value printed per record. */
    static final int MAX_PRINTED = 4096;

    /** Maximum bytes of an undecodable value shown in hex. */
    static final int MAX_HEX_BYTES = 64;

    private final Properties consumerProperties;

    /**
     * @param clientProperties Kafka client properties, at least {@code bootstrap.servers}, such as
     *     {@link KafkaSettings#commonProperties()}
     */
    public TopicTail(Properties clientProperties) {
        this.consumerProperties = new Properties();
        consumerProperties.putAll(clientProperties);
        consumerProperties.remove("group.id");
        consumerProperties.putIfAbsent("isolation.level", "read_committed");
        consumerProperties.put("enable.auto.commit", "false");
        consumerProperties.put("key.deserializer", ByteArrayDeserializer.class.getName());
        consumerProperties.put("value.deserializer", ByteArrayDeserializer.class.getName());
    }

    /**
     * Reads {@code topic} and passes one line per record to {@code out}, until {@code maxRecords}
     * records were printed or {@code timeout} has passed since the start.
     *
     * @param spec the registry entry that sets the value format; null prints values as text or hex
     * @param fromBeginning start at the earliest offsets, otherwise at the end (new records only)
     * @return the number of records printed
     * @throws IllegalStateException if the topic does not exist
     */
    public long tail(
            String topic, TopicSpec spec, boolean fromBeginning, long maxRecords, Duration timeout,
            Consumer<String> out) {
        long printed = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("Topic " + topic + " not found at "
                        + consumerProperties.get("bootstrap.servers"));
            }
            List<TopicPartition> assigned = new ArrayList<>();
            for (PartitionInfo partition : partitions) {
                assigned.add(new TopicPartition(topic, partition.partition()));
            }
            consumer.assign(assigned);
            if (fromBeginning) {
                consumer.seekToBeginning(assigned);
            } else {
                consumer.seekToEnd(assigned);
            }

            while (printed < maxRecords) {
                long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
                if (remainingMillis <= 0) {
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(Math.min(remainingMillis, 500)))) {
                    out.accept(format(record, spec));
                    printed++;
                    if (printed >= maxRecords) {
                        break;
                    }
                }
            }
        }
        LOG.info("Printed {} records of topic {}", printed, topic);
        return printed;
    }

    /** Formats one record as {@code <partition>@<offset> key=<key> <value>}. */
    public static String format(ConsumerRecord<byte[], byte[]> record, TopicSpec spec) {
        String key = record.key() == null ? "null" : new String(record.key(), StandardCharsets.UTF_8);
        return record.partition() + "@" + record.offset() + " key=" + key + " " + formatValue(record.value(), spec);
    }

    /** Decodes a value by the spec's value schema and returns it as one line. */
    public static String formatValue(byte[] value, TopicSpec spec) {
        if (value == null) {
            return "null";
        }
        if (AvroCodec.isSingleObject(value)) {
            String schemaName = spec == null ? null : spec.valueSchema();
            if (schemaName == null) {
                return undecodable(value, "Avro record of unknown schema");
            }
            try {
                AvroCodec<? extends SpecificRecord> codec = AvroCodec.forSchemaName(schemaName);
                return codec.decode(value).toString();
            } catch (Exception e) {
                return undecodable(value, e.toString());
            }
        }
        String text = new String(value, StandardCharsets.UTF_8).strip();
        boolean jsonAccepted = spec == null || spec.valueFormat() == TopicSpec.ValueFormat.AVRO_OR_JSON;
        if (jsonAccepted && text.startsWith("{")) {
            String oneLine = text.replace('\n', ' ').replace('\r', ' ');
            return oneLine.length() <= MAX_PRINTED ? oneLine : oneLine.substring(0, MAX_PRINTED) + "...";
        }
        return undecodable(value, "neither Avro single-object" + (jsonAccepted ? " nor JSON" : ""));
    }

    private static String undecodable(byte[] value, String reason) {
        StringBuilder hex = new StringBuilder();
        int shown = Math.min(value.length, MAX_HEX_BYTES);
        for (int i = 0; i < shown; i++) {
            hex.append(String.format("%02x", value[i] & 0xFF));
        }
        return "<undecodable: " + reason + "; " + value.length + " bytes: " + hex + (shown < value.length ? "..." : "")
                + ">";
    }
}
