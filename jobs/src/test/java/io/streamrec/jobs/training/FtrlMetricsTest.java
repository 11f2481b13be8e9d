package io.streamrec.jobs.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FtrlMetricsTest {

    private static final double TOLERANCE = 1e-12;

    @Test
    void logLossOfHandPickedValues() {
        assertEquals(Math.log(2.0), PrequentialMetrics.logLoss(0.5, 1.0), TOLERANCE);
        assertEquals(-Math.log(0.8), PrequentialMetrics.logLoss(0.8, 1.0), TOLERANCE);
        assertEquals(-Math.log(0.2), PrequentialMetrics.logLoss(0.8, 0.0), TOLERANCE);
    }

    @Test
    void logLossStaysFiniteForCertainWrongPrediction() {
        double loss = PrequentialMetrics.logLoss(1.0, 0.0);

        assertTrue(Double.isFinite(loss));
        // The clip is 1 - 1e-15, which rounds to 1 - 1.11e-15 in double precision.
        assertEquals(-Math.log(PrequentialMetrics.EPSILON), loss, 0.01);
    }

    @Test
    void aucOfSmallHandCase() {
        // Positives 0.9 and 0.4, negatives 0.4 and 0.1: pairs (0.9, 0.4) 1, (0.9, 0.1) 1,
        // (0.4, 0.4) 1/2, (0.4, 0.1) 1, so the AUC is 3.5 / 4.
        double[] scores = {0.9, 0.4, 0.4, 0.1};
        int[] labels = {1, 1, 0, 0};

        assertEquals(3.5 / 4.0, PrequentialMetrics.auc(scores, labels, 4), TOLERANCE);
    }

    @Test
    void aucMatchesPairCountingWithTies() {
        Random random = new Random(5);
        int count = 300;
        double[] scores = new double[count];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            // Scores on a coarse grid, so that many pairs tie.
            scores[i] = random.nextInt(20) / 20.0;
            labels[i] = random.nextDouble() < 0.2 + 0.6 * scores[i] ? 1 : 0;
        }

        double pairScore = 0.0;
        long pairs = 0;
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < count; j++) {
                if (labels[i] == 1 && labels[j] == 0) {
                    pairs++;
                    if (scores[i] > scores[j]) {
                        pairScore += 1.0;
                    } else if (scores[i] == scores[j]) {
                        pairScore += 0.5;
                    }
                }
            }
        }

        assertEquals(pairScore / pairs, PrequentialMetrics.auc(scores, labels, count), TOLERANCE);
    }

    @Test
    void aucUsesOnlyTheFirstCountValues() {
        double[] scores = {0.2, 0.8, 0.9, 0.1};
        int[] labels = {0, 1, 0, 1};

        assertEquals(1.0, PrequentialMetrics.auc(scores, labels, 2), TOLERANCE);
    }

    @Test
    void aucIsUndefinedForOneClass() {
        assertTrue(Double.isNaN(PrequentialMetrics.auc(new double[] {0.1, 0.7}, new int[] {1, 1}, 2)));
        assertTrue(Double.isNaN(PrequentialMetrics.auc(new double[] {0.1, 0.7}, new int[] {0, 0}, 2)));
        assertTrue(Double.isNaN(PrequentialMetrics.auc(new double[0], new int[0], 0)));
    }
}
