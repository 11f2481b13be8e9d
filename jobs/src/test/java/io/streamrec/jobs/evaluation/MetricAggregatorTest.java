package io.streamrec.jobs.evaluation;

import static io.streamrec.jobs.evaluation.Outcomes.MINUTE;
import static io.streamrec.jobs.evaluation.Outcomes.SECOND;
import static io.streamrec.jobs.evaluation.Outcomes.T0;
import static io.streamrec.jobs.evaluation.Outcomes.outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.jobs.ranking.RankingOutcome;
import io.streamrec.schemas.EventType;
import io.streamrec.schemas.MetricsScope;
import io.streamrec.schemas.MetricsSnapshot;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Operator-harness tests of {@link MetricsAggregator}: windows, totals, late outcomes and state cleanup. */
class MetricAggregatorTest {

    private static final double EPS = 1e-12;
    private static final int[] CUTOFFS = {1, 5, 10, 20};

    private KeyedOneInputStreamOperatorTestHarness<Tuple2<String, String>, RankingOutcome, MetricsSnapshot> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = newHarness();
        harness.open();
    }

    /** Returns a harness around a fresh aggregator, not yet opened, so a test can restore state first. */
    private static KeyedOneInputStreamOperatorTestHarness<Tuple2<String, String>, RankingOutcome, MetricsSnapshot> newHarness()
            throws Exception {
        MetricsAggregator aggregator = new MetricsAggregator("recommend", CUTOFFS, MINUTE, 11);
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(aggregator),
                new EvaluationPipeline.ModelVariantKey(),
                Types.TUPLE(Types.STRING, Types.STRING));
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void windowClosesWithWindowAndTotalSnapshots() throws Exception {
        process(outcome("popularity").at(T0 + SECOND).rank(1).recommended("a", "b").build());
        process(outcome("popularity").at(T0 + 2 * SECOND).rank(7).recommended("b", "c").build());
        process(outcome("popularity").at(T0 + 3 * SECOND).newUser().fallback().recommended("c", "d").build());

        assertTrue(harness.extractOutputValues().isEmpty(), "nothing before the watermark passes the window end");

        harness.processWatermark(new Watermark(T0 + MINUTE - 1));
        List<MetricsSnapshot> out = harness.extractOutputValues();

        MetricsSnapshot window = find(out, MetricsScope.WINDOW, Segments.ALL).orElseThrow();
        assertEquals(T0, window.getWindowStart().toEpochMilli());
        assertEquals(T0 + MINUTE, window.getWindowEnd().toEpochMilli());
        assertEquals(3, window.getEventsReceived());
        assertEquals(2, window.getEventsEvaluated());
        assertEquals(0.5, window.getCutoffs().get(0).getHitRate(), EPS);
        assertEquals(0.5, window.getCutoffs().get(1).getHitRate(), EPS);
        assertEquals(1.0, window.getCutoffs().get(2).getHitRate(), EPS);
        assertEquals((1.0 + 1.0 / 7) / 2, window.getCutoffs().get(3).getMrr(), EPS);
        assertEquals((1.0 + 1.0 / 3) / 2, window.getCutoffs().get(3).getNdcg(), EPS);
        assertEquals(1.0 / 3, window.getFallbackShare(), EPS);
        // Recommended a, b, c, d; seen: only the event item i1.
        assertEquals(4, window.getItemsRecommended());
        assertEquals(1, window.getItemsSeen());

        MetricsSnapshot total = find(out, MetricsScope.TOTAL, Segments.ALL).orElseThrow();
        assertEquals(3, total.getEventsReceived());
        assertEquals(window.getCutoffs(), total.getCutoffs());

        MetricsSnapshot newUsers = find(out, MetricsScope.WINDOW, Segments.NEW_USER).orElseThrow();
        assertEquals(1, newUsers.getEventsReceived());
        assertEquals(0, newUsers.getEventsEvaluated());
        assertEquals(0.0, newUsers.getCutoffs().get(3).getHitRate(), EPS);
        assertFalse(find(out, MetricsScope.WINDOW, Segments.ofEventType(EventType.PURCHASE)).isPresent());
    }

    @Test
    void segmentsSeparateNextNewItemAndEventTypes() throws Exception {
        process(outcome("m").at(T0).rank(2).type(EventType.VIEW).build());
        process(outcome("m").at(T0).rank(0).type(EventType.VIEW).repeatedItem().build());
        process(outcome("m").at(T0).rank(4).type(EventType.PURCHASE).build());
        process(outcome("m").at(T0).rank(0).type(EventType.PURCHASE).repeatedItem().build());

        harness.processWatermark(new Watermark(T0 + MINUTE));
        List<MetricsSnapshot> out = harness.extractOutputValues();

        MetricsSnapshot all = find(out, MetricsScope.WINDOW, Segments.ALL).orElseThrow();
        MetricsSnapshot nextNew = find(out, MetricsScope.WINDOW, Segments.NEXT_NEW_ITEM).orElseThrow();
        MetricsSnapshot purchases = find(out, MetricsScope.WINDOW, Segments.ofEventType(EventType.PURCHASE)).orElseThrow();
        assertEquals(4, all.getEventsEvaluated());
        assertEquals(0.5, all.getCutoffs().get(1).getHitRate(), EPS);
        assertEquals(2, nextNew.getEventsEvaluated());
        assertEquals(1.0, nextNew.getCutoffs().get(1).getHitRate(), EPS);
        assertEquals((1.0 / 2 + 1.0 / 4) / 2, nextNew.getCutoffs().get(1).getMrr(), EPS);
        assertEquals(2, purchases.getEventsEvaluated());
        assertEquals(0.5, purchases.getCutoffs().get(1).getHitRate(), EPS);
    }

    @Test
    void totalsAccumulateAcrossWindows() throws Exception {
        process(outcome("m").at(T0 + SECOND).rank(1).build());
        process(outcome("m").at(T0 + MINUTE + SECOND).rank(0).build());
        process(outcome("m").at(T0 + MINUTE + 2 * SECOND).rank(3).build());

        harness.processWatermark(new Watermark(T0 + MINUTE - 1));
        int before = harness.extractOutputValues().size();
        harness.processWatermark(new Watermark(T0 + 2 * MINUTE - 1));
        List<MetricsSnapshot> out = harness.extractOutputValues();
        out = out.subList(before, out.size());

        MetricsSnapshot window = find(out, MetricsScope.WINDOW, Segments.ALL).orElseThrow();
        MetricsSnapshot total = find(out, MetricsScope.TOTAL, Segments.ALL).orElseThrow();
        assertEquals(2, window.getEventsEvaluated());
        assertEquals(0.5, window.getCutoffs().get(1).getHitRate(), EPS);
        assertEquals(3, total.getEventsEvaluated());
        assertEquals(2.0 / 3, total.getCutoffs().get(1).getHitRate(), EPS);
        assertEquals(T0, total.getWindowStart().toEpochMilli());
        assertEquals(T0 + 2 * MINUTE, total.getWindowEnd().toEpochMilli());
    }

    @Test
    void closedWindowStateIsRemoved() throws Exception {
        process(outcome("m").at(T0).rank(1).build());
        process(outcome("m").at(T0 + MINUTE).rank(1).build());
        assertEquals(2 * 4, windowEntries());

        harness.processWatermark(new Watermark(T0 + MINUTE - 1));
        assertEquals(4, windowEntries());

        harness.processWatermark(new Watermark(T0 + 2 * MINUTE - 1));
        assertEquals(0, windowEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void lateOutcomeCountsInTotalsOnly() throws Exception {
        process(outcome("m").at(T0).rank(1).build());
        harness.processWatermark(new Watermark(T0 + MINUTE - 1));
        process(outcome("m").at(T0 + 2 * SECOND).rank(0).build());
        process(outcome("m").at(T0 + MINUTE + SECOND).rank(1).build());
        int before = harness.extractOutputValues().size();

        harness.processWatermark(new Watermark(T0 + 2 * MINUTE - 1));
        List<MetricsSnapshot> out = harness.extractOutputValues();
        out = out.subList(before, out.size());

        assertEquals(1, find(out, MetricsScope.WINDOW, Segments.ALL).orElseThrow().getEventsEvaluated());
        MetricsSnapshot total = find(out, MetricsScope.TOTAL, Segments.ALL).orElseThrow();
        assertEquals(3, total.getEventsEvaluated());
        assertEquals(2.0 / 3, total.getCutoffs().get(0).getHitRate(), EPS);
    }

    @Test
    void modelsAndVariantsAreSeparateKeys() throws Exception {
        process(outcome("popularity").at(T0).rank(1).build());
        process(outcome("cooccurrence").at(T0).rank(0).build());
        process(outcome("cooccurrence").variant("b").at(T0).rank(2).build());

        harness.processWatermark(new Watermark(T0 + MINUTE));
        List<MetricsSnapshot> out = harness.extractOutputValues();

        List<String> groups = new ArrayList<>();
        for (MetricsSnapshot s : out) {
            if (s.getScope() == MetricsScope.TOTAL && s.getSegment().equals(Segments.ALL)) {
                groups.add(s.getModel() + "/" + s.getVariant() + "=" + s.getCutoffs().get(1).getHits());
            }
        }
        groups.sort(String::compareTo);
        assertEquals(List.of("cooccurrence/b=1", "cooccurrence/default=0", "popularity/default=1"), groups);
    }

    @Test
    void stateSurvivesSnapshotAndRestore() throws Exception {
        process(outcome("m").at(T0).rank(1).recommended("a", "b").build());
        process(outcome("m").at(T0 + SECOND).rank(0).recommended("b", "c").build());
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0 + 2 * SECOND);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        process(outcome("m").at(T0 + 2 * SECOND).rank(3).build());
        harness.processWatermark(new Watermark(T0 + MINUTE));

        MetricsSnapshot window = find(harness.extractOutputValues(), MetricsScope.WINDOW, Segments.ALL).orElseThrow();
        assertEquals(3, window.getEventsEvaluated());
        assertEquals(2, window.getCutoffs().get(1).getHits());
        assertEquals(3, window.getItemsRecommended());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void invalidOutcomeIsSkipped() throws Exception {
        RankingOutcome noModel = outcome("m").at(T0).rank(1).build();
        noModel.model = null;
        process(noModel);
        process(outcome("m").at(T0).rank(-3).build());
        process(outcome("m").at(T0).rank(1).build());

        harness.processWatermark(new Watermark(T0 + MINUTE));

        MetricsSnapshot all = find(harness.extractOutputValues(), MetricsScope.WINDOW, Segments.ALL).orElseThrow();
        assertEquals(1, all.getEventsReceived());
    }

    @Test
    void groupMetricsExposeCountersAndGauges() {
        CapturingGroup group = new CapturingGroup();
        MetricsAggregator.GroupMetrics metrics = new MetricsAggregator.GroupMetrics(group, CUTOFFS);
        SegmentAccumulator total = new SegmentAccumulator(CUTOFFS.length, 11);
        for (RankingOutcome e : List.of(
                outcome("m").rank(3).latency(40).build(),
                outcome("m").rank(0).latency(40).build(),
                outcome("m").newUser().latency(40).build())) {
            metrics.record(e);
            total.add(e, CUTOFFS);
        }

        metrics.refresh(Segments.ALL, total, 10);

        assertEquals(3, ((Counter) group.metrics.get("eventsReceived")).getCount());
        assertEquals(2, ((Counter) group.metrics.get("eventsEvaluated")).getCount());
        assertEquals(0, ((Counter) group.metrics.get("hits@1")).getCount());
        assertEquals(1, ((Counter) group.metrics.get("hits@5")).getCount());
        assertEquals(0.5, (Double) ((Gauge<?>) group.metrics.get("hr@20")).getValue(), EPS);
        assertEquals(1.0 / 6, (Double) ((Gauge<?>) group.metrics.get("mrr@20")).getValue(), EPS);
        assertEquals(0.0, (Double) ((Gauge<?>) group.metrics.get("nextNewItemHr@20")).getValue(), EPS);
        assertEquals(3, ((LatencyHistogramMetric) group.metrics.get("recommendationLatencyMs")).getCount());
    }

    @Test
    void stateTypesAreFlinkPojos() {
        for (Class<?> type : List.of(RankingOutcome.class, SegmentAccumulator.class, HyperLogLog.class, LatencyHistogram.class,
                AggregateStateEntry.class)) {
            TypeInformation<?> info = TypeInformation.of(type);
            assertInstanceOf(PojoTypeInfo.class, info, type.getSimpleName());
            PojoTypeInfo<?> pojo = (PojoTypeInfo<?>) info;
            for (int i = 0; i < pojo.getArity(); i++) {
                assertFalse(pojo.getPojoFieldAt(i).getTypeInformation() instanceof GenericTypeInfo,
                        type.getSimpleName() + "." + pojo.getPojoFieldAt(i).getField().getName() + " falls back to Kryo");
            }
        }
    }

    private void process(RankingOutcome event) throws Exception {
        harness.processElement(event, event.eventTimeMillis);
    }

    private int windowEntries() {
        KeyedProcessOperator<?, ?, ?> operator = (KeyedProcessOperator<?, ?, ?>) harness.getOperator();
        MetricsAggregator aggregator = (MetricsAggregator) operator.getUserFunction();
        return aggregator.openWindowAccumulators(Tuple2.of("m", "default"));
    }

    private static Optional<MetricsSnapshot> find(List<MetricsSnapshot> out, MetricsScope scope, String segment) {
        MetricsSnapshot found = null;
        for (MetricsSnapshot s : out) {
            if (s.getScope() == scope && s.getSegment().equals(segment)) {
                assertNull(found, "more than one " + scope + " snapshot of " + segment);
                found = s;
            }
        }
        return Optional.ofNullable(found);
    }

    /** A metric group that keeps every metric registered on it or on its subgroups, by name. */
    static final class CapturingGroup extends UnregisteredMetricsGroup {

        final Map<String, Metric> metrics = new HashMap<>();

        @Override
        public Counter counter(String name) {
            Counter counter = new org.apache.flink.metrics.SimpleCounter();
            metrics.put(name, counter);
            return counter;
        }

        @Override
        public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
            metrics.put(name, gauge);
            return gauge;
        }

        @Override
        public <H extends org.apache.flink.metrics.Histogram> H histogram(String name, H histogram) {
            metrics.put(name, histogram);
            return histogram;
        }

        @Override
        public MetricGroup addGroup(String key, String value) {
            return this;
        }
    }
}
