package io.streamrec.integration;

import io.streamrec.connectors.codec.AvroCodec;
import io.streamrec.connectors.codec.RejectReason;
import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.schemas.Recommendation;
import io.streamrec.schemas.RejectedEvent;
import io.streamrec.schemas.StorefrontEvent;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.streamrec.integration.TestEvents.MINUTE;
import static io.streamrec.integration.TestEvents.T0;
import static io.streamrec.integration.TestEvents.avro;
import static io.streamrec.integration.TestEvents.view;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Writes raw records through a plain Kafka producer into the job's input topic: valid Avro events,
 * then one record of each kind of bad input, then more valid events. Every bad record must reach
 * the dead-letter topic with its reason and source position, and the job must go on.
 */
class CorruptRecordsIT {

    private static final Duration OUTPUT_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration SETTLE = Duration.ofSeconds(3);

    /** All records go to one partition, so their order and offsets are known. */
    private static final int PARTITION = 0;

    private static final int USERS = 3;
    private static final int EVENTS_PER_USER_AND_PHASE = 2;

    /** Longer than the default {@code validation.max-id-length} of 256 characters. */
    private static final int OVERSIZED_ID_LENGTH = 1_000;

    private static StreamrecTestCluster cluster;
    private static JobID job;
    private static String eventsTopic;
    private static final List<String> validBefore = new ArrayList<>();
    private static final List<String> validAfter = new ArrayList<>();
    private static final Map<Long, BadRecord> badByOffset = new LinkedHashMap<>();
    private static List<RejectedEvent> rejects;
    private static List<Recommendation> recommendations;

    /** A bad input record and the reason the job must give. */
    private record BadRecord(String description, byte[] value, RejectReason reason) {}

    @BeforeAll
    static void sendMixedStream(@TempDir Path workDir) throws Exception {
        cluster = StreamrecTestCluster.start(workDir);
        Configuration options = cluster.jobOptions("corrupt");
        cluster.createTopics(options);
        job = cluster.submitRecommendJob(options, null);
        eventsTopic = options.get(RecommendOptions.TOPIC_EVENTS);

        Properties producerProperties = cluster.clientProperties();
        producerProperties.put("key.serializer", ByteArraySerializer.class.getName());
        producerProperties.put("value.serializer", ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties)) {
            sendValid(producer, "before", 0, validBefore);
            for (BadRecord bad : badRecords()) {
                badByOffset.put(send(producer, "bad-key".getBytes(StandardCharsets.UTF_8), bad.value()), bad);
            }
            sendValid(producer, "after", EVENTS_PER_USER_AND_PHASE, validAfter);
        }

        TopicReader reader = new TopicReader(cluster.clientProperties());
        rejects = reader.readValues(options.get(RecommendOptions.TOPIC_DLQ), RejectedEvent.class,
                badByOffset.size(), OUTPUT_TIMEOUT, SETTLE);
        recommendations = reader.readValues(options.get(RecommendOptions.TOPIC_RECOMMENDATIONS), Recommendation.class,
                validBefore.size() + validAfter.size(), OUTPUT_TIMEOUT, SETTLE);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static List<BadRecord> badRecords() {
        List<BadRecord> bad = new ArrayList<>();

        byte[] random = new byte[64];
        new Random(42).nextBytes(random);
        random[0] = 0x00; // neither the Avro marker nor the start of a JSON object
        bad.add(new BadRecord("random bytes", random, RejectReason.UNDECODABLE));

        // The Avro marker and the fingerprint of the current StorefrontEvent schema, then a long
        // whose variable-length encoding never ends, so the body cannot be read.
        ByteBuffer header = ByteBuffer.allocate(AvroCodec.HEADER_LENGTH + 12).order(ByteOrder.LITTLE_ENDIAN);
        header.put(AvroCodec.MARKER_0).put(AvroCodec.MARKER_1);
        header.putLong(AvroCodec.fingerprint(AvroCodec.of(StorefrontEvent.class).schema()));
        byte[] garbage = new byte[12];
        Arrays.fill(garbage, (byte) 0xFF);
        header.put(garbage);
        bad.add(new BadRecord("Avro header with a garbage body", header.array(), RejectReason.UNDECODABLE));

        bad.add(new BadRecord("JSON without itemId", json(
                "{\"eventId\":\"j1\",\"userId\":\"u-json\",\"eventType\":\"VIEW\",\"eventTime\":%d}",
                T0.toEpochMilli()), RejectReason.MISSING_FIELD));
        bad.add(new BadRecord("unknown event type", json(
                "{\"eventId\":\"j2\",\"userId\":\"u-json\",\"itemId\":\"i1\",\"eventType\":\"teleport\",\"eventTime\":%d}",
                T0.toEpochMilli()), RejectReason.UNKNOWN_EVENT_TYPE));
        bad.add(new BadRecord("event time in 1970", json(
                "{\"eventId\":\"j3\",\"userId\":\"u-json\",\"itemId\":\"i1\",\"eventType\":\"VIEW\",\"eventTime\":%d}",
                Instant.parse("1970-01-02T00:00:00Z").toEpochMilli()), RejectReason.TIMESTAMP_OUT_OF_RANGE));
        bad.add(new BadRecord("event time in 2300", json(
                "{\"eventId\":\"j4\",\"userId\":\"u-json\",\"itemId\":\"i1\",\"eventType\":\"VIEW\",\"eventTime\":%d}",
                Instant.parse("2300-01-01T00:00:00Z").toEpochMilli()), RejectReason.TIMESTAMP_OUT_OF_RANGE));
        bad.add(new BadRecord("user id of 1,000 characters",
                avro(view("e-long", "u".repeat(OVERSIZED_ID_LENGTH), "i1", T0)), RejectReason.OVERSIZED_ID));
        bad.add(new BadRecord("empty value", new byte[0], RejectReason.UNDECODABLE));
        bad.add(new BadRecord("null value", null, RejectReason.UNDECODABLE));
        return bad;
    }

