package io.streamrec.jobs.evaluation;

import static io.streamrec.jobs.evaluation.Outcomes.outcome;
import io.streamrec.schemas.MetricsScope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.jobs.ranking.RankingOutcome;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

class MetricArithmeticTest {

    private static final double EPS = 1e-12;
    private static final int[] CUTOFFS = {1, 5, 10, 20};

    @Test
    void hitCountsRanksUpToK() {
        assertTrue(RankingMetrics.hit(1, 1));
        assertFalse(RankingMetrics.hit(2, 1));
        assertTrue(RankingMetrics.hit(5, 5));
        assertFalse(RankingMetrics.hit(6, 5));
        assertFalse(RankingMetrics.hit(0, 20));
    }

    @Test
    void reciprocalRankIsZeroBeyondK() {
        assertEquals(1.0, RankingMetrics.reciprocalRank(1, 1), EPS);
        assertEquals(1.0 / 3, RankingMetrics.reciprocalRank(3, 5), EPS);
        assertEquals(0.0, RankingMetrics.reciprocalRank(6, 5), EPS);
        assertEquals(0.0, RankingMetrics.reciprocalRank(0, 5), EPS);
    }

    @Test
    void ndcgUsesLogBaseTwoDiscount() {
        assertEquals(1.0, RankingMetrics.ndcg(1, 1), EPS);
        // log2(3 + 1) = 2 and log2(7 + 1) = 3.
        assertEquals(0.5, RankingMetrics.ndcg(3, 5), EPS);
        assertEquals(1.0 / 3, RankingMetrics.ndcg(7, 10), EPS);
        assertEquals(0.0, RankingMetrics.ndcg(7, 5), EPS);
        assertEquals(0.0, RankingMetrics.ndcg(0, 20), EPS);
    }

