package io.streamrec.jobs.training;

import io.streamrec.schemas.RankingFeatures;
import java.util.List;
import java.util.Optional;

/**
 * Maps {@link RankingFeatures} to the dense feature array the learned ranker uses, in a fixed
 * order that belongs to {@link #VERSION}. Adding, removing or rescaling a feature needs a new
 * version, because weights learned for one layout are meaningless for another.
 *
 * <p>Layout of version 2 (index: name = value):
 *
 * <ol start="0">
 *   <li>{@code cooccurrence_score} = {@code cooccurrenceScore}, already ln(1 + s)
 *   <li>{@code popularity_score} = {@code popularityScore}, already ln(1 + c)
 *   <li>{@code category_rank_inverse} = 1 / {@code categoryPopularityRank}, 0 when the rank is 0
 *   <li>{@code category_affinity} = {@code categoryAffinity} capped at 1
 *   <li>{@code touched_before} = 1 when {@code secondsSinceLastTouch} is set, else 0
 *   <li>{@code touch_recency} = 1 / (1 + ln(1 + seconds / 60)) when touched, else 0
 *   <li>{@code touch_count_log} = ln(1 + {@code userTouchCount})
 *   <li>{@code item_age_log_hours} = ln(1 + {@code itemAgeSeconds} / 3600)
 *   <li>{@code from_popularity_fallback} = 1 or 0
 *   <li>{@code position_inverse} = 1 / {@code candidatePosition}
 *   <li>{@code same_category_as_last_item} = 1 or 0
 *   <li>{@code cooccurrence_weighted} = {@code cooccurrenceWeighted}, already ln(1 + s)
 *   <li>{@code cooccurrence_share} = {@code cooccurrenceShare} capped at 1
 *   <li>{@code cooccurrence_rank_log} = 1 - ln({@code cooccurrenceRank}) / ln(1000), at least 0.05
 *       for a ranked candidate (rank 1 gives 1, rank 10 about 0.67, rank 100 about 0.33), 0 when the
 *       rank is 0. A logarithm, unlike 1 / rank, still separates rank 10 from rank 30.
 *   <li>{@code last_item_cooccurrence} = {@code lastItemCooccurrence}, already ln(1 + w)
 * </ol>
 *
 * <p>Version 2 added the last four. Indexes 8 and 9 stay in the layout, but the ranking stage sets
 * them to constants (see {@code CandidateFeatures}), so they act as a second bias.
 *
 * <p>Negative durations, which out-of-order events can produce, count as 0 seconds.
 */
public final class FeatureVector {

    /** Version of the layout below; equals the {@code featureVersion} of the features it accepts. */
    public static final int VERSION = 2;

    public static final int COOCCURRENCE_SCORE = 0;
    public static final int POPULARITY_SCORE = 1;
    public static final int CATEGORY_RANK_INVERSE = 2;
    public static final int CATEGORY_AFFINITY = 3;
    public static final int TOUCHED_BEFORE = 4;
    public static final int TOUCH_RECENCY = 5;
    public static final int TOUCH_COUNT_LOG = 6;
    public static final int ITEM_AGE_LOG_HOURS = 7;
    public static final int FROM_POPULARITY_FALLBACK = 8;
    public static final int POSITION_INVERSE = 9;
    public static final int SAME_CATEGORY_AS_LAST_ITEM = 10;
    public static final int COOCCURRENCE_WEIGHTED = 11;
    public static final int COOCCURRENCE_SHARE = 12;
    public static final int COOCCURRENCE_RANK_LOG = 13;
    public static final int LAST_ITEM_COOCCURRENCE = 14;

    /** Feature names in index order, as published in {@code ModelUpdate.featureNames}. */
    public static final List<String> NAMES = List.of(
            "cooccurrence_score",
            "popularity_score",
            "category_rank_inverse",
            "category_affinity",
            "touched_before",
            "touch_recency",
            "touch_count_log",
            "item_age_log_hours",
            "from_popularity_fallback",
            "position_inverse",
            "same_category_as_last_item",
            "cooccurrence_weighted",
            "cooccurrence_share",
            "cooccurrence_rank_log",
            "last_item_cooccurrence");

    /** Number of features, not counting the bias. */
    public static final int DIMENSION = NAMES.size();

    private static final double SECONDS_PER_MINUTE = 60.0;
    private static final double RANK_LOG_BASE = 1000.0;
    private static final double MIN_RANK_LOG = 0.05;
    private static final double SECONDS_PER_HOUR = 3600.0;

    private FeatureVector() {}

