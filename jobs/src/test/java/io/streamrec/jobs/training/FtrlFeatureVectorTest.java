package io.streamrec.jobs.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.schemas.ModelUpdate;
import io.streamrec.schemas.RankingFeatures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FtrlFeatureVectorTest {

    private static final double TOLERANCE = 1e-12;

    @Test
    void layoutOfHandPickedFeatures() {
        RankingFeatures features = base()
                .setCooccurrenceScore(1.2)
                .setPopularityScore(3.4)
                .setCategoryPopularityRank(4)
                .setCategoryAffinity(1.5)
                .setSecondsSinceLastTouch(60L)
                .setUserTouchCount(3)
                .setItemAgeSeconds(3600L)
                .setFromPopularityFallback(true)
                .setCandidatePosition(4)
                .setSameCategoryAsLastItem(false)
                .setCooccurrenceWeighted(0.7)
                .setCooccurrenceShare(1.5)
                .setCooccurrenceRank(5)
                .setLastItemCooccurrence(0.3)
                .build();

        double[] expected = {
            1.2, // cooccurrence_score
            3.4, // popularity_score
            0.25, // category_rank_inverse = 1 / 4
            1.0, // category_affinity, capped
            1.0, // touched_before
            1.0 / (1.0 + Math.log(2.0)), // touch_recency: one minute
            Math.log(4.0), // touch_count_log = ln(1 + 3)
            Math.log(2.0), // item_age_log_hours: one hour
            1.0, // from_popularity_fallback
            0.25, // position_inverse = 1 / 4
            0.0, // same_category_as_last_item
            0.7, // cooccurrence_weighted
            1.0, // cooccurrence_share, capped
            1.0 - Math.log(5.0) / Math.log(1000.0), // cooccurrence_rank_log of rank 5
            0.3 // last_item_cooccurrence
        };
        assertArrayEquals(expected, FeatureVector.of(features), TOLERANCE);
        assertEquals(expected.length, FeatureVector.DIMENSION);
        assertEquals(FeatureVector.DIMENSION, FeatureVector.NAMES.size());
    }

    @Test
    void neverTouchedAndUnrankedGiveZeros() {
        double[] x = FeatureVector.of(base().setSameCategoryAsLastItem(true).build());

        assertEquals(0.0, x[FeatureVector.CATEGORY_RANK_INVERSE]);
        assertEquals(0.0, x[FeatureVector.TOUCHED_BEFORE]);
        assertEquals(0.0, x[FeatureVector.TOUCH_RECENCY]);
        assertEquals(0.0, x[FeatureVector.TOUCH_COUNT_LOG]);
        assertEquals(1.0, x[FeatureVector.POSITION_INVERSE]);
        assertEquals(1.0, x[FeatureVector.SAME_CATEGORY_AS_LAST_ITEM]);
    }

    @Test
    void negativeDurationsCountAsZero() {
        double[] x = FeatureVector.of(base().setSecondsSinceLastTouch(-30L).setItemAgeSeconds(-5L).build());

        assertEquals(1.0, x[FeatureVector.TOUCH_RECENCY]);
        assertEquals(0.0, x[FeatureVector.ITEM_AGE_LOG_HOURS]);
    }

    @Test
    void invalidFeaturesAreReported() {
        assertTrue(FeatureVector.validate(base().setFeatureVersion(1).build()).orElseThrow().contains("featureVersion"));
        assertTrue(FeatureVector.validate(base().setCandidatePosition(0).build()).orElseThrow().contains("candidatePosition"));
        assertTrue(FeatureVector.validate(base().setCooccurrenceScore(Double.NaN).build()).orElseThrow().contains("cooccurrenceScore"));
        assertTrue(FeatureVector.validate(base().setPopularityScore(-1.0).build()).orElseThrow().contains("popularityScore"));
        assertTrue(FeatureVector.validate(base().setCategoryPopularityRank(-1).build()).orElseThrow().contains("categoryPopularityRank"));
        assertTrue(FeatureVector.validate(base().setCategoryAffinity(Double.POSITIVE_INFINITY).build()).orElseThrow().contains("categoryAffinity"));
        assertTrue(FeatureVector.validate(base().setUserTouchCount(-2).build()).orElseThrow().contains("userTouchCount"));
        assertTrue(FeatureVector.validate(base().setCooccurrenceWeighted(-0.1).build()).orElseThrow().contains("cooccurrenceWeighted"));
        assertTrue(FeatureVector.validate(base().setCooccurrenceShare(Double.NaN).build()).orElseThrow().contains("cooccurrenceShare"));
        assertTrue(FeatureVector.validate(base().setCooccurrenceRank(-1).build()).orElseThrow().contains("cooccurrenceRank"));
        assertTrue(FeatureVector.validate(base().setLastItemCooccurrence(-1.0).build()).orElseThrow().contains("lastItemCooccurrence"));
        assertTrue(FeatureVector.validate(null).isPresent());
        assertTrue(FeatureVector.validate(base().build()).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> FeatureVector.of(base().setFeatureVersion(1).build()));
    }

    @Test
    void defaultModelScoreByHand() {
        LearnedRankerModel model = LearnedRankerModel.defaults();

        // Only position_inverse = 1 is non-zero: margin = bias -3.0 + 0.5.
        double expected = 1.0 / (1.0 + Math.exp(2.5));
        assertEquals(expected, model.score(base().build()), TOLERANCE);
        assertEquals(LearnedRankerModel.DEFAULT_VERSION, model.version());
        assertEquals(LearnedRankerModel.DEFAULT_MODEL_NAME, model.name());
    }

    @Test
    void defaultModelPrefersPersonalSignals() {
        LearnedRankerModel model = LearnedRankerModel.defaults();
        double plain = model.score(base().build());

        assertTrue(model.score(base().setCooccurrenceScore(1.0).build()) > plain);
        assertTrue(model.score(base().setCategoryAffinity(0.8).build()) > plain);
        assertTrue(model.score(base().setSecondsSinceLastTouch(600L).setUserTouchCount(1).build()) > plain);
        assertTrue(model.score(base().setFromPopularityFallback(true).build()) < plain);
        assertTrue(model.score(base().setCandidatePosition(10).build()) < plain);
        assertTrue(model.score(base().setSecondsSinceLastTouch(60L).build())
                > model.score(base().setSecondsSinceLastTouch(86_400L).build()), "recent touches rank higher");
    }

    @Test
    void modelFromUpdateScoresWithItsWeights() {
        List<Double> weights = new ArrayList<>();
        for (int i = 0; i < FeatureVector.DIMENSION; i++) {
            weights.add(0.0);
        }
        weights.set(FeatureVector.POPULARITY_SCORE, 2.0);
        ModelUpdate update = update(weights, FeatureVector.NAMES, 0.5);

        LearnedRankerModel model = LearnedRankerModel.fromUpdate(update);

        // margin = 0.5 + 2.0 * 1.5 = 3.5
        assertEquals(1.0 / (1.0 + Math.exp(-3.5)), model.score(base().setPopularityScore(1.5).build()), TOLERANCE);
        assertEquals(7L, model.version());
        assertEquals(2.0, model.weights()[FeatureVector.POPULARITY_SCORE]);
    }

    @Test
    void modelFromUpdateRejectsMismatches() {
        List<Double> zeros = new ArrayList<>();
        for (int i = 0; i < FeatureVector.DIMENSION; i++) {
            zeros.add(0.0);
        }
        List<String> renamed = new ArrayList<>(FeatureVector.NAMES);
        renamed.set(0, "something_else");
        List<Double> withNaN = new ArrayList<>(zeros);
        withNaN.set(3, Double.NaN);

        assertThrows(IllegalArgumentException.class, () -> LearnedRankerModel.fromUpdate(update(zeros, renamed, 0.0)));
        assertThrows(IllegalArgumentException.class,
                () -> LearnedRankerModel.fromUpdate(update(zeros.subList(0, 3), FeatureVector.NAMES, 0.0)));
        assertThrows(IllegalArgumentException.class, () -> LearnedRankerModel.fromUpdate(update(withNaN, FeatureVector.NAMES, 0.0)));
        assertThrows(IllegalArgumentException.class,
                () -> LearnedRankerModel.fromUpdate(update(zeros, FeatureVector.NAMES, Double.POSITIVE_INFINITY)));
        ModelUpdate otherLayout = update(zeros, FeatureVector.NAMES, 0.0);
        otherLayout.setFeatureVersion(FeatureVector.VERSION + 1);
        assertThrows(IllegalArgumentException.class, () -> LearnedRankerModel.fromUpdate(otherLayout));
    }

    /** Features that map to all zeros except position_inverse = 1. */
    private static RankingFeatures.Builder base() {
        return RankingFeatures.newBuilder().setCandidatePosition(1);
    }

    private static ModelUpdate update(List<Double> weights, List<String> names, double bias) {
        return ModelUpdate.newBuilder()
                .setModelName(LearnedRankerModel.DEFAULT_MODEL_NAME)
                .setVersion(7L)
                .setFeatureVersion(FeatureVector.VERSION)
                .setFeatureNames(names)
                .setWeights(weights)
                .setBias(bias)
                .setExamplesSeen(100L)
                .setProgressiveLogLoss(0.4)
                .setRecentLogLoss(0.3)
                .setAuc(null)
                .setAucWindowExamples(100)
                .setCreatedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .build();
    }
}
