package io.streamrec.jobs.evaluation;

import io.streamrec.jobs.ranking.RankingOutcome;
import io.streamrec.schemas.MetricsScope;
import io.streamrec.schemas.MetricsSnapshot;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Aggregates prequential outcomes of one model and A/B variant (the key) into metrics per
 * segment, over event-time tumbling windows and as running totals since the start.
 *
 * <p>Contract:
 * <ul>
 *   <li>Input: {@link RankingOutcome}s keyed by (model, variant), on a stream with event-time
 *       watermarks. An outcome goes into the window {@code [start, start + window)} that contains its
 *       {@code eventTime}, in any arrival order, as long as that window has not closed.</li>
 *   <li>When the watermark passes a window's end, the window's accumulators are merged into the
 *       running totals and removed from state, and the function emits one {@code WINDOW} snapshot
 *       per segment that had events in the window, then one {@code TOTAL} snapshot per segment
 *       that had events since the start.</li>
 *   <li>An outcome whose window has already closed is late: it goes straight into the running
 *       totals, shows in the next {@code TOTAL} snapshots and in the {@code lateEvents} counter.</li>
 *   <li>An outcome without model, variant or event item, or with a negative rank, is skipped and
 *       counted in {@code invalidOutcomes}.</li>
 *   <li>Duplicates are not detected here: the ranking stage emits one outcome per event and model
 *       after the profile stage removed duplicate event ids.</li>
 * </ul>
 *
 * <p>State per key, all of fixed size per entry: one {@link SegmentAccumulator} per open window and
 * segment (removed when the window closes, so the number of open windows is bounded by the
 * watermark's out-of-orderness), one per segment for the totals (at most {@link Segments#ordered()}
 * many), and one {@link HyperLogLog} of the items seen. The totals of a model and variant that
 * stops sending outcomes stay in state: a few kilobytes per segment.
 *
 * <p>NOTE: each outcome reads and writes its segments' accumulators and the seen-items sketch in
 * RocksDB. Only the "all" accumulator carries the histogram and the coverage sketch (a few
 * kilobytes); even so, this operator limits the job's throughput. Pre-aggregating in memory
 * between checkpoints would remove most of that cost.
 */
