package io.streamrec.connectors.codec;

import io.streamrec.schemas.ItemUpdate;
import io.streamrec.schemas.Recommendation;
import io.streamrec.schemas.StorefrontEvent;

/** The key extractors of the topics in the registry; keys are UTF-8 strings. */
public final class RecordKeys {

    /** Separator between model name and variant in a metrics key, as in {@code cooccurrence/B}. */
    public static final String MODEL_VARIANT_SEPARATOR = "/";

    private RecordKeys() {}

    /** Keys events by user id, so that one user's events stay in order in one partition. */
    public static KeyExtractor<StorefrontEvent> eventUserId() {
        return StorefrontEvent::getUserId;
    }

    /** Keys recommendation lists by user id, so that compaction keeps the latest list per user. */
    public static KeyExtractor<Recommendation> recommendationUserId() {
        return Recommendation::getUserId;
    }

    /** Keys catalogue updates by item id, so that compaction keeps the latest facts per item. */
    public static KeyExtractor<ItemUpdate> itemId() {
        return ItemUpdate::getItemId;
    }

    /** Writes records without a key, spread over partitions by the producer. */
    public static <T> KeyExtractor<T> none() {
        return value -> null;
    }

    /** Returns the metrics key of a model and an A/B variant: {@code model + "/" + variant}. */
    public static String modelAndVariant(String model, String variant) {
        return model + MODEL_VARIANT_SEPARATOR + variant;
    }

    /**
     * Keys records by model and A/B variant, as {@link #modelAndVariant(String, String)} does, for
     * example {@code RecordKeys.modelAndVariant(MetricsSnapshot::getModel, MetricsSnapshot::getVariant)}.
     */
    public static <T> KeyExtractor<T> modelAndVariant(KeyExtractor<T> model, KeyExtractor<T> variant) {
        return value -> modelAndVariant(model.keyOf(value), variant.keyOf(value));
    }
}
