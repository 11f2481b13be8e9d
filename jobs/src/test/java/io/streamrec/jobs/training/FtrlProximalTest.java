package io.streamrec.jobs.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

class FtrlProximalTest {

    private static final double TOLERANCE = 1e-12;

    /** One training step with a single feature, computed by hand from the update rule. */
    @Test
    void firstUpdateMatchesHandComputation() {
        FtrlProximal model = new FtrlProximal(new FtrlParameters(1.0, 1.0, 0.0, 0.0), 1);

        double before = model.update(new double[] {1.0}, 1.0, 1.0);

        // p = 0.5, g = -0.5, sigma = sqrt(0.25) = 0.5, z = -0.5, n = 0.25,
        // w = 0.5 / ((1 + 0.5) / 1) = 1/3 for the feature and for the bias.
        assertEquals(0.5, before, TOLERANCE);
        assertEquals(1.0 / 3.0, model.weights()[0], TOLERANCE);
        assertEquals(1.0 / 3.0, model.bias(), TOLERANCE);
        assertArrayEquals(new double[] {-0.5, -0.5}, model.toState().z, TOLERANCE);
        assertArrayEquals(new double[] {0.25, 0.25}, model.toState().n, TOLERANCE);
    }

    @Test
    void updatesMatchReferenceComputation() {
        FtrlParameters parameters = new FtrlParameters(0.3, 0.7, 0.05, 0.2);
        int dimension = 4;
        FtrlProximal model = new FtrlProximal(parameters, dimension);
        ReferenceFtrl reference = new ReferenceFtrl(parameters, dimension);
        Random random = new Random(7);

        for (int step = 0; step < 40; step++) {
            double[] x = new double[dimension];
            for (int i = 0; i < dimension; i++) {
                // About a third of the values are 0, so that skipped coordinates are covered too.
                x[i] = random.nextInt(3) == 0 ? 0.0 : random.nextGaussian() * 2;
            }
            double label = random.nextBoolean() ? 1.0 : 0.0;
            double weight = label == 1.0 ? 1.0 + random.nextInt(5) : 1.0;

            double expectedPrediction = reference.step(x, label, weight);
            double prediction = model.update(x, label, weight);

            assertEquals(expectedPrediction, prediction, TOLERANCE, "prediction at step " + step);
            assertArrayEquals(reference.weights(), model.weights(), TOLERANCE, "weights at step " + step);
            assertEquals(reference.bias(), model.bias(), TOLERANCE, "bias at step " + step);
        }
    }

    @Test
    void learnsSyntheticLogisticModel() {
        double[] trueWeights = {2.0, 1.0, -0.5, -1.5};
        double trueBias = -0.5;
        int examples = 4000;
        FtrlProximal model = new FtrlProximal(new FtrlParameters(0.05, 1.0, 0.1, 0.1), trueWeights.length);
        Random random = new Random(42);
        double[] losses = new double[examples];

        for (int t = 0; t < examples; t++) {
            double[] x = new double[trueWeights.length];
            double margin = trueBias;
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextGaussian();
                margin += trueWeights[i] * x[i];
            }
            double label = random.nextDouble() < 1.0 / (1.0 + Math.exp(-margin)) ? 1.0 : 0.0;
            double prediction = model.update(x, label, 1.0);
            losses[t] = PrequentialMetrics.logLoss(prediction, label);
        }

        int quarter = examples / 4;
        double firstQuarter = Arrays.stream(losses, 0, quarter).average().orElseThrow();
        double lastQuarter = Arrays.stream(losses, examples - quarter, examples).average().orElseThrow();
        assertTrue(
                firstQuarter > lastQuarter + 0.05,
                "log loss should fall: first quarter " + firstQuarter + ", last quarter " + lastQuarter);

