package io.streamrec.cli;

import io.streamrec.connectors.codec.ValidationLimits;
import io.streamrec.connectors.kafka.KafkaOptions;
import io.streamrec.connectors.kafka.TopicOptions;
import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.jobs.evaluation.EvaluationOptions;
import io.streamrec.jobs.training.TrainOptions;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.flink.configuration.ConfigOption;

/**
 * Rejects misspelled streamrec options. Every key under a streamrec prefix must be an option of
 * the jobs; keys under other prefixes (Flink's own, such as {@code pipeline.} or
 * {@code state.backend.}) pass through unchecked.
 */
final class KnownOptions {

    private static final Set<String> STREAMREC_PREFIXES = Set.of(
            "recommend.", "ranking.", "cooccurrence.", "weights.", "popularity.", "profile.", "dedupe.",
            "evaluation.", "train.", "ab.", "topic.", "validation.", "watermark.", "kafka.", "delivery.");

    private static final Set<String> STREAMREC_KEYS = Set.of("parallelism", "state.ttl", "checkpoint.interval",
            "checkpoint.dir");

    private static final Set<String> KNOWN = collect(RecommendOptions.class, KafkaOptions.class, TopicOptions.class,
            EvaluationOptions.class, TrainOptions.class, ValidationLimits.class);

    private KnownOptions() {}

    /** Throws for the first key that looks like a streamrec option but is not one, naming the closest option. */
    static void check(Map<String, String> values) {
        for (String key : values.keySet()) {
            boolean streamrecKey = STREAMREC_KEYS.contains(key)
                    || STREAMREC_PREFIXES.stream().anyMatch(key::startsWith);
            if (!streamrecKey || KNOWN.contains(key) || key.startsWith(KafkaOptions.PROPERTIES_PREFIX)) {
                continue;
            }
            String closest = KNOWN.stream().min(Comparator.comparingInt(known -> distance(key, known))).orElse("");
            throw new IllegalArgumentException("Unknown option '" + key + "'; did you mean '" + closest
                    + "'? docs/recommend-options.md lists the options.");
        }
    }

    private static Set<String> collect(Class<?>... classes) {
        Set<String> keys = new TreeSet<>();
        for (Class<?> type : classes) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && ConfigOption.class.isAssignableFrom(field.getType())) {
                    try {
                        field.setAccessible(true);
                        keys.add(((ConfigOption<?>) field.get(null)).key());
                    } catch (IllegalAccessException | RuntimeException e) {
                        throw new IllegalStateException("Cannot read option " + field, e);
                    }
                }
            }
        }
        return keys;
    }

    /** Levenshtein distance, for the suggestion. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
