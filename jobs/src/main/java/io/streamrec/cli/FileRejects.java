package io.streamrec.cli;

import io.streamrec.connectors.codec.AvroCodec;
import io.streamrec.connectors.datasets.ParsedRow;
import io.streamrec.schemas.RejectedEvent;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes the rows of a dataset file that could not be parsed to the dead-letter topic, so that a
 * replay loses no row silently. The source topic is {@code file:<path>}, the partition -1 and the
 * offset the row's line number.
 */
final class FileRejects {

    private FileRejects() {}

    /** Sends every row and waits until the broker has them all; returns the count. */
    static long send(Properties clientProperties, String dlqTopic, String source, List<ParsedRow> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.put("key.serializer", ByteArraySerializer.class.getName());
        properties.put("value.serializer", ByteArraySerializer.class.getName());
        AvroCodec<RejectedEvent> codec = AvroCodec.of(RejectedEvent.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
            for (ParsedRow row : rows) {
                RejectedEvent rejection = RejectedEvent.newBuilder()
                        .setReason(row.reason().code())
                        .setDetail(row.detail() == null ? "" : row.detail())
                        .setRawValue(row.rawLine() == null ? null
                                : ByteBuffer.wrap(row.rawLine().getBytes(StandardCharsets.UTF_8)))
                        .setSourceTopic("file:" + source)
                        .setSourcePartition(-1)
                        .setSourceOffset(row.lineNumber())
                        .setRejectedAt(Instant.now())
                        .build();
                producer.send(new ProducerRecord<>(dlqTopic, codec.encode(rejection)));
            }
            producer.flush();
        }
        return rows.size();
    }
}
