package io.streamrec.connectors.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.streamrec.connectors.codec.AvroValueSerializer;
import io.streamrec.connectors.codec.KeyExtractor;

/**
 * Writes a generated Avro record to one topic: the key is the UTF-8 string from a
 * {@link KeyExtractor} (none where it returns null), the value Avro single-object encoded. The
 * Kafka timestamp is the record's Flink timestamp, where it has one.
 */
public class AvroRecordSerializer<T extends SpecificRecord> implements KafkaRecordSerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final KeyExtractor<T> keyExtractor;
    private final AvroValueSerializer<T> valueSerializer;

    public AvroRecordSerializer(String topic, Class<T> type, KeyExtractor<T> keyExtractor) {
        this.topic = topic;
        this.keyExtractor = keyExtractor;
        this.valueSerializer = new AvroValueSerializer<>(type);
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        valueSerializer.open(context);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        String key = keyExtractor.keyOf(element);
        byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        // No record timestamp: the producer stamps the send time. The element's timestamp is its
        // event time, which for a replayed dataset lies years back, and brokers roll, compact and
        // delete log segments by record timestamps, so old event times lost output records.
        return new ProducerRecord<>(topic, null, null, keyBytes, valueSerializer.serialize(element));
    }

    public String topic() {
        return topic;
    }
}