public class MetricsAggregator
        extends KeyedProcessFunction<Tuple2<String, String>, RankingOutcome, MetricsSnapshot> {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(MetricsAggregator.class);

    /** Open windows: key {@code <windowStart>/<segment>}. */
    static final MapStateDescriptor<String, SegmentAccumulator> WINDOW_ACCUMULATORS =
            new MapStateDescriptor<>("window-accumulators", Types.STRING, TypeInformation.of(SegmentAccumulator.class));

    /** Running totals: key segment. */
    static final MapStateDescriptor<String, SegmentAccumulator> TOTAL_ACCUMULATORS =
            new MapStateDescriptor<>("total-accumulators", Types.STRING, TypeInformation.of(SegmentAccumulator.class));

    /** Distinct event items since the start: the coverage denominator. */
    static final ValueStateDescriptor<HyperLogLog> SEEN_ITEMS =
            new ValueStateDescriptor<>("seen-items", TypeInformation.of(HyperLogLog.class));

    /** Start of the earliest window that received an outcome: the start of every TOTAL snapshot. */
    static final ValueStateDescriptor<Long> FIRST_WINDOW_START =
            new ValueStateDescriptor<>("first-window-start", Types.LONG);

    private final String jobName;
    private final int[] cutoffs;
    private final long windowMillis;
    private final int coveragePrecision;

    private transient MapState<String, SegmentAccumulator> windowAccumulators;
    private transient MapState<String, SegmentAccumulator> totalAccumulators;
    private transient ValueState<HyperLogLog> seenItems;
    private transient ValueState<Long> firstWindowStart;
    private transient Map<Tuple2<String, String>, GroupMetrics> metricsByGroup;
    private transient Counter invalidOutcomes;

    /**
     * Creates the function.
     *
     * @param jobName value of every snapshot's job field
     * @param cutoffs cut-offs K, sorted ascending, each at least 1
     * @param windowMillis tumbling window length in milliseconds, at least 1
     * @param coveragePrecision HyperLogLog precision of the coverage counts
     */
    public MetricsAggregator(String jobName, int[] cutoffs, long windowMillis, int coveragePrecision) {
        if (cutoffs.length == 0 || windowMillis < 1) {
            throw new IllegalArgumentException("Invalid evaluation settings: cutoffs=" + java.util.Arrays.toString(cutoffs)
                    + ", windowMillis=" + windowMillis + "; expected at least one cut-off and a window of at least 1 ms.");
        }
        this.jobName = jobName;
        this.cutoffs = cutoffs.clone();
        this.windowMillis = windowMillis;
        this.coveragePrecision = coveragePrecision;
    }

    @Override
    public void open(OpenContext openContext) {
        windowAccumulators = getRuntimeContext().getMapState(WINDOW_ACCUMULATORS);
        totalAccumulators = getRuntimeContext().getMapState(TOTAL_ACCUMULATORS);
        seenItems = getRuntimeContext().getState(SEEN_ITEMS);
        firstWindowStart = getRuntimeContext().getState(FIRST_WINDOW_START);
        metricsByGroup = new HashMap<>();
        invalidOutcomes = getRuntimeContext().getMetricGroup().counter(EvaluationMetricNames.INVALID_OUTCOMES);
    }

    @Override
    public void processElement(RankingOutcome event, Context ctx, Collector<MetricsSnapshot> out) throws Exception {
        if (event.model == null || event.variant == null || event.eventItemId == null || event.rank < 0) {
            invalidOutcomes.inc();
            if (invalidOutcomes.getCount() == 1) {
                LOG.warn("Skipping an invalid evaluation outcome (further ones are only counted in {}): {}",
                        EvaluationMetricNames.INVALID_OUTCOMES, event);
            }
            return;
        }

        HyperLogLog seen = seenItems.value();
        if (seen == null) {
            seen = new HyperLogLog(coveragePrecision);
        }
        seen.add(event.eventItemId);
        seenItems.update(seen);

        GroupMetrics metrics = groupMetrics(ctx.getCurrentKey());
        metrics.record(event);

        long windowStart = Math.floorDiv(event.eventTimeMillis, windowMillis) * windowMillis;
        long windowEnd = windowStart + windowMillis;
        List<String> segments = Segments.of(event);
        if (windowEnd - 1 <= ctx.timerService().currentWatermark()) {
            metrics.lateEvents.inc();
            for (String segment : segments) {
                SegmentAccumulator total = getOrCreate(totalAccumulators, segment);
                total.add(event, cutoffs);
                totalAccumulators.put(segment, total);
            }
            return;
        }

        for (String segment : segments) {
            String key = windowKey(windowStart, segment);
            SegmentAccumulator accumulator = getOrCreate(windowAccumulators, key);
            accumulator.add(event, cutoffs);
            windowAccumulators.put(key, accumulator);
        }
        Long first = firstWindowStart.value();
        if (first == null || windowStart < first) {
            firstWindowStart.update(windowStart);
        }
        ctx.timerService().registerEventTimeTimer(windowEnd - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MetricsSnapshot> out) throws Exception {
        long windowEnd = timestamp + 1;
        long windowStart = windowEnd - windowMillis;
        Tuple2<String, String> key = ctx.getCurrentKey();
        long now = ctx.timerService().currentProcessingTime();
        HyperLogLog seen = seenItems.value();
        long itemsSeen = seen == null ? 0 : seen.estimate();

        for (String segment : Segments.ordered()) {
            String stateKey = windowKey(windowStart, segment);
            SegmentAccumulator window = windowAccumulators.get(stateKey);
            if (window == null) {
                continue;
            }
            SegmentAccumulator total = getOrCreate(totalAccumulators, segment);
            total.merge(window);
            totalAccumulators.put(segment, total);
            windowAccumulators.remove(stateKey);
            out.collect(MetricsSnapshots.of(jobName, key.f0, key.f1, MetricsScope.WINDOW, segment,
                    windowStart, windowEnd, window, cutoffs, itemsSeen, now));
        }

        Long first = firstWindowStart.value();
        long totalStart = first == null ? windowStart : first;
        GroupMetrics metrics = groupMetrics(key);
        for (String segment : Segments.ordered()) {
            SegmentAccumulator total = totalAccumulators.get(segment);
            if (total == null) {
                continue;
            }
            out.collect(MetricsSnapshots.of(jobName, key.f0, key.f1, MetricsScope.TOTAL, segment,
                    totalStart, windowEnd, total, cutoffs, itemsSeen, now));
            metrics.refresh(segment, total, itemsSeen);
        }
    }

    private SegmentAccumulator getOrCreate(MapState<String, SegmentAccumulator> state, String key) throws Exception {
        SegmentAccumulator accumulator = state.get(key);
        // Only the "all" segment keeps latency and coverage: see SegmentAccumulator's light form.
        boolean full = key.equals(Segments.ALL) || key.endsWith("/" + Segments.ALL);
        return accumulator != null ? accumulator : new SegmentAccumulator(cutoffs.length, coveragePrecision, full);
    }

    static String windowKey(long windowStart, String segment) {
        return windowStart + "/" + segment;
    }

    private GroupMetrics groupMetrics(Tuple2<String, String> key) {
        GroupMetrics metrics = metricsByGroup.get(key);
        if (metrics == null) {
            MetricGroup group = getRuntimeContext().getMetricGroup()
                    .addGroup(EvaluationMetricNames.MODEL_GROUP, key.f0)
                    .addGroup(EvaluationMetricNames.VARIANT_GROUP, key.f1);
            metrics = new GroupMetrics(group, cutoffs);
            metricsByGroup.put(Tuple2.of(key.f0, key.f1), metrics);
        }
        return metrics;
    }

    /** The Flink metrics of one model and variant, registered on first use. */
    static final class GroupMetrics {

        private final int[] cutoffs;
        private final Counter eventsReceived;
        private final Counter eventsEvaluated;
        private final Counter[] hits;
        private final Counter lateEvents;
        private final LatencyHistogramMetric latency;
        private final double[] hitRate;
        private final double[] mrr;
        private final double[] ndcg;
        private final double[] nextNewItemHitRate;
        private final double[] nextNewItemMrr;
        private volatile double coverage;
        private volatile double fallbackShare;

        GroupMetrics(MetricGroup group, int[] cutoffs) {
            this.cutoffs = cutoffs;
            eventsReceived = group.counter(EvaluationMetricNames.EVENTS_RECEIVED);
            eventsEvaluated = group.counter(EvaluationMetricNames.EVENTS_EVALUATED);
            lateEvents = group.counter(EvaluationMetricNames.LATE_EVENTS);
            latency = group.histogram(EvaluationMetricNames.LATENCY_MS, new LatencyHistogramMetric());
            hits = new Counter[cutoffs.length];
            hitRate = new double[cutoffs.length];
            mrr = new double[cutoffs.length];
            ndcg = new double[cutoffs.length];
            nextNewItemHitRate = new double[cutoffs.length];
            nextNewItemMrr = new double[cutoffs.length];
            for (int i = 0; i < cutoffs.length; i++) {
                int index = i;
                int k = cutoffs[i];
                hits[i] = group.counter(EvaluationMetricNames.HITS_PREFIX + k);
                group.gauge(EvaluationMetricNames.HIT_RATE_PREFIX + k, () -> hitRate[index]);
                group.gauge(EvaluationMetricNames.MRR_PREFIX + k, () -> mrr[index]);
                group.gauge(EvaluationMetricNames.NDCG_PREFIX + k, () -> ndcg[index]);
                group.gauge(EvaluationMetricNames.NEXT_NEW_ITEM_HIT_RATE_PREFIX + k, () -> nextNewItemHitRate[index]);
                group.gauge(EvaluationMetricNames.NEXT_NEW_ITEM_MRR_PREFIX + k, () -> nextNewItemMrr[index]);
            }
            group.gauge(EvaluationMetricNames.COVERAGE, () -> coverage);
            group.gauge(EvaluationMetricNames.FALLBACK_SHARE, () -> fallbackShare);
        }

        void record(RankingOutcome event) {
            eventsReceived.inc();
            latency.update(event.latencyMillis());
            if (!event.tested()) {
                return;
            }
            eventsEvaluated.inc();
            for (int i = 0; i < cutoffs.length; i++) {
                if (RankingMetrics.hit(event.rank, cutoffs[i])) {
                    hits[i].inc();
                }
            }
        }

        // NOTE: the gauge arrays are written by the task thread and read by reporters without
        // locking, so a reporter can see values of two consecutive refreshes mixed.
        void refresh(String segment, SegmentAccumulator total, long itemsSeen) {
            if (Segments.ALL.equals(segment)) {
                for (int i = 0; i < cutoffs.length; i++) {
                    hitRate[i] = total.hitRate(i);
                    mrr[i] = total.meanReciprocalRank(i);
                    ndcg[i] = total.meanNdcg(i);
                }
                long recommended = total.recommendedItems.estimate();
                coverage = itemsSeen == 0 ? 0.0 : Math.min(1.0, (double) recommended / itemsSeen);
                fallbackShare = total.fallbackShare();
            } else if (Segments.NEXT_NEW_ITEM.equals(segment)) {
                for (int i = 0; i < cutoffs.length; i++) {
                    nextNewItemHitRate[i] = total.hitRate(i);
                    nextNewItemMrr[i] = total.meanReciprocalRank(i);
                }
            }
        }

        double hitRate(int i) {
            return hitRate[i];
        }

        double nextNewItemHitRate(int i) {
            return nextNewItemHitRate[i];
        }
    }
}
