package io.streamrec.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.streamrec.connectors.codec.AvroCodec;
import io.streamrec.connectors.codec.RawRecord;
import io.streamrec.connectors.codec.RecordKeys;
import io.streamrec.connectors.codec.TestEvents;
import io.streamrec.schemas.Recommendation;
import io.streamrec.schemas.StorefrontEvent;
import io.streamrec.topics.TopicSpec;

class StreamrecKafkaTest {

    @Test
    void rawSourceBuildsFromDefaults() {
        KafkaSource<RawRecord> source = StreamrecKafka.rawSource(new Configuration(), "storefront-events");

        assertNotNull(source);
        assertInstanceOf(PojoTypeInfo.class, source.getProducedType());
    }

    @Test
    void rawSourceRejectsInvalidConfig() {
        Configuration config = Configuration.fromMap(Map.of("kafka.starting-offsets", "beginning"));

        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> StreamrecKafka.rawSource(config, "events"));
        assertTrue(error.getMessage().contains("kafka.starting-offsets"), error.getMessage());
    }

    @Test
    void blankTopicIsRejected() {
        Configuration config = new Configuration();

        assertThrows(IllegalArgumentException.class, () -> StreamrecKafka.rawSource(config, " "));
        assertThrows(IllegalArgumentException.class, () -> StreamrecKafka.avroSink(
                config, "", Recommendation.class, RecordKeys.recommendationUserId()));
    }

    @Test
    void sinksBuildForEveryGuarantee() {
        Configuration config = new Configuration();

        for (DeliveryGuarantee guarantee : DeliveryGuarantee.values()) {
            KafkaSink<Recommendation> sink = StreamrecKafka.avroSink(
                    config, "recommendations", Recommendation.class, RecordKeys.recommendationUserId(), guarantee);
            assertNotNull(sink, guarantee.toString());
        }
    }

    @Test
    void transactionalPrefixIncludesTopic() {
        KafkaSettings settings = KafkaSettings.from(
                Configuration.fromMap(Map.of("kafka.transactional-id-prefix", "recommend")));

        assertEquals("recommend-recommendation-metrics",
                StreamrecKafka.transactionalIdPrefix(settings, "recommendation-metrics"));
    }

    @Test
    void deserializerKeepsSourceCoordinates() {
        byte[] key = "u1".getBytes(StandardCharsets.UTF_8);
        byte[] value = {1, 2, 3};
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("events", 2, 17L, key, value);
        List<RawRecord> out = new ArrayList<>();

        new RawRecordDeserializer().deserialize(record, new Collector<>() {
            @Override
            public void collect(RawRecord raw) {
                out.add(raw);
            }

            @Override
            public void close() {}
        });

        assertEquals(1, out.size());
        assertEquals(new RawRecord("events", 2, 17L, record.timestamp(), key, value), out.get(0));
    }

    @Test
    void deserializerPassesNullValue() {
        ConsumerRecord<byte[], byte[]> tombstone = new ConsumerRecord<>("events", 0, 5L, null, null);
        List<RawRecord> out = new ArrayList<>();

        new RawRecordDeserializer().deserialize(tombstone, new Collector<>() {
            @Override
            public void collect(RawRecord raw) {
                out.add(raw);
            }

            @Override
            public void close() {}
        });

        assertEquals(1, out.size());
        assertNull(out.get(0).value);
    }

    @Test
    void serializerWritesKeyAndAvroValue() throws Exception {
        StorefrontEvent event = TestEvents.view().build();
        AvroRecordSerializer<StorefrontEvent> serializer =
                new AvroRecordSerializer<>("events", StorefrontEvent.class, RecordKeys.eventUserId());

        ProducerRecord<byte[], byte[]> record = serializer.serialize(event, null, 123L);

        assertEquals("events", record.topic());
        // The event-time timestamp is dropped, so the producer stamps the send time.
        assertNull(record.timestamp());
        assertArrayEquals("u1".getBytes(StandardCharsets.UTF_8), record.key());
        assertEquals(event, AvroCodec.of(StorefrontEvent.class).decode(record.value()));
    }

    @Test
    void serializerWithoutKeyWritesNullKey() {
        AvroRecordSerializer<StorefrontEvent> serializer =
                new AvroRecordSerializer<>("events", StorefrontEvent.class, RecordKeys.none());

        assertNull(serializer.serialize(TestEvents.view().build(), null, null).key());
    }

    @Test
    void topicNamesDefaultToRegistryAndOverride() {
        Configuration config = Configuration.fromMap(Map.of("topic.dlq", "my-dlq"));

        assertEquals("my-dlq", TopicOptions.name(config, TopicSpec.STOREFRONT_EVENTS_DLQ));
        Set<String> keys = new HashSet<>();
        for (TopicSpec spec : EnumSet.allOf(TopicSpec.class)) {
            keys.add(TopicOptions.option(spec).key());
            if (spec != TopicSpec.STOREFRONT_EVENTS_DLQ) {
                assertEquals(spec.defaultName(), TopicOptions.name(config, spec));
            }
        }
        assertEquals(Set.of("topic.events", "topic.dlq", "topic.item-catalog", "topic.recommendations",
                "topic.metrics", "topic.training-examples", "topic.model-updates"), keys);
    }

    @Test
    void blankTopicNameOptionIsInvalid() {
        Configuration config = Configuration.fromMap(Map.of("topic.events", " "));

        IllegalArgumentException error = assertThrows(
                IllegalArgumentException.class, () -> TopicOptions.name(config, TopicSpec.STOREFRONT_EVENTS));
        assertTrue(error.getMessage().contains("topic.events"), error.getMessage());
    }
}