    /**
     * Checks that {@code features} can be mapped: the version is {@link #VERSION}, scores are
     * finite and not negative, ranks and counts are not negative and the position is at least 1.
     *
     * @return empty when valid, otherwise a message naming the field and its value
     */
    public static Optional<String> validate(RankingFeatures features) {
        if (features == null) {
            return Optional.of("features are missing");
        }
        if (features.getFeatureVersion() != VERSION) {
            return Optional.of("featureVersion is " + features.getFeatureVersion() + ", expected " + VERSION);
        }
        if (!isFiniteNonNegative(features.getCooccurrenceScore())) {
            return Optional.of("cooccurrenceScore must be finite and >= 0, got " + features.getCooccurrenceScore());
        }
        if (!isFiniteNonNegative(features.getPopularityScore())) {
            return Optional.of("popularityScore must be finite and >= 0, got " + features.getPopularityScore());
        }
        if (features.getCategoryPopularityRank() < 0) {
            return Optional.of("categoryPopularityRank must be >= 0, got " + features.getCategoryPopularityRank());
        }
        if (!isFiniteNonNegative(features.getCategoryAffinity())) {
            return Optional.of("categoryAffinity must be finite and >= 0, got " + features.getCategoryAffinity());
        }
        if (features.getUserTouchCount() < 0) {
            return Optional.of("userTouchCount must be >= 0, got " + features.getUserTouchCount());
        }
        if (!isFiniteNonNegative(features.getCooccurrenceWeighted())) {
            return Optional.of("cooccurrenceWeighted must be finite and >= 0, got " + features.getCooccurrenceWeighted());
        }
        if (!isFiniteNonNegative(features.getCooccurrenceShare())) {
            return Optional.of("cooccurrenceShare must be finite and >= 0, got " + features.getCooccurrenceShare());
        }
        if (features.getCooccurrenceRank() < 0) {
            return Optional.of("cooccurrenceRank must be >= 0, got " + features.getCooccurrenceRank());
        }
        if (!isFiniteNonNegative(features.getLastItemCooccurrence())) {
            return Optional.of("lastItemCooccurrence must be finite and >= 0, got " + features.getLastItemCooccurrence());
        }
        if (features.getCandidatePosition() < 1) {
            return Optional.of("candidatePosition must be >= 1, got " + features.getCandidatePosition());
        }
        return Optional.empty();
    }

    /**
     * Maps {@code features} to a new dense array of {@link #DIMENSION} values in the layout above.
     *
     * @throws IllegalArgumentException when {@link #validate} reports a problem
     */
    public static double[] of(RankingFeatures features) {
        Optional<String> problem = validate(features);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("Invalid ranking features: " + problem.get());
        }

        double[] x = new double[DIMENSION];
        x[COOCCURRENCE_SCORE] = features.getCooccurrenceScore();
        x[POPULARITY_SCORE] = features.getPopularityScore();
        int rank = features.getCategoryPopularityRank();
        x[CATEGORY_RANK_INVERSE] = rank == 0 ? 0.0 : 1.0 / rank;
        x[CATEGORY_AFFINITY] = Math.min(1.0, features.getCategoryAffinity());

        Long secondsSinceTouch = features.getSecondsSinceLastTouch();
        if (secondsSinceTouch != null) {
            double minutes = Math.max(0L, secondsSinceTouch) / SECONDS_PER_MINUTE;
            x[TOUCHED_BEFORE] = 1.0;
            x[TOUCH_RECENCY] = 1.0 / (1.0 + Math.log1p(minutes));
        }
        x[TOUCH_COUNT_LOG] = Math.log1p(features.getUserTouchCount());
        x[ITEM_AGE_LOG_HOURS] = Math.log1p(Math.max(0L, features.getItemAgeSeconds()) / SECONDS_PER_HOUR);

        x[FROM_POPULARITY_FALLBACK] = features.getFromPopularityFallback() ? 1.0 : 0.0;
        x[POSITION_INVERSE] = 1.0 / features.getCandidatePosition();
        x[SAME_CATEGORY_AS_LAST_ITEM] = features.getSameCategoryAsLastItem() ? 1.0 : 0.0;
        x[COOCCURRENCE_WEIGHTED] = features.getCooccurrenceWeighted();
        x[COOCCURRENCE_SHARE] = Math.min(1.0, features.getCooccurrenceShare());
        int cooccurrenceRank = features.getCooccurrenceRank();
        x[COOCCURRENCE_RANK_LOG] = cooccurrenceRank == 0 ? 0.0 : rankLog(cooccurrenceRank);
        x[LAST_ITEM_COOCCURRENCE] = features.getLastItemCooccurrence();
        return x;
    }

    private static double rankLog(int rank) {
        return Math.max(MIN_RANK_LOG, 1.0 - Math.log(rank) / Math.log(RANK_LOG_BASE));
    }

    private static boolean isFiniteNonNegative(double value) {
        return Double.isFinite(value) && value >= 0.0;
    }
}
