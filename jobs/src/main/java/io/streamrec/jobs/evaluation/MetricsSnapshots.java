package io.streamrec.jobs.evaluation;

import io.streamrec.schemas.CutoffMetrics;
import io.streamrec.schemas.MetricsScope;
import io.streamrec.schemas.MetricsSnapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Turns a {@link SegmentAccumulator} into a {@link MetricsSnapshot}. */
public final class MetricsSnapshots {

    private MetricsSnapshots() {}

    /**
     * Builds the snapshot of one segment.
     *
     * @param cutoffs the accumulator's cut-offs, in its order
     * @param itemsSeen estimated distinct items of the model and variant's events: the coverage denominator
     */
    public static MetricsSnapshot of(
            String job,
            String model,
            String variant,
            MetricsScope scope,
            String segment,
            long windowStart,
            long windowEnd,
            SegmentAccumulator accumulator,
            int[] cutoffs,
            long itemsSeen,
            long emittedAt) {
        List<CutoffMetrics> perCutoff = new ArrayList<>(cutoffs.length);
        for (int i = 0; i < cutoffs.length; i++) {
            perCutoff.add(CutoffMetrics.newBuilder()
                    .setK(cutoffs[i])
                    .setHits(accumulator.hits[i])
                    .setHitRate(accumulator.hitRate(i))
                    .setMrr(accumulator.meanReciprocalRank(i))
                    .setNdcg(accumulator.meanNdcg(i))
                    .build());
        }

        // Light accumulators (every segment but "all") keep no coverage sketch and no latency: NaN.
        boolean full = accumulator.isFull();
        long itemsRecommended = full ? accumulator.recommendedItems.estimate() : 0;
        // Both counts are estimates, so the ratio can pass 1 slightly where every seen item was recommended.
        double coverage = !full ? Double.NaN
                : itemsSeen == 0 ? 0.0 : Math.min(1.0, (double) itemsRecommended / itemsSeen);

        return MetricsSnapshot.newBuilder()
                .setJob(job)
                .setModel(model)
                .setVariant(variant)
                .setScope(scope)
                .setSegment(segment)
                .setWindowStart(Instant.ofEpochMilli(windowStart))
                .setWindowEnd(Instant.ofEpochMilli(windowEnd))
                .setEventsReceived(accumulator.eventsReceived)
                .setEventsEvaluated(accumulator.eventsEvaluated)
                .setCutoffs(perCutoff)
                .setCoverage(coverage)
                .setItemsRecommended(itemsRecommended)
                .setItemsSeen(itemsSeen)
                .setFallbackShare(accumulator.fallbackShare())
                .setModelVersion(accumulator.maxModelVersion)
                .setLatencyP50Ms(full ? accumulator.latency.quantile(0.50) : Double.NaN)
                .setLatencyP99Ms(full ? accumulator.latency.quantile(0.99) : Double.NaN)
                .setLogLoss(null)
                .setAuc(null)
                .setExamples(null)
                .setEmittedAt(Instant.ofEpochMilli(emittedAt))
                .build();
    }
}
