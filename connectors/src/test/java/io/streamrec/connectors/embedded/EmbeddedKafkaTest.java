package io.streamrec.connectors.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedKafkaTest {

    private static final Duration POLL_LIMIT = Duration.ofSeconds(30);

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

    private static void createTopic(String name) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static KafkaProducer<String, String> producer(String transactionalId) {
        Properties props = kafka.clientProperties();
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        if (transactionalId != null) {
            props.put("transactional.id", transactionalId);
        }
        return new KafkaProducer<>(props);
    }

    /** Reads the topic from the beginning until {@code expected} records or the poll limit. */
    private static List<String> readValues(String topic, String isolationLevel, int expected) {
        Properties props = kafka.clientProperties();
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        props.put("group.id", "test-" + topic + "-" + isolationLevel);
        props.put("auto.offset.reset", "earliest");
        props.put("isolation.level", isolationLevel);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + POLL_LIMIT.toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            // One more short poll so that unexpected extra records show up in the result.
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                values.add(record.value());
            }
        }
        return values;
    }

    @Test
    void listensOnLoopbackOnly() {
        assertTrue(kafka.bootstrapServers().startsWith(EmbeddedKafka.HOST + ":"), kafka.bootstrapServers());
        assertTrue(kafka.port() > 0);
    }

    @Test
    void createsTopicAndDeliversRecords() throws Exception {
        String topic = "plain";
        createTopic(topic);
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertTrue(names.contains(topic), names::toString);
        }

        try (KafkaProducer<String, String> producer = producer(null)) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }

        assertEquals(List.of("v0", "v1", "v2"), readValues(topic, "read_uncommitted", 3));
    }

    @Test
    void readCommittedSkipsAbortedTransaction() throws Exception {
        String topic = "transactional";
        createTopic(topic);

        try (KafkaProducer<String, String> producer = producer("embedded-test")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "k", "committed-2"));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-3"));
            producer.commitTransaction();
        }

        assertEquals(List.of("committed-1", "committed-2", "committed-3"), readValues(topic, "read_committed", 3));
        List<String> uncommitted = readValues(topic, "read_uncommitted", 4);
        assertTrue(uncommitted.contains("aborted"), "a read_uncommitted consumer sees the aborted record: " + uncommitted);
    }

    @Test
    void fixedPortIsUsedAndTakenPortFails() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(EmbeddedKafka.HOST))) {
            port = probe.getLocalPort();
        }

        try (EmbeddedKafka fixed = EmbeddedKafka.builder().port(port).start()) {
            assertEquals(port, fixed.port());
            assertEquals(EmbeddedKafka.HOST + ":" + port, fixed.bootstrapServers());

            IOException taken = assertThrows(IOException.class, () -> EmbeddedKafka.builder().port(port).start());
            assertTrue(taken.getMessage().contains(String.valueOf(port)), taken.getMessage());
        }
    }

    @Test
    void closeDeletesLogFolder() throws Exception {
        EmbeddedKafka second = EmbeddedKafka.start();
        Path logDir = second.logDir();
        assertTrue(Files.isDirectory(logDir));

        second.close();
        second.close();

        assertFalse(Files.exists(logDir), "log folder " + logDir + " is deleted");
    }
}
