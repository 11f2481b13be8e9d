package io.streamrec.jobs.config;

import io.streamrec.jobs.ranking.VariantAssignment;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the recommend job's options once at start-up, so that a bad value fails the submission
 * with a message naming the option, the value and what is accepted, instead of failing a task.
 */
public final class RecommendOptionsValidator {

    /** Models the ranking stage knows. */
    public static final Set<String> MODELS =
            Set.of("popularity", "cooccurrence", "cooccurrence-affinity", "learned-ranker");

    private static final double MAX_WEIGHT = 1000.0;

    private RecommendOptionsValidator() {}

    /**
     * Validates every option.
     *
     * @throws IllegalArgumentException listing every invalid option, one per line
     */
    public static void validate(Configuration conf) {
        List<String> errors = new ArrayList<>();

        intRange(conf, RecommendOptions.LIST_SIZE, 1, 1000, errors);
        intRange(conf, RecommendOptions.NEIGHBOURS, 1, 1000, errors);
        intRange(conf, RecommendOptions.SESSION_ITEMS, 0, 100, errors);
        intRange(conf, RecommendOptions.POPULARITY_CANDIDATES, 1, 10_000, errors);
        intRange(conf, RecommendOptions.POPULARITY_MAX_CATEGORIES, 1, 100_000, errors);
        intRange(conf, RecommendOptions.PROFILE_RECENT_ITEMS, 1, 1000, errors);
        intRange(conf, RecommendOptions.PROFILE_PURCHASED_ITEMS, 0, 10_000, errors);
        intRange(conf, RecommendOptions.PROFILE_CATEGORIES, 0, 1000, errors);
        intRange(conf, RecommendOptions.DEDUPE_MAX_IDS, 1, 1_000_000, errors);
        intRange(conf, RecommendOptions.PARALLELISM, 1, 10_000, errors);

        for (ConfigOption<Double> weight : List.of(
                RecommendOptions.WEIGHT_VIEW,
                RecommendOptions.WEIGHT_FAVORITE,
                RecommendOptions.WEIGHT_ADD_TO_CART,
                RecommendOptions.WEIGHT_PURCHASE,
                RecommendOptions.WEIGHT_REMOVE_FROM_CART,
                RecommendOptions.WEIGHT_OTHER)) {
            weightRange(conf, weight, errors);
        }

        for (ConfigOption<Duration> duration : List.of(
                RecommendOptions.COOCCURRENCE_HALF_LIFE,
                RecommendOptions.POPULARITY_HALF_LIFE,
                RecommendOptions.AFFINITY_HALF_LIFE,
                RecommendOptions.SESSION_GAP,
                RecommendOptions.STATE_TTL,
                RecommendOptions.DEDUPE_WINDOW,
                RecommendOptions.IDLENESS,
                RecommendOptions.CHECKPOINT_INTERVAL)) {
            positiveDuration(conf, duration, errors);
        }
        nonNegativeDuration(conf, RecommendOptions.OUT_OF_ORDERNESS, errors);
        nonNegativeDuration(conf, RecommendOptions.ALIGNMENT_MAX_DRIFT, errors);

        for (ConfigOption<String> topic : List.of(
                RecommendOptions.TOPIC_EVENTS,
                RecommendOptions.TOPIC_DLQ,
                RecommendOptions.TOPIC_RECOMMENDATIONS,
                RecommendOptions.TOPIC_METRICS,
                RecommendOptions.TOPIC_TRAINING_EXAMPLES,
                RecommendOptions.TOPIC_MODEL_UPDATES,
                RecommendOptions.CHECKPOINT_DIR)) {
            nonBlank(conf, topic, errors);
        }

        String model = read(conf, RecommendOptions.PUBLISHED_MODEL, errors);
        if (model != null && !MODELS.contains(model)) {
            errors.add(invalid(RecommendOptions.PUBLISHED_MODEL, model,
                    "expected one of " + String.join(", ", MODELS.stream().sorted().toList())));
        }
        List<String> models = read(conf, RecommendOptions.MODELS, errors);
        if (models != null) {
            checkModels(models, errors);
        }
        String variants = read(conf, RecommendOptions.AB_VARIANTS, errors);
        if (models != null && variants != null && errors.isEmpty()) {
            try {
                VariantAssignment.from(conf);
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
        }
        read(conf, RecommendOptions.ALLOW_PURCHASED, errors);
        intRange(conf, RecommendOptions.TRAINING_NEGATIVES, 0, 1000, errors);
        read(conf, RecommendOptions.DELIVERY_GUARANTEE, errors);

        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join(System.lineSeparator(), errors));
        }
    }

    private static void checkModels(List<String> models, List<String> errors) {
        if (models.isEmpty()) {
            errors.add(invalid(RecommendOptions.MODELS, "''", "expected at least one model"));
        }
        for (String name : models) {
            if (!MODELS.contains(name)) {
                errors.add(invalid(RecommendOptions.MODELS, models,
                        "unknown model " + name + ", expected names from " + String.join(", ", MODELS.stream().sorted().toList())));
            }
        }
        if (new HashSet<>(models).size() != models.size()) {
            errors.add(invalid(RecommendOptions.MODELS, models, "a model is listed twice"));
        }
    }

    private static void intRange(Configuration conf, ConfigOption<Integer> option, int min, int max, List<String> errors) {
        Integer value = read(conf, option, errors);
        if (value != null && (value < min || value > max)) {
            errors.add(invalid(option, value, "expected an integer from " + min + " to " + max));
        }
    }

    private static void weightRange(Configuration conf, ConfigOption<Double> option, List<String> errors) {
        Double value = read(conf, option, errors);
        if (value != null && !(value >= 0.0 && value <= MAX_WEIGHT)) {
            errors.add(invalid(option, value, "expected a number from 0 to " + (int) MAX_WEIGHT));
        }
    }

    private static void positiveDuration(Configuration conf, ConfigOption<Duration> option, List<String> errors) {
        Duration value = read(conf, option, errors);
        if (value != null && (value.isZero() || value.isNegative())) {
            errors.add(invalid(option, value, "expected a positive duration such as 30 s, 10 min or 1 h"));
        }
    }

    private static void nonNegativeDuration(Configuration conf, ConfigOption<Duration> option, List<String> errors) {
        Duration value = read(conf, option, errors);
        if (value != null && value.isNegative()) {
            errors.add(invalid(option, value, "expected a duration of zero or more such as 0 s or 5 s"));
        }
    }

    private static void nonBlank(Configuration conf, ConfigOption<String> option, List<String> errors) {
        String value = read(conf, option, errors);
        if (value != null && value.isBlank()) {
            errors.add(invalid(option, "'" + value + "'", "expected a non-empty name"));
        }
    }

    /** Reads an option, turning a parse failure into an error message; returns null on failure. */
    private static <T> T read(Configuration conf, ConfigOption<T> option, List<String> errors) {
        try {
            return conf.get(option);
        } catch (IllegalArgumentException e) {
            String raw = conf.toMap().get(option.key());
            errors.add(invalid(option, raw, "could not be parsed as " + typeName(option)));
            return null;
        }
    }

    private static String typeName(ConfigOption<?> option) {
        Object defaultValue = option.defaultValue();
        if (defaultValue instanceof Integer) {
            return "an integer";
        }
        if (defaultValue instanceof Double) {
            return "a number";
        }
        if (defaultValue instanceof Duration) {
            return "a duration such as 30 s, 10 min or 1 h";
        }
        if (defaultValue instanceof Boolean) {
            return "true or false";
        }
        if (defaultValue instanceof Enum<?> e) {
            // Flink 2.2 parses an enum option by its constants' toString(), ignoring case: at-least-once.
            List<String> names = new ArrayList<>();
            for (Enum<?> constant : e.getDeclaringClass().getEnumConstants()) {
                names.add(constant.toString());
            }
            return "one of " + String.join(", ", names);
        }
        return "a value of the option's type";
    }

    private static String invalid(ConfigOption<?> option, Object value, String accepted) {
        return "Invalid value " + value + " for option '" + option.key() + "': " + accepted + ".";
    }
}