    @Test
    void invalidRankOrCutoffIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.hit(-1, 5));
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.ndcg(1, 0));
    }

    @Test
    void lightAccumulatorCountsWithoutSketches() {
        SegmentAccumulator light = new SegmentAccumulator(CUTOFFS.length, 11, false);
        SegmentAccumulator full = new SegmentAccumulator(CUTOFFS.length, 11, true);
        for (int rank : new int[] {1, 0, 3}) {
            light.add(outcome("m").rank(rank).build(), CUTOFFS);
            full.add(outcome("m").rank(rank).build(), CUTOFFS);
        }
        light.merge(full);

        assertFalse(light.isFull());
        assertTrue(full.isFull());
        assertEquals(6, light.eventsEvaluated);
        assertEquals(full.hitRate(1), light.hitRate(1), EPS);
        assertTrue(Double.isNaN(MetricsSnapshots.of("recommend", "m", "default", MetricsScope.WINDOW, "next-new-item",
                0, 1, light, CUTOFFS, 10, 0).getCoverage()));
        assertFalse(Double.isNaN(MetricsSnapshots.of("recommend", "m", "default", MetricsScope.WINDOW, Segments.ALL,
                0, 1, full, CUTOFFS, 10, 0).getLatencyP50Ms()));
    }

    @Test
    void accumulatorAveragesHandBuiltSequence() {
        // Tested ranks 1, 0 (miss), 3, 7, 2; one new user that must not count.
        SegmentAccumulator acc = new SegmentAccumulator(CUTOFFS.length, 11);
        for (int rank : new int[] {1, 0, 3, 7, 2}) {
            acc.add(outcome("m").rank(rank).build(), CUTOFFS);
        }
        acc.add(outcome("m").newUser().build(), CUTOFFS);

        assertEquals(6, acc.eventsReceived);
        assertEquals(5, acc.eventsEvaluated);

        // K=1: only rank 1.
        assertEquals(1.0 / 5, acc.hitRate(0), EPS);
        assertEquals(1.0 / 5, acc.meanReciprocalRank(0), EPS);
        assertEquals(1.0 / 5, acc.meanNdcg(0), EPS);

        // K=5: ranks 1, 3, 2.
        assertEquals(3.0 / 5, acc.hitRate(1), EPS);
        assertEquals((1.0 + 1.0 / 3 + 1.0 / 2) / 5, acc.meanReciprocalRank(1), EPS);
        assertEquals((1.0 + 0.5 + 1.0 / log2(3)) / 5, acc.meanNdcg(1), EPS);

        // K=10 and K=20: ranks 1, 3, 7, 2.
        for (int i = 2; i < 4; i++) {
            assertEquals(4.0 / 5, acc.hitRate(i), EPS);
            assertEquals((1.0 + 1.0 / 3 + 1.0 / 7 + 1.0 / 2) / 5, acc.meanReciprocalRank(i), EPS);
            assertEquals((1.0 + 0.5 + 1.0 / 3 + 1.0 / log2(3)) / 5, acc.meanNdcg(i), EPS);
        }
    }

    @Test
    void mergeEqualsAddingBothSequences() {
        SegmentAccumulator left = new SegmentAccumulator(CUTOFFS.length, 11);
        SegmentAccumulator right = new SegmentAccumulator(CUTOFFS.length, 11);
        SegmentAccumulator both = new SegmentAccumulator(CUTOFFS.length, 11);
        int[] ranks = {4, 0, 1, 12, 19, 21, 2};
        for (int i = 0; i < ranks.length; i++) {
            RankingOutcome event = outcome("m").rank(ranks[i]).latency(i * 10L).recommended("a" + i, "b").build();
            (i % 2 == 0 ? left : right).add(event, CUTOFFS);
            both.add(event, CUTOFFS);
        }

        left.merge(right);

        assertEquals(both.eventsEvaluated, left.eventsEvaluated);
        for (int i = 0; i < CUTOFFS.length; i++) {
            assertEquals(both.hits[i], left.hits[i]);
            assertEquals(both.meanReciprocalRank(i), left.meanReciprocalRank(i), EPS);
            assertEquals(both.meanNdcg(i), left.meanNdcg(i), EPS);
        }
        assertEquals(both.latency.quantile(0.5), left.latency.quantile(0.5), EPS);
        assertEquals(both.recommendedItems.estimate(), left.recommendedItems.estimate());
    }

    @Test
    void fallbackShareCountsEveryList() {
        SegmentAccumulator acc = new SegmentAccumulator(CUTOFFS.length, 11);
        acc.add(outcome("m").newUser().fallback().build(), CUTOFFS);
        acc.add(outcome("m").fallback().build(), CUTOFFS);
        acc.add(outcome("m").build(), CUTOFFS);
        acc.add(outcome("m").build(), CUTOFFS);

        assertEquals(0.5, acc.fallbackShare(), EPS);
    }

    @Test
    void segmentsOfEventCoverTypeAndUser() {
        assertEquals(List.of(Segments.ALL, Segments.NEXT_NEW_ITEM, "event-type:VIEW", Segments.RETURNING_USER),
                Segments.of(outcome("m").build()));
        assertEquals(List.of(Segments.ALL, "event-type:PURCHASE", Segments.NEW_USER),
                Segments.of(outcome("m").type(io.streamrec.schemas.EventType.PURCHASE).repeatedItem().newUser().build()));
    }

    @Test
    void cutoffOptionIsSortedAndValidated() {
        Configuration conf = new Configuration();
        assertEquals(List.of(1, 5, 10, 20), toList(EvaluationOptions.cutoffs(conf)));

        conf.set(EvaluationOptions.CUTOFFS, List.of(10, 3, 10));
        assertEquals(List.of(3, 10), toList(EvaluationOptions.cutoffs(conf)));

        conf.set(EvaluationOptions.CUTOFFS, List.of(0, 3));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> EvaluationOptions.cutoffs(conf));
        assertTrue(error.getMessage().contains("evaluation.cutoffs"), error.getMessage());
    }

    @Test
    void windowAndPrecisionOptionsAreValidated() {
        Configuration conf = new Configuration();
        assertEquals(60_000L, EvaluationOptions.windowMillis(conf));

        conf.set(EvaluationOptions.WINDOW, Duration.ZERO);
        assertThrows(IllegalArgumentException.class, () -> EvaluationOptions.windowMillis(conf));

        conf.set(EvaluationOptions.COVERAGE_PRECISION, 17);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> EvaluationOptions.coveragePrecision(conf));
        assertTrue(error.getMessage().contains("evaluation.coverage.precision"), error.getMessage());
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static List<Integer> toList(int[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }
}
