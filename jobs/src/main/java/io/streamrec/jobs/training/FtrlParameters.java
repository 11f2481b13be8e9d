package io.streamrec.jobs.training;

import java.io.Serializable;

/**
 * Hyperparameters of FTRL-Proximal (McMahan et al., "Ad Click Prediction: a View from the
 * Trenches", KDD 2013).
 *
 * @param alpha scale of the per-coordinate learning rate {@code alpha / (beta + sqrt(n_i))};
 *     must be positive
 * @param beta smoothing term of the learning rate, so that the first steps are not huge; must not
 *     be negative
 * @param l1 L1 regularization strength, which keeps a weight at exactly 0 while the absolute
 *     accumulated gradient {@code |z_i|} is at most {@code l1}; must not be negative
 * @param l2 L2 regularization strength; must not be negative
 */
public record FtrlParameters(double alpha, double beta, double l1, double l2) implements Serializable {

    /**
     * Validates the parameters.
     *
     * @throws IllegalArgumentException when a parameter is outside its range, naming it and its value
     */
    public FtrlParameters {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("FTRL alpha must be a finite number > 0, got " + alpha);
        }
        requireFiniteNonNegative("beta", beta);
        requireFiniteNonNegative("l1", l1);
        requireFiniteNonNegative("l2", l2);
    }

    private static void requireFiniteNonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(
                    "FTRL " + name + " must be a finite number >= 0, got " + value);
        }
    }
}
