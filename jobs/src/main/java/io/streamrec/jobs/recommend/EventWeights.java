package io.streamrec.jobs.recommend;

import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.schemas.EventType;
import org.apache.flink.configuration.Configuration;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.Map;

/** The weight of each event type, shared by popularity, co-occurrence and category affinity. */
public final class EventWeights implements Serializable {

    private static final long serialVersionUID = 1L;

    private final EnumMap<EventType, Double> weights;

    public EventWeights(Map<EventType, Double> weights) {
        this.weights = new EnumMap<>(EventType.class);
        for (EventType type : EventType.values()) {
            Double weight = weights.get(type);
            if (weight == null) {
                throw new IllegalArgumentException("Missing weight for event type " + type + ".");
            }
            this.weights.put(type, weight);
        }
    }

    /** Reads the weights from the {@code weights.*} options. */
    public static EventWeights from(Configuration conf) {
        Map<EventType, Double> weights = new EnumMap<>(EventType.class);
        weights.put(EventType.VIEW, conf.get(RecommendOptions.WEIGHT_VIEW));
        weights.put(EventType.FAVORITE, conf.get(RecommendOptions.WEIGHT_FAVORITE));
        weights.put(EventType.ADD_TO_CART, conf.get(RecommendOptions.WEIGHT_ADD_TO_CART));
        weights.put(EventType.PURCHASE, conf.get(RecommendOptions.WEIGHT_PURCHASE));
        weights.put(EventType.REMOVE_FROM_CART, conf.get(RecommendOptions.WEIGHT_REMOVE_FROM_CART));
        weights.put(EventType.OTHER, conf.get(RecommendOptions.WEIGHT_OTHER));
        return new EventWeights(weights);
    }

    /** Returns the defaults of the {@code weights.*} options. */
    public static EventWeights defaults() {
        return from(new Configuration());
    }

    public double of(EventType type) {
        return weights.get(type);
    }
}