        double[] learned = model.weights();
        for (int i = 0; i < trueWeights.length; i++) {
            assertEquals(Math.signum(trueWeights[i]), Math.signum(learned[i]), "sign of weight " + i + " in " + Arrays.toString(learned));
        }
        assertArrayEquals(ascendingOrder(trueWeights), ascendingOrder(learned), "order of " + Arrays.toString(learned));
        assertTrue(model.bias() < 0, "bias should be negative, got " + model.bias());
    }

    @Test
    void largeL1KeepsFeatureWeightsAtZero() {
        FtrlProximal model = new FtrlProximal(new FtrlParameters(1.0, 1.0, 100.0, 0.0), 2);

        for (int t = 0; t < 10; t++) {
            model.update(new double[] {1.0, -1.0}, 1.0, 1.0);
        }

        assertArrayEquals(new double[] {0.0, 0.0}, model.weights());
        assertTrue(model.bias() > 0, "bias is not L1-penalized and should learn the positive rate");
    }

    @Test
    void zeroWeightLeavesModelUnchanged() {
        FtrlProximal model = new FtrlProximal(new FtrlParameters(0.1, 1.0, 0.0, 0.0), 2);
        model.update(new double[] {1.0, 2.0}, 1.0, 1.0);
        FtrlState before = model.toState();

        model.update(new double[] {3.0, -1.0}, 0.0, 0.0);

        assertEquals(before, model.toState());
    }

    @Test
    void restoredStateContinuesIdentically() {
        FtrlParameters parameters = new FtrlParameters(0.2, 1.0, 0.01, 0.5);
        FtrlProximal original = new FtrlProximal(parameters, 3);
        original.update(new double[] {1.0, 0.5, -2.0}, 1.0, 3.0);
        original.update(new double[] {0.0, 1.5, 1.0}, 0.0, 1.0);

        FtrlProximal restored = FtrlProximal.fromState(parameters, original.toState());
        original.update(new double[] {2.0, -1.0, 0.5}, 1.0, 1.0);
        restored.update(new double[] {2.0, -1.0, 0.5}, 1.0, 1.0);

        assertEquals(original.toState(), restored.toState());
        assertEquals(3, restored.dimension());
    }

    @Test
    void stateIsFlinkPojo() {
        assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(FtrlState.class));
    }

    @Test
    void invalidInputsAreRejected() {
        FtrlProximal model = new FtrlProximal(new FtrlParameters(0.1, 1.0, 0.0, 0.0), 2);

        assertThrows(IllegalArgumentException.class, () -> model.predict(new double[] {1.0}));
        assertThrows(IllegalArgumentException.class, () -> model.predict(new double[] {1.0, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> model.update(new double[] {1.0, 1.0}, 2.0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> model.update(new double[] {1.0, 1.0}, 1.0, -1.0));
        assertThrows(IllegalArgumentException.class, () -> new FtrlParameters(0.0, 1.0, 0.0, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new FtrlParameters(0.1, -1.0, 0.0, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new FtrlParameters(0.1, 1.0, Double.NaN, 0.0));
        assertThrows(
                IllegalArgumentException.class,
                () -> FtrlProximal.fromState(
                        new FtrlParameters(0.1, 1.0, 0.0, 0.0), new FtrlState(new double[2], new double[3])));
    }

    private static int[] ascendingOrder(double[] values) {
        return IntStream.range(0, values.length)
                .boxed()
                .sorted(Comparator.comparingDouble(i -> values[i]))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /**
     * FTRL-Proximal written out as the per-coordinate formulas, one named quantity per line, kept
     * apart from the production class so that the two are checked against each other.
     */
    private static final class ReferenceFtrl {
        private final FtrlParameters p;
        private final int d;
        private final double[] zs;
        private final double[] ns;

        ReferenceFtrl(FtrlParameters p, int d) {
            this.p = p;
            this.d = d;
            this.zs = new double[d + 1];
            this.ns = new double[d + 1];
        }

        double step(double[] features, double y, double c) {
            double[] x = Arrays.copyOf(features, d + 1);
            x[d] = 1.0;

            double[] w = new double[d + 1];
            for (int i = 0; i <= d; i++) {
                w[i] = weightOf(i);
            }

            double dot = 0.0;
            for (int i = 0; i <= d; i++) {
                dot += w[i] * x[i];
            }
            double prediction = 1.0 / (1.0 + Math.exp(-dot));

            for (int i = 0; i <= d; i++) {
                if (x[i] == 0.0) {
                    continue;
                }
                double gradient = c * (prediction - y) * x[i];
                double nNew = ns[i] + gradient * gradient;
                double sigma = (Math.sqrt(nNew) - Math.sqrt(ns[i])) / p.alpha();
                zs[i] = zs[i] + gradient - sigma * w[i];
                ns[i] = nNew;
            }
            return prediction;
        }

        double weightOf(int i) {
            boolean isBias = i == d;
            double l1 = isBias ? 0.0 : p.l1();
            double l2 = isBias ? 0.0 : p.l2();
            if (Math.abs(zs[i]) <= l1) {
                return 0.0;
            }
            double sign = zs[i] < 0 ? -1.0 : 1.0;
            return (sign * l1 - zs[i]) / ((p.beta() + Math.sqrt(ns[i])) / p.alpha() + l2);
        }

        double[] weights() {
            double[] w = new double[d];
            for (int i = 0; i < d; i++) {
                w[i] = weightOf(i);
            }
            return w;
        }

        double bias() {
            return weightOf(d);
        }
    }
}
