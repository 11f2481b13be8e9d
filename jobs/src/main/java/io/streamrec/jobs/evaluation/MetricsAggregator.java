package io.streamrec.jobs.evaluation;

import io.streamrec.jobs.ranking.RankingOutcome;
import io.streamrec.schemas.MetricsScope;
import io.streamrec.schemas.MetricsSnapshot;

import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
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
 *       totals, shows in the next {@code TOTAL} snapshots and in the {@code lateEvents} counter.
 *       A window counts as closed once the current watermark, or the largest watermark that the
 *       key's outcomes and timers saw before a restore, passed its end.</li>
 *   <li>An outcome without model, variant or event item, or with a negative rank, is skipped and
 *       counted in {@code invalidOutcomes}.</li>
 *   <li>Duplicates are not detected here: the ranking stage emits one outcome per event and model
 *       after the profile stage removed duplicate event ids.</li>
 * </ul>
 *
 * <p>State layout. There are only a few keys (models times variants) but one outcome per event and
 * model, so the aggregates live on the heap, in one {@link KeyAggregates} per key of this subtask,
 * and each outcome only updates objects in memory. {@link #snapshotState} writes every key's
 * aggregates to a union list state of {@link AggregateStateEntry}s at each checkpoint, so a restore
 * resumes from exactly the outcomes before the checkpoint barrier. On restore every subtask reads all
 * entries and keeps those of the keys that {@link KeyGroupRangeAssignment} assigns to it, the same
 * assignment as the keyed stream's, so rescaling keeps each key's aggregates on the subtask that
 * receives its outcomes. Window closing stays on keyed event-time timers, which Flink checkpoints and
 * redistributes with the key groups: the only keyed state this function uses.
 *
 * <p>Bounds per key, each entry of fixed size: one {@link SegmentAccumulator} per open window and
 * segment (removed when the window closes, so the number of open windows is bounded by the
 * watermark's out-of-orderness), one per segment for the totals (at most {@link Segments#ordered()}
 * many), and one {@link HyperLogLog} of the items seen. Only the "all" accumulators carry the
 * latency histogram and the coverage sketch (a few kilobytes each). The totals of a model and
 * variant that stops sending outcomes stay in state: a few kilobytes per segment. Every checkpoint
 * writes the whole state, and a restore reads it in every subtask, which is cheap only because the
 * keys are few.
 *
 * <p>NOTE: savepoints taken before the aggregates moved to operator state hold them in keyed state,
 * which this function no longer reads, so a job restored from one starts its metrics from zero.
 */
public class MetricsAggregator
        extends KeyedProcessFunction<Tuple2<String, String>, RankingOutcome, MetricsSnapshot>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(MetricsAggregator.class);

    /** Aggregates of every key at the last checkpoint; each subtask restores all of them, see {@link #initializeState}. */
    static final ListStateDescriptor<AggregateStateEntry> AGGREGATES =
            new ListStateDescriptor<>("evaluation-aggregates", TypeInformation.of(AggregateStateEntry.class));

    private final String jobName;
    private final int[] cutoffs;
    private final long windowMillis;
    private final int coveragePrecision;

    private transient ListState<AggregateStateEntry> checkpointedAggregates;
    private transient Map<Tuple2<String, String>, KeyAggregates> aggregatesByKey;
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

    /**
     * Restores the aggregates of the keys this subtask owns from the union list state, skipping
     * those of other subtasks' keys.
     */
    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        checkpointedAggregates = context.getOperatorStateStore().getUnionListState(AGGREGATES);
        aggregatesByKey = new HashMap<>();
        if (!context.isRestored()) {
            return;
        }

        TaskInfo task = getRuntimeContext().getTaskInfo();
        int maxParallelism = task.getMaxNumberOfParallelSubtasks();
        int parallelism = task.getNumberOfParallelSubtasks();
        int subtask = task.getIndexOfThisSubtask();
        int kept = 0;
        int skipped = 0;
        for (AggregateStateEntry entry : checkpointedAggregates.get()) {
            Tuple2<String, String> key = entry.key();
            if (KeyGroupRangeAssignment.assignKeyToParallelOperator(key, maxParallelism, parallelism) != subtask) {
                skipped++;
                continue;
            }
            aggregatesByKey.computeIfAbsent(key, k -> new KeyAggregates(cutoffs, coveragePrecision)).restore(entry);
            kept++;
        }
        LOG.info("Restored evaluation aggregates of {} keys in subtask {} of {}: kept {} entries, skipped {} of other subtasks' keys",
                aggregatesByKey.size(), subtask, parallelism, kept, skipped);
    }

    /** Replaces the list state with every key's current aggregates. */
    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        List<AggregateStateEntry> entries = new ArrayList<>();
        for (Map.Entry<Tuple2<String, String>, KeyAggregates> key : aggregatesByKey.entrySet()) {
            key.getValue().writeEntries(key.getKey(), entries);
        }
        // The operator state backend deep-copies the list with the POJO serializer in the
        // checkpoint's synchronous phase, so later outcomes cannot change the checkpoint.
        checkpointedAggregates.update(entries);
        LOG.debug("Checkpoint {}: wrote {} evaluation aggregate entries of {} keys",
                context.getCheckpointId(), entries.size(), aggregatesByKey.size());
    }

    @Override
    public void open(OpenContext openContext) {
        metricsByGroup = new HashMap<>();
        invalidOutcomes = getRuntimeContext().getMetricGroup().counter(EvaluationMetricNames.INVALID_OUTCOMES);
    }

    @Override
    public void processElement(RankingOutcome event, Context ctx, Collector<MetricsSnapshot> out) {
        if (event.model == null || event.variant == null || event.eventItemId == null || event.rank < 0) {
            invalidOutcomes.inc();
            if (invalidOutcomes.getCount() == 1) {
                LOG.warn("Skipping an invalid evaluation outcome (further ones are only counted in {}): {}",
                        EvaluationMetricNames.INVALID_OUTCOMES, event);
            }
            return;
        }

        Tuple2<String, String> key = ctx.getCurrentKey();
        KeyAggregates aggregates = aggregatesByKey.get(key);
        if (aggregates == null) {
            aggregates = new KeyAggregates(cutoffs, coveragePrecision);
            aggregatesByKey.put(Tuple2.of(key.f0, key.f1), aggregates);
        }
        aggregates.recordSeenItem(event);

        GroupMetrics metrics = groupMetrics(key);
        metrics.record(event);

        long windowStart = Math.floorDiv(event.eventTimeMillis, windowMillis) * windowMillis;
        long windowEnd = windowStart + windowMillis;
        List<String> segments = Segments.of(event);
        long watermark = ctx.timerService().currentWatermark();
        boolean late = aggregates.isClosed(windowEnd, watermark);
        aggregates.observeWatermark(watermark);
        if (late) {
            metrics.lateEvents.inc();
            aggregates.addToTotals(event, segments);
            return;
        }

        aggregates.addToWindow(windowStart, event, segments);
        ctx.timerService().registerEventTimeTimer(windowEnd - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MetricsSnapshot> out) {
        Tuple2<String, String> key = ctx.getCurrentKey();
        KeyAggregates aggregates = aggregatesByKey.get(key);
        if (aggregates == null) {
            // Only a timer restored without its aggregates gets here, such as from a savepoint of
            // the keyed-state version of this function.
            LOG.debug("No evaluation aggregates of {} for the timer at {}", key, timestamp);
            return;
        }

        aggregates.observeWatermark(ctx.timerService().currentWatermark());
        long windowEnd = timestamp + 1;
        long windowStart = windowEnd - windowMillis;
        long now = ctx.timerService().currentProcessingTime();
        long itemsSeen = aggregates.itemsSeen();

        Map<String, SegmentAccumulator> window = aggregates.closeWindow(windowStart);
        for (String segment : Segments.ordered()) {
            SegmentAccumulator accumulator = window.get(segment);
            if (accumulator != null) {
                out.collect(MetricsSnapshots.of(jobName, key.f0, key.f1, MetricsScope.WINDOW, segment,
                        windowStart, windowEnd, accumulator, cutoffs, itemsSeen, now));
            }
        }

        long totalStart = aggregates.firstWindowStartOr(windowStart);
        GroupMetrics metrics = groupMetrics(key);
        for (String segment : Segments.ordered()) {
            SegmentAccumulator total = aggregates.total(segment);
            if (total == null) {
                continue;
            }
            out.collect(MetricsSnapshots.of(jobName, key.f0, key.f1, MetricsScope.TOTAL, segment,
                    totalStart, windowEnd, total, cutoffs, itemsSeen, now));
            metrics.refresh(segment, total, itemsSeen);
        }
    }

    /** Returns the number of open-window accumulators of {@code key} in memory: for tests of state cleanup. */
    int openWindowAccumulators(Tuple2<String, String> key) {
        KeyAggregates aggregates = aggregatesByKey.get(key);
        return aggregates == null ? 0 : aggregates.openWindowAccumulators();
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
