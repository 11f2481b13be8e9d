package io.streamrec.connectors.kafka;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

import io.streamrec.topics.TopicSpec;

/** Topic name options, one per {@link TopicSpec}, defaulting to the registry's names. */
public final class TopicOptions {

    public static final ConfigOption<String> EVENTS = nameOption("topic.events", TopicSpec.STOREFRONT_EVENTS);
    public static final ConfigOption<String> DLQ = nameOption("topic.dlq", TopicSpec.STOREFRONT_EVENTS_DLQ);
    public static final ConfigOption<String> ITEM_CATALOG = nameOption("topic.item-catalog", TopicSpec.ITEM_CATALOG);
    public static final ConfigOption<String> RECOMMENDATIONS =
            nameOption("topic.recommendations", TopicSpec.RECOMMENDATIONS);
    public static final ConfigOption<String> METRICS = nameOption("topic.metrics", TopicSpec.RECOMMENDATION_METRICS);
    public static final ConfigOption<String> TRAINING_EXAMPLES =
            nameOption("topic.training-examples", TopicSpec.TRAINING_EXAMPLES);
    public static final ConfigOption<String> MODEL_UPDATES = nameOption("topic.model-updates", TopicSpec.MODEL_UPDATES);

    public static final ConfigOption<Integer> PARTITIONS =
            ConfigOptions.key("topic.partitions")
                    .intType()
                    .defaultValue(4)
                    .withDescription("Number of partitions of the topics streamrec creates.");

    public static final ConfigOption<Integer> REPLICATION_FACTOR =
            ConfigOptions.key("topic.replication-factor")
                    .intType()
                    .defaultValue(1)
                    .withDescription("Replication factor of the topics streamrec creates; at most the number of brokers.");

    private TopicOptions() {}

    private static ConfigOption<String> nameOption(String key, TopicSpec spec) {
        return ConfigOptions.key(key)
                .stringType()
                .defaultValue(spec.defaultName())
                .withDescription("Name of the " + spec.defaultName() + " topic. " + spec.description());
    }

    /** Returns the name option of a registry topic. */
    public static ConfigOption<String> option(TopicSpec spec) {
        switch (spec) {
            case STOREFRONT_EVENTS:
                return EVENTS;
            case STOREFRONT_EVENTS_DLQ:
                return DLQ;
            case ITEM_CATALOG:
                return ITEM_CATALOG;
            case RECOMMENDATIONS:
                return RECOMMENDATIONS;
            case RECOMMENDATION_METRICS:
                return METRICS;
            case TRAINING_EXAMPLES:
                return TRAINING_EXAMPLES;
            case MODEL_UPDATES:
                return MODEL_UPDATES;
            default:
                throw new IllegalArgumentException("No name option for topic " + spec);
        }
    }

    /**
     * Returns the configured name of a registry topic.
     *
     * @throws IllegalArgumentException if the configured name is blank
     */
    public static String name(ReadableConfig config, TopicSpec spec) {
        ConfigOption<String> option = option(spec);
        String name = config.get(option);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Invalid " + option.key() + " '" + name + "': a topic name must not be blank");
        }
        return name.trim();
    }
}
