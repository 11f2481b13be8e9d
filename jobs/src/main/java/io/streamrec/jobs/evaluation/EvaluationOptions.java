package io.streamrec.jobs.evaluation;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

/** Configuration of the prequential evaluation stage. */
public final class EvaluationOptions {

    /** Largest HyperLogLog precision accepted: 2^16 registers, 64 KiB per sketch. */
    public static final int MAX_COVERAGE_PRECISION = 16;

    /** Smallest HyperLogLog precision accepted: 2^4 registers. */
    public static final int MIN_COVERAGE_PRECISION = 4;

    public static final ConfigOption<List<Integer>> CUTOFFS =
            ConfigOptions.key("evaluation.cutoffs")
                    .intType()
                    .asList()
                    .defaultValues(1, 5, 10, 20)
                    .withDescription("Cut-offs K of HR@K, MRR@K and NDCG@K, each at least 1; "
                            + "duplicates are dropped and the list is sorted.");

    public static final ConfigOption<Duration> WINDOW =
            ConfigOptions.key("evaluation.window")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription("Length of the event-time tumbling windows of the metrics; "
                            + "running totals are emitted when each window closes.");

    public static final ConfigOption<Integer> COVERAGE_PRECISION =
            ConfigOptions.key("evaluation.coverage.precision")
                    .intType()
                    .defaultValue(11)
                    .withDescription("HyperLogLog precision p of the distinct-item counts behind "
                            + "catalogue coverage: 2^p one-byte registers per count, relative "
                            + "standard error about 1.04 / sqrt(2^p). Between "
                            + MIN_COVERAGE_PRECISION + " and " + MAX_COVERAGE_PRECISION + ".");

    public static final ConfigOption<String> JOB_NAME =
            ConfigOptions.key("evaluation.job-name")
                    .stringType()
                    .defaultValue("recommend")
                    .withDescription("Value of the job field of every MetricsSnapshot.");

    private EvaluationOptions() {}

    /**
     * Reads {@link #CUTOFFS}: sorted, without duplicates.
     *
     * @throws IllegalArgumentException if the list is empty or contains a value below 1
     */
    public static int[] cutoffs(Configuration conf) {
        List<Integer> values = conf.get(CUTOFFS);
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(
                    "Invalid " + CUTOFFS.key() + "=" + values + ": expected at least one cut-off.");
        }
        TreeSet<Integer> sorted = new TreeSet<>();
        for (Integer k : values) {
            if (k == null || k < 1) {
                throw new IllegalArgumentException(
                        "Invalid " + CUTOFFS.key() + "=" + values + ": every cut-off must be at least 1.");
            }
            sorted.add(k);
        }
        return sorted.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Reads {@link #WINDOW} in milliseconds.
     *
     * @throws IllegalArgumentException if the window is shorter than 1 ms
     */
    public static long windowMillis(Configuration conf) {
        long millis = conf.get(WINDOW).toMillis();
        if (millis < 1) {
            throw new IllegalArgumentException(
                    "Invalid " + WINDOW.key() + "=" + conf.get(WINDOW) + ": expected at least 1 ms.");
        }
        return millis;
    }

    /**
     * Reads {@link #COVERAGE_PRECISION}.
     *
     * @throws IllegalArgumentException if it lies outside the accepted range
     */
    public static int coveragePrecision(Configuration conf) {
        int p = conf.get(COVERAGE_PRECISION);
        if (p < MIN_COVERAGE_PRECISION || p > MAX_COVERAGE_PRECISION) {
            throw new IllegalArgumentException("Invalid " + COVERAGE_PRECISION.key() + "=" + p
                    + ": expected " + MIN_COVERAGE_PRECISION + " to " + MAX_COVERAGE_PRECISION + ".");
        }
        return p;
    }
}
