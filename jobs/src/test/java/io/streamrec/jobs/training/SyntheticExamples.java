package io.streamrec.jobs.training;

import io.streamrec.schemas.RankingFeatures;
import io.streamrec.schemas.TrainingExample;
import java.io.Serializable;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Test data: training examples whose labels follow a known logistic model over
 * {@link FeatureVector}'s layout. Example {@code i} depends only on the seed and {@code i}, so a
 * source can regenerate any part of the sequence after a restart.
 */
final class SyntheticExamples implements Serializable {

    private static final long serialVersionUID = 1L;

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final long MILLIS_BETWEEN_EXAMPLES = 1_000L;
    static final double TRUE_BIAS = -1.0;

    private final long seed;
    private final String modelName;

    SyntheticExamples(long seed, String modelName) {
        this.seed = seed;
        this.modelName = modelName;
    }

    /**
     * Weights of the true model. Features with weight 0 are noise; the others are large enough
     * that a few thousand examples reveal their signs.
     */
    static double[] trueWeights() {
        double[] w = new double[FeatureVector.DIMENSION];
        w[FeatureVector.COOCCURRENCE_SCORE] = 1.5;
        w[FeatureVector.CATEGORY_AFFINITY] = 2.0;
        w[FeatureVector.FROM_POPULARITY_FALLBACK] = -1.5;
        w[FeatureVector.POSITION_INVERSE] = 1.0;
        w[FeatureVector.ITEM_AGE_LOG_HOURS] = -0.3;
        return w;
    }

    /** Returns the features of example {@code index}. */
    RankingFeatures features(long index) {
        SplittableRandom random = randomFor(index);
        boolean touched = random.nextBoolean();
        return RankingFeatures.newBuilder()
                .setFeatureVersion(FeatureVector.VERSION)
                .setCooccurrenceScore(random.nextDouble() * 3.0)
                .setPopularityScore(random.nextDouble() * 5.0)
                .setCategoryPopularityRank(random.nextInt(21))
                .setCategoryAffinity(random.nextDouble())
                .setSecondsSinceLastTouch(touched ? Long.valueOf(random.nextLong(100_000)) : null)
                .setUserTouchCount(touched ? 1 + random.nextInt(5) : 0)
                .setItemAgeSeconds(random.nextLong(10_000_000))
                .setFromPopularityFallback(random.nextInt(10) < 3)
                .setCandidatePosition(1 + random.nextInt(20))
                .setSameCategoryAsLastItem(random.nextBoolean())
                .build();
    }

    /** Returns example {@code index}, labelled by a draw from the true model. */
    TrainingExample example(long index) {
        RankingFeatures features = features(index);
        double[] x = FeatureVector.of(features);
        double margin = TRUE_BIAS;
        double[] w = trueWeights();
        for (int i = 0; i < x.length; i++) {
            margin += w[i] * x[i];
        }
        double probability = 1.0 / (1.0 + Math.exp(-margin));
        // A separate stream for the label so that the features do not depend on it.
        int label = randomFor(~index).nextDouble() < probability ? 1 : 0;

        return TrainingExample.newBuilder()
                .setModelName(modelName)
                .setModelVersion(0L)
                .setVariant("default")
                .setUserId("user-" + (index % 97))
                .setItemId("item-" + index)
                .setEventId("event-" + index)
                .setLabel(label)
                .setWeight(1.0)
                .setFeatures(features)
                .setEventTime(START.plusMillis(index * MILLIS_BETWEEN_EXAMPLES))
                .build();
    }

    private SplittableRandom randomFor(long index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    }
}
