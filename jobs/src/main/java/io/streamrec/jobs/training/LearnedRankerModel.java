package io.streamrec.jobs.training;

import io.streamrec.schemas.ModelUpdate;
import io.streamrec.schemas.RankingFeatures;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable logistic-regression ranking model: one weight per {@link FeatureVector} feature, a
 * bias and a version. The recommend job scores candidates with the newest one it has received.
 *
 * <p>Version 0 is {@link #defaults()}, hand-set weights that rank sensibly before the train job
 * has published anything. Versions from {@code model-updates} start at 1.
 */
public final class LearnedRankerModel implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Name of the learned ranker in training examples, model updates and recommendations. */
    public static final String DEFAULT_MODEL_NAME = "learned-ranker";

    /** Version of the built-in default weights. */
    public static final long DEFAULT_VERSION = 0L;

    private static final double DEFAULT_BIAS = -3.0;

    private final String name;
    private final long version;
    private final double[] weights;
    private final double bias;

    private LearnedRankerModel(String name, long version, double[] weights, double bias) {
        this.name = name;
        this.version = version;
        this.weights = weights;
        this.bias = bias;
    }

    /**
     * Returns the built-in model (version 0). Signals of the user's own interest (co-occurrence
     * with recent items, above all the candidate's rank among them, category affinity, recent
     * touches) weigh most, so that before the first update the list is close to the
     * cooccurrence-affinity model's. Popularity weighs less, and old items are pushed down a
     * little. The bias only shifts every score equally, so it does not change the order.
     */
    public static LearnedRankerModel defaults() {
        double[] weights = new double[FeatureVector.DIMENSION];
        weights[FeatureVector.COOCCURRENCE_SCORE] = 1.0;
        weights[FeatureVector.POPULARITY_SCORE] = 0.3;
        weights[FeatureVector.CATEGORY_RANK_INVERSE] = 0.5;
        weights[FeatureVector.CATEGORY_AFFINITY] = 1.0;
        weights[FeatureVector.TOUCHED_BEFORE] = 0.5;
        weights[FeatureVector.TOUCH_RECENCY] = 1.0;
        weights[FeatureVector.TOUCH_COUNT_LOG] = 0.3;
        weights[FeatureVector.ITEM_AGE_LOG_HOURS] = -0.05;
        weights[FeatureVector.FROM_POPULARITY_FALLBACK] = -0.5;
        weights[FeatureVector.POSITION_INVERSE] = 0.5;
        weights[FeatureVector.SAME_CATEGORY_AS_LAST_ITEM] = 0.5;
        weights[FeatureVector.COOCCURRENCE_WEIGHTED] = 1.0;
        weights[FeatureVector.COOCCURRENCE_SHARE] = 1.0;
        weights[FeatureVector.COOCCURRENCE_RANK_LOG] = 2.0;
        weights[FeatureVector.LAST_ITEM_COOCCURRENCE] = 0.5;
        return new LearnedRankerModel(DEFAULT_MODEL_NAME, DEFAULT_VERSION, weights, DEFAULT_BIAS);
    }

    /**
     * Builds a model from a published update.
     *
     * @throws IllegalArgumentException when the update's feature version or feature names differ
     *     from {@link FeatureVector}'s, the weight count does not match, or a weight or the bias is
     *     not finite; a caller then keeps the model it has
     */
    public static LearnedRankerModel fromUpdate(ModelUpdate update) {
        if (update.getFeatureVersion() != FeatureVector.VERSION) {
            throw new IllegalArgumentException(
                    "Model " + update.getModelName() + " version " + update.getVersion()
                            + " has featureVersion " + update.getFeatureVersion()
                            + ", expected " + FeatureVector.VERSION);
        }
        List<String> names = update.getFeatureNames();
        if (!FeatureVector.NAMES.equals(names)) {
            throw new IllegalArgumentException(
                    "Model " + update.getModelName() + " version " + update.getVersion()
                            + " has feature names " + names + ", expected " + FeatureVector.NAMES);
        }
        List<Double> updateWeights = update.getWeights();
        if (updateWeights.size() != FeatureVector.DIMENSION) {
            throw new IllegalArgumentException(
                    "Model " + update.getModelName() + " version " + update.getVersion() + " has "
                            + updateWeights.size() + " weights, expected " + FeatureVector.DIMENSION);
        }
        double[] weights = new double[FeatureVector.DIMENSION];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = updateWeights.get(i);
            if (!Double.isFinite(weights[i])) {
                throw new IllegalArgumentException(
                        "Model " + update.getModelName() + " version " + update.getVersion()
                                + " has a non-finite weight for " + names.get(i) + ": " + weights[i]);
            }
        }
        if (!Double.isFinite(update.getBias())) {
            throw new IllegalArgumentException(
                    "Model " + update.getModelName() + " version " + update.getVersion()
                            + " has a non-finite bias: " + update.getBias());
        }
        return new LearnedRankerModel(update.getModelName(), update.getVersion(), weights, update.getBias());
    }

    /**
     * Scores a candidate: the predicted probability that the user's next event is on it.
     *
     * @throws IllegalArgumentException when {@link FeatureVector#validate} rejects the features
     */
    public double score(RankingFeatures features) {
        return FtrlProximal.sigmoid(margin(FeatureVector.of(features)));
    }

    /** Computes {@code bias + weights . x} for a dense vector in {@link FeatureVector}'s layout. */
    public double margin(double[] x) {
        if (x.length != weights.length) {
            throw new IllegalArgumentException(
                    "Feature vector must have " + weights.length + " values, got " + x.length);
        }
        double margin = bias;
        for (int i = 0; i < weights.length; i++) {
            margin += weights[i] * x[i];
        }
        return margin;
    }

    public String name() {
        return name;
    }

    public long version() {
        return version;
    }

    /** Returns a copy of the weights in {@link FeatureVector} order. */
    public double[] weights() {
        return weights.clone();
    }

    public double bias() {
        return bias;
    }

    @Override
    public String toString() {
        return "LearnedRankerModel{name=" + name + ", version=" + version
                + ", weights=" + Arrays.toString(weights) + ", bias=" + bias + '}';
    }
}
