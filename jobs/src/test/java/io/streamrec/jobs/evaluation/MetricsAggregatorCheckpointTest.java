package io.streamrec.jobs.evaluation;

import static io.streamrec.jobs.evaluation.Outcomes.MINUTE;
import static io.streamrec.jobs.evaluation.Outcomes.SECOND;
import static io.streamrec.jobs.evaluation.Outcomes.T0;
import static io.streamrec.jobs.evaluation.Outcomes.outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.jobs.ranking.RankingOutcome;
import io.streamrec.schemas.EventType;
import io.streamrec.schemas.MetricsScope;
import io.streamrec.schemas.MetricsSnapshot;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checkpoint tests of {@link MetricsAggregator}'s in-memory aggregates: a restore, and a restore
 * into more subtasks, must give the same snapshots as a run without interruption.
 *
 * <p>Snapshots are compared by their JSON form because Avro's {@code equals} treats the NaN that
 * light segments have for coverage and latency as unequal to itself.
 */
class MetricsAggregatorCheckpointTest {

    private static final int[] CUTOFFS = {1, 5, 10, 20};
    private static final int MAX_PARALLELISM = 128;
    private static final List<String> MODELS = List.of("popularity", "cooccurrence", "cooccurrence-affinity", "learned-ranker");

    /** Watermark that closes the first window: outcomes of it that arrive later are late. */
    private static final long FIRST_WINDOW_CLOSED = T0 + MINUTE - 1;

    /** Watermark between the outcomes after the checkpoint: closes the windows up to the sixth minute. */
    private static final long MIDDLE_WATERMARK = T0 + 6 * MINUTE - 1;

    /** Watermark that closes every window of the test outcomes. */
    private static final long ALL_WINDOWS_CLOSED = T0 + 20 * MINUTE;

    private static final long CHECKPOINT_ID = 7L;

