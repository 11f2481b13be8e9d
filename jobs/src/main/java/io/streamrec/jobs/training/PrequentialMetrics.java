package io.streamrec.jobs.training;

import java.util.Arrays;
import java.util.Comparator;

/** Loss and ranking measures for predictions made before the model learned from the example. */
public final class PrequentialMetrics {

    /** Predictions are clipped to [EPSILON, 1 - EPSILON] so that the log loss stays finite. */
    static final double EPSILON = 1e-15;

    private PrequentialMetrics() {}

    /**
     * Computes the log loss (natural logarithm) of predicting probability {@code prediction} for
     * label 1 when the label is {@code label} (0 or 1, or a value in between for soft labels).
     */
    public static double logLoss(double prediction, double label) {
        double p = Math.max(EPSILON, Math.min(1.0 - EPSILON, prediction));
        return -(label * Math.log(p) + (1.0 - label) * Math.log(1.0 - p));
    }

    /**
     * Computes the area under the ROC curve of {@code scores} against binary {@code labels} by
     * sorting: the rank-sum (Mann-Whitney U) statistic with tied scores given their average rank,
     * so that a positive and a negative with equal scores count one half. Runs in O(m log m) for m
     * values.
     *
     * @param scores scores, higher meaning more likely positive; only the first {@code count} are used
     * @param labels 1 for positive, anything else for negative; only the first {@code count} are used
     * @param count number of values to use
     * @return the AUC in [0, 1], or NaN when the values contain no positive or no negative
     */
    public static double auc(double[] scores, int[] labels, int count) {
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));

        long positives = 0;
        double positiveRankSum = 0.0;
        int start = 0;
        while (start < count) {
            int end = start;
            while (end + 1 < count && scores[order[end + 1]] == scores[order[start]]) {
                end++;
            }
            // Ranks are 1-based, and a run of ties shares the mean of the ranks start+1 .. end+1.
            double averageRank = (start + end) / 2.0 + 1.0;
            for (int k = start; k <= end; k++) {
                if (labels[order[k]] == 1) {
                    positives++;
                    positiveRankSum += averageRank;
                }
            }
            start = end + 1;
        }

        long negatives = count - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double u = positiveRankSum - positives * (positives + 1) / 2.0;
        return u / ((double) positives * negatives);
    }
}
