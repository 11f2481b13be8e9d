package io.streamrec.connectors.kafka;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * The validated values of {@link KafkaOptions}. {@link #from(Configuration)} checks every option
 * and lists all invalid ones in one exception, each with the option key, the value and what is
 * accepted.
 */
public final class KafkaSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Client properties that have a typed option instead; setting them as pass-through is an error. */
    private static final Map<String, ConfigOption<?>> TYPED_PROPERTIES = Map.of(
            "bootstrap.servers", KafkaOptions.BOOTSTRAP_SERVERS,
            "group.id", KafkaOptions.GROUP_ID,
            "transaction.timeout.ms", KafkaOptions.TRANSACTION_TIMEOUT,
            "transactional.id", KafkaOptions.TRANSACTIONAL_ID_PREFIX);

    private static final Set<String> OPTION_KEYS = Set.of(
            KafkaOptions.BOOTSTRAP_SERVERS.key(),
            KafkaOptions.GROUP_ID.key(),
            KafkaOptions.STARTING_OFFSETS.key(),
            KafkaOptions.DELIVERY_GUARANTEE.key(),
            KafkaOptions.TRANSACTIONAL_ID_PREFIX.key(),
            KafkaOptions.TRANSACTION_TIMEOUT.key(),
            KafkaOptions.BROKER_TRANSACTION_MAX_TIMEOUT.key());

    private final String bootstrapServers;
    private final String groupId;
    private final StartingOffsets startingOffsets;
    private final DeliveryGuarantee deliveryGuarantee;
    private final String transactionalIdPrefix;
    private final Duration transactionTimeout;
    private final Map<String, String> clientProperties;

    private KafkaSettings(
            String bootstrapServers,
            String groupId,
            StartingOffsets startingOffsets,
            DeliveryGuarantee deliveryGuarantee,
            String transactionalIdPrefix,
            Duration transactionTimeout,
            Map<String, String> clientProperties) {
        this.bootstrapServers = bootstrapServers;
        this.groupId = groupId;
        this.startingOffsets = startingOffsets;
        this.deliveryGuarantee = deliveryGuarantee;
        this.transactionalIdPrefix = transactionalIdPrefix;
        this.transactionTimeout = transactionTimeout;
        this.clientProperties = clientProperties;
    }

    /**
     * Reads and validates the {@code kafka.*} options.
     *
     * @throws IllegalArgumentException listing every invalid option with its value and what is
     *     accepted; unknown {@code kafka.*} keys are invalid too, so that a typo does not go unseen
     */
    public static KafkaSettings from(Configuration config) {
        List<String> errors = new ArrayList<>();

        String bootstrapServers = config.get(KafkaOptions.BOOTSTRAP_SERVERS);
        checkBootstrapServers(bootstrapServers, errors);

        String groupId = config.get(KafkaOptions.GROUP_ID);
        if (groupId == null || groupId.isBlank()) {
            errors.add(invalid(KafkaOptions.GROUP_ID, groupId, "a non-blank consumer group id"));
        }

        StartingOffsets startingOffsets = parseStartingOffsets(config.get(KafkaOptions.STARTING_OFFSETS), errors);
        DeliveryGuarantee guarantee = parseDeliveryGuarantee(config.get(KafkaOptions.DELIVERY_GUARANTEE), errors);

        String prefix = config.get(KafkaOptions.TRANSACTIONAL_ID_PREFIX);
        if (prefix == null || prefix.isBlank()) {
            errors.add(invalid(KafkaOptions.TRANSACTIONAL_ID_PREFIX, prefix, "a non-blank prefix"));
        }

        Duration timeout = config.get(KafkaOptions.TRANSACTION_TIMEOUT);
        Duration brokerMax = config.get(KafkaOptions.BROKER_TRANSACTION_MAX_TIMEOUT);
        if (timeout.isNegative() || timeout.isZero()) {
            errors.add(invalid(KafkaOptions.TRANSACTION_TIMEOUT, timeout, "a positive duration"));
        } else if (timeout.compareTo(brokerMax) > 0) {
            errors.add(invalid(KafkaOptions.TRANSACTION_TIMEOUT, timeout,
                    "at most the broker's transaction.max.timeout.ms of " + brokerMax + " ("
                            + KafkaOptions.BROKER_TRANSACTION_MAX_TIMEOUT.key() + "), or the broker rejects "
                            + "the producer at its first transaction"));
        }

        Map<String, String> clientProperties = clientProperties(config, errors);

        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("Invalid Kafka configuration:\n  " + String.join("\n  ", errors));
        }
        return new KafkaSettings(
                bootstrapServers.trim(), groupId.trim(), startingOffsets, guarantee, prefix.trim(), timeout,
                Collections.unmodifiableMap(clientProperties));
    }

    private static void checkBootstrapServers(String servers, List<String> errors) {
        if (servers == null || servers.isBlank()) {
            errors.add(invalid(KafkaOptions.BOOTSTRAP_SERVERS, servers, "a comma-separated list of host:port"));
            return;
        }
        for (String server : servers.split(",")) {
            String entry = server.trim();
            int colon = entry.lastIndexOf(':');
            boolean valid = colon > 0 && colon < entry.length() - 1;
            if (valid) {
                try {
                    int port = Integer.parseInt(entry.substring(colon + 1));
                    valid = port >= 1 && port <= 65535;
                } catch (NumberFormatException e) {
                    valid = false;
                }
            }
            if (!valid) {
                errors.add(invalid(KafkaOptions.BOOTSTRAP_SERVERS, servers,
                        "a comma-separated list of host:port with ports 1 to 65535; '" + entry + "' is not"));
                return;
            }
        }
    }

    private static StartingOffsets parseStartingOffsets(String value, List<String> errors) {
        for (StartingOffsets choice : StartingOffsets.values()) {
            if (choice.value().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return choice;
            }
        }
        errors.add(invalid(KafkaOptions.STARTING_OFFSETS, value, "one of earliest, latest, committed"));
        return null;
    }

    private static DeliveryGuarantee parseDeliveryGuarantee(String value, List<String> errors) {
        String normalized = value == null ? "" : value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (DeliveryGuarantee choice : DeliveryGuarantee.values()) {
            if (choice.toString().equals(normalized)) {
                return choice;
            }
        }
        errors.add(invalid(KafkaOptions.DELIVERY_GUARANTEE, value, "one of at-least-once, exactly-once, none"));
        return null;
    }

    private static Map<String, String> clientProperties(Configuration config, List<String> errors) {
        Map<String, String> properties = new TreeMap<>();
        for (Map.Entry<String, String> entry : config.toMap().entrySet()) {
            String key = entry.getKey();
            if (key.startsWith(KafkaOptions.PROPERTIES_PREFIX)) {
                String property = key.substring(KafkaOptions.PROPERTIES_PREFIX.length());
                ConfigOption<?> typed = TYPED_PROPERTIES.get(property);
                if (property.isEmpty()) {
                    errors.add("Invalid option " + key + ": a Kafka client property name must follow the prefix");
                } else if (typed != null) {
                    errors.add("Invalid option " + key + ": set " + typed.key() + " instead");
                } else {
                    properties.put(property, entry.getValue());
                }
            } else if (key.startsWith("kafka.") && !OPTION_KEYS.contains(key)) {
                errors.add("Unknown option " + key + ": expected one of " + new TreeSet<>(OPTION_KEYS)
                        + " or a client property as " + KafkaOptions.PROPERTIES_PREFIX + "<name>");
            }
        }
        return properties;
    }

    private static String invalid(ConfigOption<?> option, Object value, String accepted) {
        return "Invalid " + option.key() + " '" + value + "': expected " + accepted;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String groupId() {
        return groupId;
    }

    public StartingOffsets startingOffsets() {
        return startingOffsets;
    }

    public DeliveryGuarantee deliveryGuarantee() {
        return deliveryGuarantee;
    }

    public String transactionalIdPrefix() {
        return transactionalIdPrefix;
    }

    public Duration transactionTimeout() {
        return transactionTimeout;
    }

    /** Returns the pass-through client properties, without their {@code kafka.properties.} prefix. */
    public Map<String, String> clientProperties() {
        return clientProperties;
    }

    /** Returns the pass-through client properties plus {@code bootstrap.servers}, for any client. */
    public Properties commonProperties() {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.setProperty("bootstrap.servers", bootstrapServers);
        return properties;
    }

    /**
     * Returns properties for a plain consumer: the common ones, the group id and
     * {@code isolation.level=read_committed} unless a pass-through property sets it.
     */
    public Properties consumerProperties() {
        Properties properties = commonProperties();
        properties.setProperty("group.id", groupId);
        properties.putIfAbsent("isolation.level", "read_committed");
        return properties;
    }

    /** Returns properties for a plain producer: the common ones, with idempotence and {@code acks=all} by default. */
    public Properties producerProperties() {
        Properties properties = commonProperties();
        properties.putIfAbsent("enable.idempotence", "true");
        properties.putIfAbsent("acks", "all");
        return properties;
    }
}