    @Test
    void restoredRunEqualsUninterruptedRun() throws Exception {
        List<MetricsSnapshot> expected = uninterruptedRun();

        KeyedOneInputStreamOperatorTestHarness<Tuple2<String, String>, RankingOutcome, MetricsSnapshot> before = newHarness(1, 0);
        before.open();
        runBeforeCheckpoint(before);
        OperatorSubtaskState snapshot = before.snapshot(CHECKPOINT_ID, ALL_WINDOWS_CLOSED);
        List<MetricsSnapshot> actual = new ArrayList<>(before.extractOutputValues());
        before.close();

        KeyedOneInputStreamOperatorTestHarness<Tuple2<String, String>, RankingOutcome, MetricsSnapshot> after = newHarness(1, 0);
        after.initializeState(snapshot);
        after.open();
        List<RankingOutcome> afterCheckpoint = outcomesAfterCheckpoint();
        int middle = afterCheckpoint.size() / 2;
        for (RankingOutcome event : afterCheckpoint.subList(0, middle)) {
            after.processElement(event, event.eventTimeMillis);
        }
        after.processWatermark(new Watermark(MIDDLE_WATERMARK));
        for (RankingOutcome event : afterCheckpoint.subList(middle, afterCheckpoint.size())) {
            after.processElement(event, event.eventTimeMillis);
        }
        after.processWatermark(new Watermark(ALL_WINDOWS_CLOSED));
        actual.addAll(after.extractOutputValues());
        assertEquals(0, after.numEventTimeTimers(), "every window closed");
        after.close();

        // Timers of different keys at the same time fire in no fixed order, so compare sorted lists.
        expected = sorted(expected);
        actual = sorted(actual);
        assertFalse(expected.isEmpty());
        assertEquals(expected.size(), actual.size(), "snapshot count");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).toString(), actual.get(i).toString(), "snapshot " + i + " in sorted order");
        }
    }

    @Test
    void rescaledRestoreKeepsEachKeyOnce() throws Exception {
        List<MetricsSnapshot> uninterrupted = uninterruptedRun();
        List<RankingOutcome> afterCheckpoint = outcomesAfterCheckpoint();
        List<RankingOutcome> onTwoSubtasks = afterCheckpoint.subList(0, afterCheckpoint.size() / 2);
        List<RankingOutcome> backOnOne = afterCheckpoint.subList(afterCheckpoint.size() / 2, afterCheckpoint.size());

        KeyedOneInputStreamOperatorTestHarness<Tuple2<String, String>, RankingOutcome, MetricsSnapshot> single = newHarness(1, 0);
        single.open();
        runBeforeCheckpoint(single);
        OperatorSubtaskState atParallelismOne = single.snapshot(CHECKPOINT_ID, ALL_WINDOWS_CLOSED);
        int emittedBeforeCheckpoint = single.extractOutputValues().size();
        single.close();

        // Scale up to two subtasks, each restoring from the same union list state.
        List<KeyedOneInputStreamOperatorTestHarness<Tuple2<String, String>, RankingOutcome, MetricsSnapshot>> subtasks = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            KeyedOneInputStreamOperatorTestHarness<Tuple2<String, String>, RankingOutcome, MetricsSnapshot> harness = newHarness(2, subtask);
            harness.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(atParallelismOne, MAX_PARALLELISM, 1, 2, subtask));
            harness.open();
            subtasks.add(harness);
        }
        Set<Integer> subtasksWithKeys = new HashSet<>();
        for (RankingOutcome event : onTwoSubtasks) {
            int subtask = subtaskOf(Tuple2.of(event.model, event.variant));
            subtasksWithKeys.add(subtask);
            subtasks.get(subtask).processElement(event, event.eventTimeMillis);
        }
        assertEquals(Set.of(0, 1), subtasksWithKeys, "the test keys must spread over both subtasks");

        List<MetricsSnapshot> rescaled = new ArrayList<>();
        OperatorSubtaskState[] atParallelismTwo = new OperatorSubtaskState[2];
        for (int subtask = 0; subtask < 2; subtask++) {
            KeyedOneInputStreamOperatorTestHarness<Tuple2<String, String>, RankingOutcome, MetricsSnapshot> harness = subtasks.get(subtask);
            harness.processWatermark(new Watermark(MIDDLE_WATERMARK));
            rescaled.addAll(harness.extractOutputValues());
            atParallelismTwo[subtask] = harness.snapshot(CHECKPOINT_ID + 1, ALL_WINDOWS_CLOSED);
            harness.close();
        }

        // Scale back down: a key restored by both subtasks would now count twice.
        KeyedOneInputStreamOperatorTestHarness<Tuple2<String, String>, RankingOutcome, MetricsSnapshot> merged = newHarness(1, 0);
        merged.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(
                AbstractStreamOperatorTestHarness.repackageState(atParallelismTwo), MAX_PARALLELISM, 2, 1, 0));
        merged.open();
        for (RankingOutcome event : backOnOne) {
            merged.processElement(event, event.eventTimeMillis);
        }
        merged.processWatermark(new Watermark(ALL_WINDOWS_CLOSED));
        rescaled.addAll(merged.extractOutputValues());
        merged.close();

        Map<String, Integer> finalTotals = new HashMap<>();
        for (MetricsSnapshot s : rescaled) {
            if (s.getScope() == MetricsScope.TOTAL && s.getSegment().equals(Segments.ALL)
                    && s.getWindowEnd().toEpochMilli() == lastWindowEnd(s.getModel(), s.getVariant(), uninterrupted)) {
                finalTotals.merge(s.getModel() + "/" + s.getVariant(), 1, Integer::sum);
            }
        }
        assertEquals(keyCount(), finalTotals.size(), "keys with a final total: " + finalTotals);
        for (Map.Entry<String, Integer> total : finalTotals.entrySet()) {
            assertEquals(1, total.getValue(), "final totals of " + total.getKey());
        }

        List<MetricsSnapshot> expected = sorted(uninterrupted.subList(emittedBeforeCheckpoint, uninterrupted.size()));
        List<MetricsSnapshot> actual = sorted(rescaled);
        assertEquals(expected.size(), actual.size(), "snapshot count after the restore");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).toString(), actual.get(i).toString(), "snapshot " + i + " in sorted order");
        }
    }

    @Test
    void checkpointShrinksWhenWindowsClose() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<Tuple2<String, String>, RankingOutcome, MetricsSnapshot> harness = newHarness(1, 0);
        harness.open();
        harness.processElement(outcome("m").at(T0).rank(1).build(), T0);
        harness.processElement(outcome("m").at(T0 + MINUTE).rank(2).build(), T0 + MINUTE);
        OperatorSubtaskState withOpenWindows = harness.snapshot(1L, T0);

        harness.processWatermark(new Watermark(ALL_WINDOWS_CLOSED));
        OperatorSubtaskState allClosed = harness.snapshot(2L, T0);
        harness.close();

        // Per window: all, next-new-item, event-type:VIEW and returning-user.
        assertEquals(2 * 4, restoredOpenWindowAccumulators(withOpenWindows));
        assertEquals(0, restoredOpenWindowAccumulators(allClosed));
    }

    /** Feeds every test outcome and watermark into one harness and returns everything it emitted. */
    private static List<MetricsSnapshot> uninterruptedRun() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<Tuple2<String, String>, RankingOutcome, MetricsSnapshot> harness = newHarness(1, 0);
        harness.open();
        runBeforeCheckpoint(harness);
        List<RankingOutcome> afterCheckpoint = outcomesAfterCheckpoint();
        int middle = afterCheckpoint.size() / 2;
        for (RankingOutcome event : afterCheckpoint.subList(0, middle)) {
            harness.processElement(event, event.eventTimeMillis);
        }
        harness.processWatermark(new Watermark(MIDDLE_WATERMARK));
        for (RankingOutcome event : afterCheckpoint.subList(middle, afterCheckpoint.size())) {
            harness.processElement(event, event.eventTimeMillis);
        }
        harness.processWatermark(new Watermark(ALL_WINDOWS_CLOSED));
        List<MetricsSnapshot> out = new ArrayList<>(harness.extractOutputValues());
        harness.close();
        return out;
    }

    /**
     * Feeds outcomes over five windows with a watermark that closes the first window, one late
     * outcome per model, and a watermark that closes the second window.
     */
    private static void runBeforeCheckpoint(
            KeyedOneInputStreamOperatorTestHarness<Tuple2<String, String>, RankingOutcome, MetricsSnapshot> harness) throws Exception {
        List<RankingOutcome> events = outcomes(0, 40);
        for (RankingOutcome event : events.subList(0, 20)) {
            harness.processElement(event, event.eventTimeMillis);
        }
        harness.processWatermark(new Watermark(FIRST_WINDOW_CLOSED));
        for (String model : MODELS) {
            RankingOutcome late = outcome(model).at(T0 + 5 * SECOND).rank(2).item("late").build();
            harness.processElement(late, late.eventTimeMillis);
        }
        for (RankingOutcome event : events.subList(20, 40)) {
            harness.processElement(event, event.eventTimeMillis);
        }
        harness.processWatermark(new Watermark(T0 + 2 * MINUTE - 1));
    }

    /**
     * Returns outcomes that continue the open windows and open new ones. A late outcome comes
     * first, so that it arrives right after a restore, before any watermark.
     */
    private static List<RankingOutcome> outcomesAfterCheckpoint() {
        List<RankingOutcome> events = new ArrayList<>();
        events.add(outcome("cooccurrence").variant("b").at(T0 + 30 * SECOND).rank(1).item("late-2").build());
        events.addAll(outcomes(40, 80));
        return events;
    }

    /**
     * Builds outcomes {@code from} to {@code to - 1}, 7 seconds apart, cycling through the four
     * models and two variants, with misses, new users, repeated items and several event types.
     */
    private static List<RankingOutcome> outcomes(int from, int to) {
        EventType[] types = {EventType.VIEW, EventType.ADD_TO_CART, EventType.VIEW, EventType.PURCHASE, EventType.FAVORITE};
        List<RankingOutcome> events = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Outcomes builder = outcome(MODELS.get(i % MODELS.size()))
                    .variant(i % 3 == 0 ? "b" : "default")
                    .at(T0 + i * 7 * SECOND)
                    .rank((i * 5) % 23)
                    .item("i" + (i % 13))
                    .type(types[i % types.length])
                    .latency(i % 50)
                    .recommended("r" + (i % 17), "r" + (i % 19), "r" + (i % 7));
            if (i % 11 == 0) {
                builder.newUser();
            }
            if (i % 4 == 1) {
                builder.repeatedItem();
            }
            if (i % 6 == 0) {
                builder.fallback();
            }
            events.add(builder.build());
        }
        return events;
    }

    private static int keyCount() {
        Set<String> keys = new HashSet<>();
        for (RankingOutcome event : outcomes(0, 80)) {
            keys.add(event.model + "/" + event.variant);
        }
        return keys.size();
    }

    private static long lastWindowEnd(String model, String variant, List<MetricsSnapshot> run) {
        long last = Long.MIN_VALUE;
        for (MetricsSnapshot s : run) {
            if (s.getModel().equals(model) && s.getVariant().equals(variant)) {
                last = Math.max(last, s.getWindowEnd().toEpochMilli());
            }
        }
        return last;
    }

    private static List<MetricsSnapshot> sorted(List<MetricsSnapshot> snapshots) {
        List<MetricsSnapshot> copy = new ArrayList<>(snapshots);
        copy.sort(Comparator.comparing((MetricsSnapshot s) -> s.getWindowEnd())
                .thenComparing(MetricsSnapshot::getModel)
                .thenComparing(MetricsSnapshot::getVariant)
                .thenComparing(MetricsSnapshot::getScope)
                .thenComparing(MetricsSnapshot::getSegment));
        return copy;
    }

    private static int subtaskOf(Tuple2<String, String> key) {
        return KeyGroupRangeAssignment.assignKeyToParallelOperator(key, MAX_PARALLELISM, 2);
    }

    private static int restoredOpenWindowAccumulators(OperatorSubtaskState snapshot) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<Tuple2<String, String>, RankingOutcome, MetricsSnapshot> harness = newHarness(1, 0);
        harness.initializeState(snapshot);
        harness.open();
        MetricsAggregator aggregator = (MetricsAggregator) ((KeyedProcessOperator<?, ?, ?>) harness.getOperator()).getUserFunction();
        int count = aggregator.openWindowAccumulators(Tuple2.of("m", "default"));
        assertTrue(harness.extractOutputValues().isEmpty(), "a restore emits nothing");
        harness.close();
        return count;
    }

    private static KeyedOneInputStreamOperatorTestHarness<Tuple2<String, String>, RankingOutcome, MetricsSnapshot> newHarness(
            int parallelism, int subtask) throws Exception {
        MetricsAggregator aggregator = new MetricsAggregator("recommend", CUTOFFS, MINUTE, 11);
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(aggregator),
                new EvaluationPipeline.ModelVariantKey(),
                Types.TUPLE(Types.STRING, Types.STRING),
                MAX_PARALLELISM,
                parallelism,
                subtask);
    }
}
