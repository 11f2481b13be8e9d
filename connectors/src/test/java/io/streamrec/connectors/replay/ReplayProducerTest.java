package io.streamrec.connectors.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.streamrec.connectors.codec.AvroCodec;
import io.streamrec.connectors.codec.RejectReason;
import io.streamrec.connectors.codec.TestEvents;
import io.streamrec.connectors.embedded.EmbeddedKafka;
import io.streamrec.schemas.RejectedEvent;
import io.streamrec.schemas.StorefrontEvent;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReplayProducerTest {

    private static final Duration POLL_LIMIT = Duration.ofSeconds(30);

    private static final AtomicInteger TOPIC_COUNTER = new AtomicInteger();

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

    /** Creates a one-partition topic, so that the order of records is the order of sends. */
    private static String newTopic(String prefix) throws Exception {
        String name = prefix + "-" + TOPIC_COUNTER.incrementAndGet();
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return name;
    }

    /** Events e0..e(n-1) of users u0..u2, one second of event time apart. */
    private static List<StorefrontEvent> events(int count) {
        List<StorefrontEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(TestEvents.view("e" + i, "u" + (i % 3), "i" + i)
                    .setEventTime(TestEvents.EVENT_TIME.plusSeconds(i))
                    .build());
        }
        return events;
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(String topic, int expected) {
        Properties props = kafka.clientProperties();
        props.put("key.deserializer", ByteArrayDeserializer.class.getName());
        props.put("value.deserializer", ByteArrayDeserializer.class.getName());
        props.put("group.id", "replay-test-" + topic);
        props.put("auto.offset.reset", "earliest");
        props.put("isolation.level", "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + POLL_LIMIT.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // One more short poll so that unexpected extra records show up in the result.
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }

    private static ReplayProducer.Builder replay(String topic) {
        return ReplayProducer.builder(kafka.clientProperties(), topic).quiet(true);
    }

    @Test
    void unreachableBrokerFailsFast() {
        java.util.Properties nowhere = new java.util.Properties();
        nowhere.put("bootstrap.servers", "127.0.0.1:1");
        ReplayProducer replay = ReplayProducer.builder(nowhere, "events").quiet(true).build();
        long start = System.nanoTime();

        IllegalStateException error = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> replay.run(java.util.List.<io.streamrec.schemas.StorefrontEvent>of().iterator()));

        assertTrue(error.getMessage().contains("127.0.0.1:1"), error.getMessage());
        assertTrue(System.nanoTime() - start < java.time.Duration.ofSeconds(60).toNanos(), "took too long");
    }

    @Test
    void sendsEventsInOrderKeyedByUser() throws Exception {
        String topic = newTopic("events");
        List<StorefrontEvent> events = events(20);

        ReplayStats stats = replay(topic).build().run(events.iterator());

        assertEquals(20, stats.sent());
        assertEquals(0, stats.rejected());
        assertEquals(0, stats.failed());
        List<ConsumerRecord<byte[], byte[]>> records = read(topic, 20);
        assertEquals(20, records.size());
        AvroCodec<StorefrontEvent> codec = AvroCodec.of(StorefrontEvent.class);
        for (int i = 0; i < 20; i++) {
            StorefrontEvent read = codec.decode(records.get(i).value());
            assertEquals(events.get(i), read);
            assertEquals(read.getUserId(), new String(records.get(i).key(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void maxEventsBoundsTheReplay() throws Exception {
        String topic = newTopic("bounded");

        ReplayStats stats = replay(topic).maxEvents(5).build().run(events(20).iterator());

        assertEquals(5, stats.sent());
        assertEquals(5, read(topic, 5).size());
    }

    @Test
    void badRowsGoToDeadLetterTopic() throws Exception {
        String topic = newTopic("mixed");
        String dlq = newTopic("mixed-dlq");
        List<StorefrontEvent> rows = new ArrayList<>(events(3));
        rows.add(TestEvents.view("bad-user", " ", "i1").build());
        rows.add(TestEvents.view("bad-price", "u1", "i1").setPrice(-3.0).build());
        rows.add(null);
        rows.add(TestEvents.view("too-old", "u1", "i1").setEventTime(Instant.parse("1970-01-02T00:00:00Z")).build());

        ReplayStats stats = replay(topic).dlqTopic(dlq).sourceName("sample.csv").build().run(rows.iterator());

        assertEquals(3, stats.sent());
        assertEquals(Map.of(
                RejectReason.INVALID_FIELD, 2L,
                RejectReason.UNDECODABLE, 1L,
                RejectReason.TIMESTAMP_OUT_OF_RANGE, 1L), stats.rejectedByReason());
        assertEquals(4, stats.deadLettered());
        assertEquals(3, read(topic, 3).size());

        List<ConsumerRecord<byte[], byte[]>> dead = read(dlq, 4);
        assertEquals(4, dead.size());
        AvroCodec<RejectedEvent> codec = AvroCodec.of(RejectedEvent.class);
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : dead) {
            RejectedEvent rejected = codec.decode(record.value());
            reasons.add(rejected.getReason());
            assertEquals(-1, rejected.getSourcePartition());
            assertEquals(-1L, rejected.getSourceOffset());
            assertEquals("sample.csv", rejected.getSourceTopic());
        }
        assertEquals(List.of("INVALID_FIELD", "INVALID_FIELD", "UNDECODABLE", "TIMESTAMP_OUT_OF_RANGE"), reasons);

        RejectedEvent badPrice = codec.decode(dead.get(1).value());
        byte[] raw = new byte[badPrice.getRawValue().remaining()];
        badPrice.getRawValue().get(raw);
        assertEquals("bad-price", AvroCodec.of(StorefrontEvent.class).decode(raw).getEventId());
    }

    @Test
    void badRowsAreCountedWithoutDeadLetterTopic() throws Exception {
        String topic = newTopic("count-only");
        List<StorefrontEvent> rows = new ArrayList<>(events(2));
        rows.add(TestEvents.view("long", "u".repeat(300), "i1").build());

        ReplayStats stats = replay(topic).build().run(rows.iterator());

        assertEquals(2, stats.sent());
        assertEquals(Map.of(RejectReason.OVERSIZED_ID, 1L), stats.rejectedByReason());
        assertEquals(0, stats.deadLettered());
    }

    @Test
    void speedFactorPacesByEventTime() throws Exception {
        String topic = newTopic("paced");
        // Five events one second of event time apart span 4 s; at factor 8 that is 0.5 s of wall time.
        List<StorefrontEvent> events = events(5);

        ReplayStats paced = replay(topic).speedFactor(8).build().run(events.iterator());

        assertEquals(5, paced.sent());
        assertTrue(paced.elapsed().toMillis() >= 450, "paced replay took " + paced.elapsed());
    }

    @Test
    void unpacedReplayIgnoresEventTime() throws Exception {
        String topic = newTopic("unpaced");
        // 200 events span 199 s of event time; without pacing they take far less.
        ReplayStats stats = replay(topic).build().run(events(200).iterator());

        assertEquals(200, stats.sent());
        assertTrue(stats.elapsed().toSeconds() < 60, "unpaced replay took " + stats.elapsed());
    }

    @Test
    void progressShowsCountAndPercent() throws Exception {
        String topic = newTopic("progress");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        ReplayProducer.builder(kafka.clientProperties(), topic)
                .progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true)
                .expectedTotal(10)
                .build()
                .run(events(10).iterator());

        String output = bytes.toString(StandardCharsets.UTF_8);
        String[] redraws = output.split("\r");
        String last = redraws[redraws.length - 1];
        assertTrue(last.contains("10 events sent"), output);
        assertTrue(last.contains("100.0% of 10"), output);
        assertTrue(output.endsWith(System.lineSeparator()), "the final line ends: " + Arrays.toString(redraws));
    }

    @Test
    void quietReplayPrintsNothing() throws Exception {
        String topic = newTopic("quiet");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        ReplayProducer.builder(kafka.clientProperties(), topic)
                .progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true)
                .quiet(true)
                .build()
                .run(events(3).iterator());

        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    }
}