    private static byte[] json(String format, long eventTime) {
        return String.format(format, eventTime).getBytes(StandardCharsets.UTF_8);
    }

    /** Sends two views per user, on items {@code item-<first>} and {@code item-<first + 1>}. */
    private static void sendValid(KafkaProducer<byte[], byte[]> producer, String phase, int first, List<String> ids)
            throws Exception {
        for (int user = 0; user < USERS; user++) {
            for (int i = first; i < first + EVENTS_PER_USER_AND_PHASE; i++) {
                String eventId = phase + "-u" + user + "-e" + i;
                StorefrontEvent event = view(eventId, "u" + user, "item-" + i, T0.plus(MINUTE.multipliedBy(i)));
                send(producer, event.getUserId().getBytes(StandardCharsets.UTF_8), avro(event));
                ids.add(eventId);
            }
        }
    }

    private static long send(KafkaProducer<byte[], byte[]> producer, byte[] key, byte[] value) throws Exception {
        RecordMetadata metadata = producer.send(new ProducerRecord<>(eventsTopic, PARTITION, key, value))
                .get(StreamrecTestCluster.REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return metadata.offset();
    }

    @Test
    void everyBadRecordRejectedWithReason() {
        Map<Long, String> expected = new HashMap<>();
        badByOffset.forEach((offset, bad) -> expected.put(offset, bad.reason().name()));
        Map<Long, String> actual = rejects.stream()
                .collect(Collectors.toMap(RejectedEvent::getSourceOffset, RejectedEvent::getReason));

        assertEquals(badByOffset.size(), rejects.size(), "dead-letter records");
        assertEquals(expected, actual, "reason by source offset");
    }

    @Test
    void rejectsCarrySourceAndRawValue() {
        for (RejectedEvent reject : rejects) {
            BadRecord bad = badByOffset.get(reject.getSourceOffset());
            assertEquals(eventsTopic, reject.getSourceTopic(), bad.description());
            assertEquals(PARTITION, reject.getSourcePartition(), bad.description());
            if (bad.value() == null) {
                assertNull(reject.getRawValue(), bad.description());
            } else {
                assertArrayEquals(bad.value(), bytes(reject.getRawValue()), bad.description());
            }
        }
    }

    @Test
    void validEventsAroundBadOnesGetLists() {
        Map<String, Long> listsPerEvent = recommendations.stream()
                .collect(Collectors.groupingBy(Recommendation::getTriggerEventId, Collectors.counting()));
        List<String> valid = new ArrayList<>(validBefore);
        valid.addAll(validAfter);

        assertEquals(valid.size(), recommendations.size(), "recommendations published");
        assertEquals(Set.copyOf(valid), listsPerEvent.keySet(), "trigger event ids");
    }

    @Test
    void jobKeepsRunning() throws Exception {
        assertEquals(JobStatus.RUNNING, cluster.jobStatus(job));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
