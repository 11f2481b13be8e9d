package io.streamrec.jobs.evaluation;

import io.streamrec.jobs.ranking.RankingOutcome;

/**
 * Sums of the prequential metrics of one segment over one time span, of fixed size: a few
 * counters per cut-off, a {@link LatencyHistogram} and a {@link HyperLogLog} of the recommended
 * items. Two accumulators of the same cut-offs and precision merge into the accumulator of the
 * union of their events.
 *
 * <p>A Flink POJO (public fields, no-argument constructor), so it can live in keyed state.
 */
public class SegmentAccumulator {

    /** Events added, tested or not: one new list each. */
    public long eventsReceived;

    /** Tested events: the denominator of the hit rate, MRR and NDCG. */
    public long eventsEvaluated;

    /** New lists filled mostly by the popularity fallback. */
    public long fallbackLists;

    /** Newest model version among the outcomes added. */
    public long maxModelVersion;

    /** Per cut-off index: tested events whose rank was at most K. */
    public long[] hits;

    /** Per cut-off index: sum of the reciprocal ranks at K. */
    public double[] reciprocalRankSum;

    /** Per cut-off index: sum of the NDCG values at K. */
    public double[] ndcgSum;

    public LatencyHistogram latency;

    /** Distinct items of the new lists. */
    public HyperLogLog recommendedItems;

    /** For Flink's POJO serializer only. */
    public SegmentAccumulator() {}

    /** Creates an empty accumulator for {@code cutoffCount} cut-offs and sketches of the given precision. */
    public SegmentAccumulator(int cutoffCount, int coveragePrecision) {
        this(cutoffCount, coveragePrecision, true);
    }

    /**
     * Creates an empty accumulator; a light one ({@code full} false) counts hits and ranks but keeps
     * no latency histogram and no coverage sketch. Those two are most of an accumulator's size, and
     * the aggregator reads and writes each accumulator of an event's segments on every event.
     */
    public SegmentAccumulator(int cutoffCount, int coveragePrecision, boolean full) {
        hits = new long[cutoffCount];
        reciprocalRankSum = new double[cutoffCount];
        ndcgSum = new double[cutoffCount];
        if (full) {
            latency = new LatencyHistogram();
            recommendedItems = new HyperLogLog(coveragePrecision);
        }
    }

    /** Returns whether this accumulator keeps latency and coverage. */
    public boolean isFull() {
        return latency != null && recommendedItems != null;
    }

    /**
     * Adds one outcome. Ranking metrics change only when the event is tested.
     *
     * @param cutoffs the cut-offs this accumulator was created for, in the same order
     * @throws IllegalArgumentException if the rank is negative
     */
    public void add(RankingOutcome event, int[] cutoffs) {
        eventsReceived++;
        maxModelVersion = Math.max(maxModelVersion, event.modelVersion);
        if (event.mostlyFallback) {
            fallbackLists++;
        }
        if (latency != null) {
            latency.add(event.latencyMillis());
        }
        if (recommendedItems != null && event.newListItemIds != null) {
            for (String item : event.newListItemIds) {
                if (item != null) {
                    recommendedItems.add(item);
                }
            }
        }

        if (!event.tested()) {
            return;
        }
        eventsEvaluated++;
        for (int i = 0; i < cutoffs.length; i++) {
            if (RankingMetrics.hit(event.rank, cutoffs[i])) {
                hits[i]++;
            }
            reciprocalRankSum[i] += RankingMetrics.reciprocalRank(event.rank, cutoffs[i]);
            ndcgSum[i] += RankingMetrics.ndcg(event.rank, cutoffs[i]);
        }
    }

    /** Adds every outcome of {@code other}, which has the same cut-offs and sketch precision. */
    public void merge(SegmentAccumulator other) {
        eventsReceived += other.eventsReceived;
        eventsEvaluated += other.eventsEvaluated;
        fallbackLists += other.fallbackLists;
        maxModelVersion = Math.max(maxModelVersion, other.maxModelVersion);
        for (int i = 0; i < hits.length; i++) {
            hits[i] += other.hits[i];
            reciprocalRankSum[i] += other.reciprocalRankSum[i];
            ndcgSum[i] += other.ndcgSum[i];
        }
        if (latency != null && other.latency != null) {
            latency.merge(other.latency);
        }
        if (recommendedItems != null && other.recommendedItems != null) {
            recommendedItems.merge(other.recommendedItems);
        }
    }

    /** Returns HR at cut-off index {@code i}, or 0 when no event was tested. */
    public double hitRate(int i) {
        return eventsEvaluated == 0 ? 0.0 : (double) hits[i] / eventsEvaluated;
    }

    /** Returns MRR at cut-off index {@code i}, or 0 when no event was tested. */
    public double meanReciprocalRank(int i) {
        return eventsEvaluated == 0 ? 0.0 : reciprocalRankSum[i] / eventsEvaluated;
    }

    /** Returns NDCG at cut-off index {@code i}, or 0 when no event was tested. */
    public double meanNdcg(int i) {
        return eventsEvaluated == 0 ? 0.0 : ndcgSum[i] / eventsEvaluated;
    }

    /** Returns the share of lists filled mostly by the fallback, or 0 when none was made. */
    public double fallbackShare() {
        return eventsReceived == 0 ? 0.0 : (double) fallbackLists / eventsReceived;
    }
}
