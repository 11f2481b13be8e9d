package io.streamrec.jobs.training;

import java.util.Arrays;

/**
 * Online logistic regression trained with FTRL-Proximal (McMahan et al., "Ad Click Prediction: a
 * View from the Trenches", KDD 2013, Algorithm 1) over a dense feature vector plus a bias.
 *
 * <p>Per coordinate {@code i} the model keeps {@code z_i} and {@code n_i}. The weight is computed
 * lazily from them:
 *
 * <pre>
 *   w_i = 0                                                          if |z_i| &lt;= l1
 *   w_i = -(z_i - sign(z_i) * l1) / ((beta + sqrt(n_i)) / alpha + l2) otherwise
 * </pre>
 *
 * and one example {@code (x, y)} with importance weight {@code c} updates every coordinate with
 * {@code x_i != 0}:
 *
 * <pre>
 *   p       = sigmoid(bias + sum_i w_i * x_i)
 *   g_i     = c * (p - y) * x_i
 *   sigma_i = (sqrt(n_i + g_i^2) - sqrt(n_i)) / alpha
 *   z_i    += g_i - sigma_i * w_i
 *   n_i    += g_i^2
 * </pre>
 *
 * <p>The bias is coordinate {@code dimension} with {@code x = 1}. It gets the same adaptive
 * learning rate but no L1 or L2 penalty, because labels here are imbalanced (one positive among
 * the shown items) and shrinking the intercept towards 0 would bias every prediction upwards.
 *
 * <p>Not thread-safe. {@link #toState()} and {@link #fromState} copy the arrays, so a state held
 * by Flink never aliases a live model.
 */
public final class FtrlProximal {

    /** Margins are clipped to this absolute value before the sigmoid, so that exp never overflows. */
    static final double MAX_MARGIN = 35.0;

    private final FtrlParameters parameters;
    private final int dimension;
    private final double[] z;
    private final double[] n;

    /**
     * Creates an untrained model: every weight and the bias are 0, so it predicts 0.5.
     *
     * @param parameters the FTRL hyperparameters
     * @param dimension number of features, not counting the bias; at least 1
     */
    public FtrlProximal(FtrlParameters parameters, int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("FTRL dimension must be >= 1, got " + dimension);
        }
        this.parameters = parameters;
        this.dimension = dimension;
        this.z = new double[dimension + 1];
        this.n = new double[dimension + 1];
    }

    /**
     * Restores a model from a copy of {@code state}.
     *
     * @throws IllegalArgumentException when the arrays are missing, differ in length, are shorter
     *     than 2 or when an {@code n} value is negative or a value is not finite
     */
    public static FtrlProximal fromState(FtrlParameters parameters, FtrlState state) {
        if (state == null || state.z == null || state.n == null) {
            throw new IllegalArgumentException("FTRL state must contain both z and n arrays");
        }
        if (state.z.length != state.n.length || state.z.length < 2) {
            throw new IllegalArgumentException(
                    "FTRL state arrays must have the same length >= 2, got z="
                            + state.z.length + " n=" + state.n.length);
        }
        FtrlProximal model = new FtrlProximal(parameters, state.z.length - 1);
        for (int i = 0; i < state.z.length; i++) {
            if (!Double.isFinite(state.z[i]) || !Double.isFinite(state.n[i]) || state.n[i] < 0) {
                throw new IllegalArgumentException(
                        "FTRL state coordinate " + i + " is invalid: z=" + state.z[i] + " n=" + state.n[i]);
            }
            model.z[i] = state.z[i];
            model.n[i] = state.n[i];
        }
        return model;
    }

    /** Returns a copy of the learned state. */
    public FtrlState toState() {
        return new FtrlState(z.clone(), n.clone());
    }

    public FtrlParameters parameters() {
        return parameters;
    }

    /** Returns the number of features, not counting the bias. */
    public int dimension() {
        return dimension;
    }

    /** Computes the current weights of the features, in feature order, without the bias. */
    public double[] weights() {
        double[] weights = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            weights[i] = weight(i);
        }
        return weights;
    }

    /** Computes the current bias (intercept). */
    public double bias() {
        return weight(dimension);
    }

    /**
     * Computes the linear margin {@code bias + w . x}.
     *
     * @throws IllegalArgumentException when {@code x} has the wrong length or a non-finite value
     */
    public double margin(double[] x) {
        checkFeatures(x);
        double margin = bias();
        for (int i = 0; i < dimension; i++) {
            if (x[i] != 0.0) {
                margin += weight(i) * x[i];
            }
        }
        return margin;
    }

    /**
     * Predicts the probability that the label of {@code x} is 1.
     *
     * @throws IllegalArgumentException when {@code x} has the wrong length or a non-finite value
     */
    public double predict(double[] x) {
        return sigmoid(margin(x));
    }

    /**
     * Learns from one example and returns the prediction made before learning from it, which is
     * what progressive validation scores.
     *
     * @param x feature values, {@link #dimension()} long, all finite
     * @param label the outcome, in [0, 1] (0 or 1 for ordinary examples)
     * @param weight importance weight, finite and not negative; 0 leaves the model unchanged
     * @return the predicted probability of label 1 before this update
     * @throws IllegalArgumentException when an argument is outside the ranges above
     */
    public double update(double[] x, double label, double weight) {
        if (!(label >= 0.0 && label <= 1.0)) {
            throw new IllegalArgumentException("FTRL label must be in [0, 1], got " + label);
        }
        if (!(weight >= 0.0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException(
                    "FTRL example weight must be a finite number >= 0, got " + weight);
        }

        checkFeatures(x);

        double[] w = new double[dimension + 1];
        double margin = 0.0;
        for (int i = 0; i <= dimension; i++) {
            w[i] = weight(i);
            margin += w[i] * (i == dimension ? 1.0 : x[i]);
        }
        double prediction = sigmoid(margin);

        double residual = weight * (prediction - label);
        for (int i = 0; i <= dimension; i++) {
            double xi = i == dimension ? 1.0 : x[i];
            if (xi == 0.0) {
                continue;
            }
            double g = residual * xi;
            double sigma = (Math.sqrt(n[i] + g * g) - Math.sqrt(n[i])) / parameters.alpha();
            z[i] += g - sigma * w[i];
            n[i] += g * g;
        }
        return prediction;
    }

    /** Returns the logistic function of {@code margin}, with the margin clipped to +-35. */
    public static double sigmoid(double margin) {
        double clipped = Math.max(-MAX_MARGIN, Math.min(MAX_MARGIN, margin));
        return 1.0 / (1.0 + Math.exp(-clipped));
    }

    private double weight(int i) {
        double learningRateInverse = (parameters.beta() + Math.sqrt(n[i])) / parameters.alpha();
        if (i == dimension) {
            return -z[i] / learningRateInverse;
        }
        if (Math.abs(z[i]) <= parameters.l1()) {
            return 0.0;
        }
        return -(z[i] - Math.signum(z[i]) * parameters.l1()) / (learningRateInverse + parameters.l2());
    }

    private void checkFeatures(double[] x) {
        if (x == null || x.length != dimension) {
            throw new IllegalArgumentException(
                    "FTRL feature vector must have " + dimension + " values, got "
                            + (x == null ? "null" : String.valueOf(x.length)));
        }
        for (int i = 0; i < dimension; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException("FTRL feature " + i + " is not finite: " + x[i]);
            }
        }
    }

    @Override
    public String toString() {
        return "FtrlProximal{" + parameters + ", weights=" + Arrays.toString(weights()) + ", bias=" + bias() + '}';
    }
}
