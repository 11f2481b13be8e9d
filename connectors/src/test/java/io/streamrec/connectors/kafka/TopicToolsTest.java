package io.streamrec.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.streamrec.connectors.codec.AvroCodec;
import io.streamrec.connectors.codec.TestEvents;
import io.streamrec.connectors.embedded.EmbeddedKafka;
import io.streamrec.schemas.ItemUpdate;
import io.streamrec.schemas.StorefrontEvent;
import io.streamrec.topics.TopicSpec;

/** Topic creation and the tail, against the embedded broker. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TopicToolsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Returns a configuration for the test broker with a name prefix on every registry topic. */
    private static Configuration config(String prefix) {
        Map<String, String> values = new HashMap<>();
        values.put(KafkaOptions.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
        values.put(TopicOptions.PARTITIONS.key(), "2");
        for (TopicSpec spec : TopicSpec.values()) {
            values.put(TopicOptions.option(spec).key(), prefix + spec.defaultName());
        }
        return Configuration.fromMap(values);
    }

    private static void send(String topic, String key, byte[] value) throws Exception {
        Properties props = kafka.clientProperties();
        props.put("key.serializer", ByteArraySerializer.class.getName());
        props.put("value.serializer", ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(topic, 0, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void createsRegistryTopicsOnce() throws Exception {
        Configuration config = config("admin-");

        List<String> first = TopicAdmin.createRegistryTopics(config, TIMEOUT);
        List<String> second = TopicAdmin.createRegistryTopics(config, TIMEOUT);

        assertEquals(TopicSpec.values().length, first.size());
        assertEquals(List.of(), second);
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            for (TopicSpec spec : TopicSpec.values()) {
                String name = "admin-" + spec.defaultName();
                TopicDescription description = admin.describeTopics(List.of(name)).allTopicNames()
                        .get(30, TimeUnit.SECONDS).get(name);
                assertEquals(2, description.partitions().size(), name);

                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
                Config topicConfig = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
                String expectedPolicy = spec.compacted() ? "compact" : "delete";
                assertEquals(expectedPolicy, topicConfig.get("cleanup.policy").value(), name);
            }
        }
    }

    @Test
    void sameNameForTwoTopicsIsRejected() {
        Configuration config = config("dup-");
        config.set(TopicOptions.DLQ, "dup-" + TopicSpec.STOREFRONT_EVENTS.defaultName());

        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> TopicAdmin.registryTopics(config));
        assertTrue(error.getMessage().contains("dup-storefront-events"), error.getMessage());
    }

    @Test
    void tailDecodesEveryValueFormat() throws Exception {
        Configuration config = config("tail-");
        TopicAdmin.createRegistryTopics(config, TIMEOUT);
        String events = TopicOptions.name(config, TopicSpec.STOREFRONT_EVENTS);
        StorefrontEvent event = TestEvents.view().build();
        send(events, "u1", AvroCodec.of(StorefrontEvent.class).encode(event));
        send(events, "u2", "\n{\"eventId\":\"e2\",\n\"userId\":\"u2\"}".getBytes(StandardCharsets.UTF_8));
        send(events, null, new byte[] {0x01, (byte) 0xFF});

        List<String> lines = new ArrayList<>();
        long printed = new TopicTail(kafka.clientProperties())
                .tail(events, TopicSpec.STOREFRONT_EVENTS, true, 10, Duration.ofSeconds(5), lines::add);

        assertEquals(3, printed);
        assertEquals(3, lines.size());
        assertEquals("0@0 key=u1 " + event, lines.get(0));
        assertEquals("0@1 key=u2 {\"eventId\":\"e2\", \"userId\":\"u2\"}", lines.get(1));
        assertTrue(lines.get(2).startsWith("0@2 key=null <undecodable: "), lines.get(2));
        assertTrue(lines.get(2).contains("2 bytes: 01ff"), lines.get(2));
    }

    @Test
    void tailStopsAtMaxCount() throws Exception {
        Configuration config = config("max-");
        TopicAdmin.createRegistryTopics(config, TIMEOUT);
        String catalog = TopicOptions.name(config, TopicSpec.ITEM_CATALOG);
        AvroCodec<ItemUpdate> codec = AvroCodec.of(ItemUpdate.class);
        for (int i = 0; i < 4; i++) {
            ItemUpdate update = ItemUpdate.newBuilder()
                    .setItemId("i" + i).setUpdatedAt(Instant.ofEpochMilli(TestEvents.NOW_MILLIS)).build();
            send(catalog, "i" + i, codec.encode(update));
        }

        List<String> lines = new ArrayList<>();
        long printed = new TopicTail(kafka.clientProperties())
                .tail(catalog, TopicSpec.ITEM_CATALOG, true, 2, Duration.ofSeconds(20), lines::add);

        assertEquals(2, printed);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).contains("\"itemId\": \"i0\""), lines.get(0));
    }

    @Test
    void tailFromLatestSkipsExistingRecords() throws Exception {
        Configuration config = config("latest-");
        TopicAdmin.createRegistryTopics(config, TIMEOUT);
        String events = TopicOptions.name(config, TopicSpec.STOREFRONT_EVENTS);
        send(events, "u1", AvroCodec.of(StorefrontEvent.class).encode(TestEvents.view().build()));

        List<String> lines = new ArrayList<>();
        long printed = new TopicTail(kafka.clientProperties())
                .tail(events, TopicSpec.STOREFRONT_EVENTS, false, 10, Duration.ofSeconds(2), lines::add);

        assertEquals(0, printed);
        assertEquals(List.of(), lines);
    }

    @Test
    void tailOfMissingTopicFails() {
        TopicTail tail = new TopicTail(kafka.clientProperties());

        assertThrows(IllegalStateException.class,
                () -> tail.tail("no-such-topic", null, true, 1, Duration.ofSeconds(3), line -> { }));
    }

    @Test
    void avroValueOnJsonOnlyTopicIsShownAsHex() {
        byte[] notAvro = "plain text".getBytes(StandardCharsets.UTF_8);

        String line = TopicTail.formatValue(notAvro, TopicSpec.RECOMMENDATIONS);

        assertTrue(line.startsWith("<undecodable: neither Avro single-object;"), line);
    }
}
