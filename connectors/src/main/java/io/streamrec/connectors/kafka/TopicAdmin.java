package io.streamrec.connectors.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.streamrec.topics.TopicSpec;

/**
 * Creates the topics of the {@link TopicSpec} registry under their configured names, with
 * {@link TopicOptions#PARTITIONS} partitions, {@link TopicOptions#REPLICATION_FACTOR} replicas and
 * {@code cleanup.policy=compact} where the registry marks a topic compacted.
 *
 * <p>Idempotent: a topic that already exists is left as it is, even if its partitions or policy
 * differ from the configuration.
 */
public final class TopicAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

    private TopicAdmin() {}

    /**
     * Returns the topics the registry defines, by configured name, with partitions, replication
     * factor and cleanup policy.
     *
     * @throws IllegalArgumentException if a topic name is blank or the partitions or replication
     *     factor are below 1
     */
    public static List<NewTopic> registryTopics(Configuration config) {
        int partitions = config.get(TopicOptions.PARTITIONS);
        int replication = config.get(TopicOptions.REPLICATION_FACTOR);
        if (partitions < 1) {
            throw new IllegalArgumentException(
                    "Invalid " + TopicOptions.PARTITIONS.key() + " " + partitions + ": expected at least 1");
        }
        if (replication < 1 || replication > Short.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "Invalid " + TopicOptions.REPLICATION_FACTOR.key() + " " + replication
                            + ": expected 1 to the number of brokers");
        }

        Map<String, NewTopic> topics = new LinkedHashMap<>();
        for (TopicSpec spec : TopicSpec.values()) {
            String name = TopicOptions.name(config, spec);
            NewTopic topic = new NewTopic(name, partitions, (short) replication);
            if (spec.compacted()) {
                topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            if (topics.put(name, topic) != null) {
                throw new IllegalArgumentException("Topic name '" + name + "' is configured for two registry topics");
            }
        }
        return new ArrayList<>(topics.values());
    }

    /**
     * Creates every registry topic that does not exist yet.
     *
     * @return the names of the topics created by this call; existing topics are not included
     * @throws IllegalArgumentException if an option is invalid
     * @throws IllegalStateException if the broker rejects a topic or does not reply within the timeout
     */
    public static List<String> createRegistryTopics(Configuration config, Duration timeout) {
        KafkaSettings settings = KafkaSettings.from(config);
        return createTopics(settings.commonProperties(), registryTopics(config), timeout);
    }

    /**
     * Creates the given topics where they do not exist yet.
     *
     * @param adminProperties Kafka admin client properties, at least {@code bootstrap.servers}
     * @return the names of the topics created by this call
     * @throws IllegalStateException if the broker rejects a topic or does not reply within the timeout
     */
    public static List<String> createTopics(Properties adminProperties, List<NewTopic> topics, Duration timeout) {
        List<String> created = new ArrayList<>();
        try (Admin admin = Admin.create(adminProperties)) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (NewTopic topic : topics) {
                if (existing.contains(topic.name())) {
                    LOG.info("Topic {} exists, left unchanged", topic.name());
                } else {
                    missing.add(topic);
                }
            }

            CreateTopicsResult result = admin.createTopics(missing);
            for (NewTopic topic : missing) {
                try {
                    result.values().get(topic.name()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    created.add(topic.name());
                    LOG.info("Created topic {} with {} partitions, replication factor {}, configs {}",
                            topic.name(), topic.numPartitions(), topic.replicationFactor(), topic.configs());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Failed to create topic " + topic.name() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                    // Another client created it between the listing and the request.
                    LOG.info("Topic {} exists, left unchanged", topic.name());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Failed to list or create topics at " + adminProperties.get("bootstrap.servers")
                    + " within " + timeout + ": " + e.getMessage(), e);
        }
        return created;
    }
}
