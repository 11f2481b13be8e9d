package io.streamrec.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * Settings of the built-in storefront simulator. Defaults give a small shop whose traffic has
 * enough structure (category preferences, items that are browsed together, drifting trends) for
 * the models to learn something within a few tens of thousands of events.
 */
public record SimulatorConfig(
        long seed,
        int items,
        int categories,
        int clusterSize,
        int users,
        long maxEvents,
        Instant start,
        Duration meanSessionGap,
        double sameClusterProbability,
        double cartProbability,
        double purchaseProbability,
        double trendShare,
        Duration trendPeriod) {

    public static SimulatorConfig defaults() {
        return new SimulatorConfig(
                42L,
                2_000,
                40,
                8,
                2_000,
                50_000L,
                Instant.parse("2026-01-05T08:00:00Z"),
                Duration.ofHours(6),
                0.6,
                0.08,
                0.35,
                0.02,
                Duration.ofHours(2));
    }

    public SimulatorConfig withMaxEvents(long value) {
        return new SimulatorConfig(seed, items, categories, clusterSize, users, value, start,
                meanSessionGap, sameClusterProbability, cartProbability, purchaseProbability,
                trendShare, trendPeriod);
    }

    public SimulatorConfig withSeed(long value) {
        return new SimulatorConfig(value, items, categories, clusterSize, users, maxEvents, start,
                meanSessionGap, sameClusterProbability, cartProbability, purchaseProbability,
                trendShare, trendPeriod);
    }

    public SimulatorConfig withUsers(int value) {
        return new SimulatorConfig(seed, items, categories, clusterSize, value, maxEvents, start,
                meanSessionGap, sameClusterProbability, cartProbability, purchaseProbability,
                trendShare, trendPeriod);
    }

    /** Checks the settings and throws with the name, the value and the accepted range. */
    public SimulatorConfig validate() {
        requireAtLeast("simulator.items", items, 10);
        requireAtLeast("simulator.categories", categories, 1);
        requireAtLeast("simulator.cluster-size", clusterSize, 2);
        requireAtLeast("simulator.users", users, 1);
        requireAtLeast("simulator.events", maxEvents, 1);
        if (categories > items) {
            throw new IllegalArgumentException("Invalid value " + categories
                    + " for option 'simulator.categories': expected at most the number of items ("
                    + items + ").");
        }
        return this;
    }

    private static void requireAtLeast(String option, long value, long minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException("Invalid value " + value + " for option '" + option
                    + "': expected an integer of at least " + minimum + ".");
        }
    }
}
