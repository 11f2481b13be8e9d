package io.streamrec.topics;

import java.util.Arrays;
import java.util.Optional;

/**
 * The registry of every Kafka topic streamrec reads or writes: the default name, what the key
 * holds, how the value is encoded and whether the topic is compacted.
 *
 * <p>Names are defaults; every job takes the actual name from its configuration. Values are Avro
 * single-object encoded (two marker bytes, the 8-byte CRC-64-AVRO fingerprint of the writer
 * schema, then the binary body) unless the value format is another one.
 */
public enum TopicSpec {
    STOREFRONT_EVENTS(
            "storefront-events", KeyFormat.USER_ID, ValueFormat.AVRO_OR_JSON,
            "StorefrontEvent", false, "Input: browse, cart and purchase events from storefronts."),
    STOREFRONT_EVENTS_DLQ(
            "storefront-events-dlq", KeyFormat.NONE, ValueFormat.AVRO,
            "RejectedEvent", false, "Every input record that could not be used, with the reason."),
    ITEM_CATALOG(
            "item-catalog", KeyFormat.ITEM_ID, ValueFormat.AVRO,
            "ItemUpdate", true, "Optional catalogue facts: availability, category, price."),
    RECOMMENDATIONS(
            "recommendations", KeyFormat.USER_ID, ValueFormat.AVRO,
            "Recommendation", true, "The newest ranked list per user."),
    RECOMMENDATION_METRICS(
            "recommendation-metrics", KeyFormat.MODEL_AND_VARIANT, ValueFormat.AVRO,
            "MetricsSnapshot", false, "Rolling evaluation metrics per model and variant, exactly-once."),
    TRAINING_EXAMPLES(
            "training-examples", KeyFormat.NONE, ValueFormat.AVRO,
            "TrainingExample", false, "Internal: features of shown items with their outcome."),
    MODEL_UPDATES(
            "model-updates", KeyFormat.MODEL_NAME, ValueFormat.AVRO,
            "ModelUpdate", true, "Versioned ranking models; the newest version wins.");

    /** Content of a topic's record key. */
    public enum KeyFormat {
        NONE, USER_ID, ITEM_ID, MODEL_NAME, MODEL_AND_VARIANT
    }

    /** Encoding of a topic's record value. */
    public enum ValueFormat {
        /** Avro single-object encoding. */
        AVRO,
        /** Avro single-object encoding, or a UTF-8 JSON object, distinguished by the first byte. */
        AVRO_OR_JSON
    }

    private final String defaultName;
    private final KeyFormat keyFormat;
    private final ValueFormat valueFormat;
    private final String valueSchema;
    private final boolean compacted;
    private final String description;

    TopicSpec(
            String defaultName,
            KeyFormat keyFormat,
            ValueFormat valueFormat,
            String valueSchema,
            boolean compacted,
            String description) {
        this.defaultName = defaultName;
        this.keyFormat = keyFormat;
        this.valueFormat = valueFormat;
        this.valueSchema = valueSchema;
        this.compacted = compacted;
        this.description = description;
    }

    public String defaultName() {
        return defaultName;
    }

    public KeyFormat keyFormat() {
        return keyFormat;
    }

    public ValueFormat valueFormat() {
        return valueFormat;
    }

    /** Simple name of the Avro record schema of the value, in the io.streamrec.schemas namespace. */
    public String valueSchema() {
        return valueSchema;
    }

    public boolean compacted() {
        return compacted;
    }

    public String description() {
        return description;
    }

    /** Finds the spec whose default name is {@code name}. */
    public static Optional<TopicSpec> byDefaultName(String name) {
        return Arrays.stream(values()).filter(t -> t.defaultName.equals(name)).findFirst();
    }
}
