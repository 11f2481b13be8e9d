package io.streamrec.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

    private static Configuration config(Map<String, String> values) {
        return Configuration.fromMap(values);
    }

    private static String errorOf(Map<String, String> values) {
        return assertThrows(IllegalArgumentException.class, () -> KafkaSettings.from(config(values))).getMessage();
    }

    @Test
    void defaultsAreValid() {
        KafkaSettings settings = KafkaSettings.from(new Configuration());

        assertEquals("127.0.0.1:9092", settings.bootstrapServers());
        assertEquals("streamrec", settings.groupId());
        assertEquals(StartingOffsets.COMMITTED, settings.startingOffsets());
        assertEquals(DeliveryGuarantee.AT_LEAST_ONCE, settings.deliveryGuarantee());
        assertEquals(Duration.ofMinutes(5), settings.transactionTimeout());
        assertTrue(settings.clientProperties().isEmpty());
    }

    @Test
    void parsesEveryChoice() {
        KafkaSettings settings = KafkaSettings.from(config(Map.of(
                "kafka.bootstrap-servers", "broker-1:9093, broker-2:9093",
                "kafka.group-id", "recommend",
                "kafka.starting-offsets", "Earliest",
                "kafka.delivery-guarantee", "EXACTLY_ONCE",
                "kafka.transactional-id-prefix", "recommend-job",
                "kafka.transaction-timeout", "10 min")));

        assertEquals("broker-1:9093, broker-2:9093", settings.bootstrapServers());
        assertEquals("recommend", settings.groupId());
        assertEquals(StartingOffsets.EARLIEST, settings.startingOffsets());
        assertEquals(DeliveryGuarantee.EXACTLY_ONCE, settings.deliveryGuarantee());
        assertEquals("recommend-job", settings.transactionalIdPrefix());
        assertEquals(Duration.ofMinutes(10), settings.transactionTimeout());
        assertEquals(StartingOffsets.LATEST,
                KafkaSettings.from(config(Map.of("kafka.starting-offsets", "latest"))).startingOffsets());
        assertEquals(DeliveryGuarantee.NONE,
                KafkaSettings.from(config(Map.of("kafka.delivery-guarantee", "none"))).deliveryGuarantee());
    }

    @Test
    void invalidStartingOffsetsNamesOptionValueAndChoices() {
        String message = errorOf(Map.of("kafka.starting-offsets", "beginning"));

        assertTrue(message.contains("kafka.starting-offsets"), message);
        assertTrue(message.contains("'beginning'"), message);
        assertTrue(message.contains("earliest, latest, committed"), message);
    }

    @Test
    void invalidDeliveryGuaranteeNamesChoices() {
        String message = errorOf(Map.of("kafka.delivery-guarantee", "twice"));

        assertTrue(message.contains("kafka.delivery-guarantee 'twice'"), message);
        assertTrue(message.contains("at-least-once, exactly-once, none"), message);
    }

    @Test
    void transactionTimeoutAboveBrokerMaxIsInvalid() {
        String message = errorOf(Map.of("kafka.transaction-timeout", "20 min"));

        assertTrue(message.contains("kafka.transaction-timeout"), message);
        assertTrue(message.contains("transaction.max.timeout.ms"), message);

        KafkaSettings raised = KafkaSettings.from(config(Map.of(
                "kafka.transaction-timeout", "20 min",
                "kafka.broker-transaction-max-timeout", "1 h")));
        assertEquals(Duration.ofMinutes(20), raised.transactionTimeout());
    }

    @Test
    void zeroTransactionTimeoutIsInvalid() {
        assertTrue(errorOf(Map.of("kafka.transaction-timeout", "0 s")).contains("a positive duration"));
    }

    @Test
    void bootstrapServersNeedHostAndPort() {
        assertTrue(errorOf(Map.of("kafka.bootstrap-servers", "localhost")).contains("'localhost' is not"));
        assertTrue(errorOf(Map.of("kafka.bootstrap-servers", "a:9092,b:70000")).contains("'b:70000' is not"));
        assertTrue(errorOf(Map.of("kafka.bootstrap-servers", " ")).contains("kafka.bootstrap-servers"));
    }

    @Test
    void blankGroupAndPrefixAreInvalid() {
        String message = errorOf(Map.of("kafka.group-id", " ", "kafka.transactional-id-prefix", ""));

        assertTrue(message.contains("kafka.group-id"), message);
        assertTrue(message.contains("kafka.transactional-id-prefix"), message);
    }

    @Test
    void listsAllErrorsAtOnce() {
        String message = errorOf(Map.of(
                "kafka.starting-offsets", "beginning",
                "kafka.delivery-guarantee", "twice"));

        assertTrue(message.contains("kafka.starting-offsets"), message);
        assertTrue(message.contains("kafka.delivery-guarantee"), message);
    }

    @Test
    void clientPropertiesPassThrough() {
        KafkaSettings settings = KafkaSettings.from(config(Map.of(
                "kafka.properties.security.protocol", "SASL_SSL",
                "kafka.properties.sasl.jaas.config", "org.example.Login required;")));

        Properties consumer = settings.consumerProperties();
        Properties producer = settings.producerProperties();

        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config", "org.example.Login required;"),
                settings.clientProperties());
        assertEquals("SASL_SSL", consumer.getProperty("security.protocol"));
        assertEquals("SASL_SSL", producer.getProperty("security.protocol"));
        assertEquals("127.0.0.1:9092", consumer.getProperty("bootstrap.servers"));
        assertEquals("streamrec", consumer.getProperty("group.id"));
        assertEquals("read_committed", consumer.getProperty("isolation.level"));
        assertEquals("true", producer.getProperty("enable.idempotence"));
        assertFalse(producer.containsKey("group.id"));
    }

    @Test
    void passThroughIsolationLevelWins() {
        KafkaSettings settings = KafkaSettings.from(config(Map.of(
                "kafka.properties.isolation.level", "read_uncommitted")));

        assertEquals("read_uncommitted", settings.consumerProperties().getProperty("isolation.level"));
    }

    @Test
    void passThroughOfTypedPropertyIsInvalid() {
        String message = errorOf(Map.of("kafka.properties.bootstrap.servers", "other:9092"));

        assertTrue(message.contains("kafka.properties.bootstrap.servers"), message);
        assertTrue(message.contains("set kafka.bootstrap-servers instead"), message);
    }

    @Test
    void unknownKafkaOptionIsInvalid() {
        String message = errorOf(Map.of("kafka.bootstrap.servers", "other:9092"));

        assertTrue(message.contains("Unknown option kafka.bootstrap.servers"), message);
        assertTrue(message.contains("kafka.bootstrap-servers"), message);
    }
}
