package io.streamrec.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.streamrec.connectors.codec.AvroCodec;
import io.streamrec.connectors.codec.DecodeResult;
import io.streamrec.connectors.codec.EventDecoder;
import io.streamrec.connectors.codec.RawRecord;
import io.streamrec.connectors.codec.RecordKeys;
import io.streamrec.connectors.codec.TestEvents;
import io.streamrec.connectors.embedded.EmbeddedKafka;
import io.streamrec.schemas.StorefrontEvent;
import io.streamrec.topics.TopicSpec;

/**
 * A Flink job on a local MiniCluster that reads raw records with the source builder, decodes them
 * and writes the valid events with an exactly-once sink, against the embedded broker.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KafkaPipelineTest {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.start();
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            admin.createTopics(List.of(new NewTopic("in", 1, (short) 1), new NewTopic("out", 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Keeps the valid events; the job's parse stage sends the rest to the dead-letter output. */
    private static final class ValidEvents implements FlatMapFunction<RawRecord, StorefrontEvent> {
        private final EventDecoder decoder = new EventDecoder();

        @Override
        public void flatMap(RawRecord record, Collector<StorefrontEvent> out) {
            DecodeResult result = decoder.decode(record);
            if (result.isValid()) {
                out.collect(result.event());
            }
        }
    }

    @Test
    void exactlyOnceSinkCommitsDecodedEvents() throws Exception {
        List<StorefrontEvent> events = new ArrayList<>();
        Properties props = kafka.clientProperties();
        props.put("key.serializer", ByteArraySerializer.class.getName());
        props.put("value.serializer", ByteArraySerializer.class.getName());
        // The events are of 2023; the decoder bounds only the future by the wall clock, so they pass.
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < 4; i++) {
                StorefrontEvent event = TestEvents.view("e" + i, "u" + i, "i" + i).build();
                events.add(event);
                byte[] value = AvroCodec.of(StorefrontEvent.class).encode(event);
                producer.send(new ProducerRecord<>("in", event.getUserId().getBytes(StandardCharsets.UTF_8), value));
            }
            producer.send(new ProducerRecord<>("in", null, "not an event".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }

        Configuration config = Configuration.fromMap(Map.of(
                "kafka.bootstrap-servers", kafka.bootstrapServers(),
                "kafka.group-id", "pipeline-test",
                "kafka.starting-offsets", "earliest",
                "kafka.transactional-id-prefix", "pipeline-test",
                "kafka.transaction-timeout", "1 min"));
        KafkaSettings settings = KafkaSettings.from(config);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(500);
        env.fromSource(
                        StreamrecKafka.rawSourceBuilder(settings, "in").setBounded(OffsetsInitializer.latest()).build(),
                        WatermarkStrategy.noWatermarks(), "raw events")
                .uid("raw-events")
                .flatMap(new ValidEvents())
                .name("decode")
                .uid("decode")
                .sinkTo(StreamrecKafka.avroSink(config, "out", StorefrontEvent.class, RecordKeys.eventUserId(),
                        DeliveryGuarantee.EXACTLY_ONCE))
                .name("events out")
                .uid("events-out");
        env.execute("kafka pipeline test");

        List<String> lines = new ArrayList<>();
        long printed = new TopicTail(kafka.clientProperties())
                .tail("out", TopicSpec.STOREFRONT_EVENTS, true, 10, Duration.ofSeconds(5), lines::add);

        assertEquals(4, printed, lines::toString);
        for (int i = 0; i < 4; i++) {
            assertTrue(lines.get(i).startsWith("0@"), lines.get(i));
            assertTrue(lines.get(i).contains(" key=u" + i + " "), lines.get(i));
            assertTrue(lines.get(i).endsWith(events.get(i).toString()), lines.get(i));
        }
    }
}
