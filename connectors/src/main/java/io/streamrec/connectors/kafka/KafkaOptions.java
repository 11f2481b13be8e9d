package io.streamrec.connectors.kafka;

import java.time.Duration;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Configuration options of streamrec's Kafka sources and sinks. {@link KafkaSettings#from}
 * validates them all at once.
 *
 * <p>Any Kafka client property passes through with the prefix {@value #PROPERTIES_PREFIX}, for
 * example {@code kafka.properties.security.protocol: SASL_SSL} or
 * {@code kafka.properties.sasl.jaas.config: ...}. It reaches every producer, consumer and admin
 * client streamrec creates.
 */
public final class KafkaOptions {

    /** Prefix of the pass-through Kafka client properties; the rest of the key is the property name. */
    public static final String PROPERTIES_PREFIX = "kafka.properties.";

    /** Default of the broker setting {@code transaction.max.timeout.ms} (Kafka 4.2): 15 minutes. */
    public static final Duration BROKER_DEFAULT_TRANSACTION_MAX_TIMEOUT = Duration.ofMinutes(15);

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            ConfigOptions.key("kafka.bootstrap-servers")
                    .stringType()
                    .defaultValue("127.0.0.1:9092")
                    .withDescription("Comma-separated host:port list of Kafka brokers to connect to first.");

    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("kafka.group-id")
                    .stringType()
                    .defaultValue("streamrec")
                    .withDescription("Consumer group id of the sources. Offsets are committed under it at checkpoints.");

    public static final ConfigOption<String> STARTING_OFFSETS =
            ConfigOptions.key("kafka.starting-offsets")
                    .stringType()
                    .defaultValue(StartingOffsets.COMMITTED.value())
                    .withDescription("Where a source without restored state starts: earliest, latest, or committed "
                            + "(the group's committed offsets, falling back to earliest).");

    public static final ConfigOption<String> DELIVERY_GUARANTEE =
            ConfigOptions.key("kafka.delivery-guarantee")
                    .stringType()
                    .defaultValue("at-least-once")
                    .withDescription("Delivery guarantee of the sinks: at-least-once, exactly-once or none. "
                            + "Exactly-once output becomes visible to read_committed consumers only at checkpoints.");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            ConfigOptions.key("kafka.transactional-id-prefix")
                    .stringType()
                    .defaultValue("streamrec")
                    .withDescription("Prefix of the transactional ids of exactly-once sinks; each sink appends its "
                            + "topic name. Must differ between jobs that write to the same cluster.");

    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT =
            ConfigOptions.key("kafka.transaction-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription("Producer transaction.timeout.ms of exactly-once sinks. Must exceed the "
                            + "checkpoint interval and must not exceed the broker's transaction.max.timeout.ms.");

    public static final ConfigOption<Duration> BROKER_TRANSACTION_MAX_TIMEOUT =
            ConfigOptions.key("kafka.broker-transaction-max-timeout")
                    .durationType()
                    .defaultValue(BROKER_DEFAULT_TRANSACTION_MAX_TIMEOUT)
                    .withDescription("The brokers' transaction.max.timeout.ms, the upper bound of "
                            + "kafka.transaction-timeout. Set it when the brokers do not use the default of 15 min.");

    private KafkaOptions() {}
}
