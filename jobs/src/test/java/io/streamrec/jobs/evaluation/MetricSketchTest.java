package io.streamrec.jobs.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.metrics.HistogramStatistics;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

/** Tests of the bounded latency histogram and the HyperLogLog sketch. */
class MetricSketchTest {

    @Test
    void histogramIsExactBelowSixteen() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (long v = 1; v <= 10; v++) {
            histogram.add(v);
        }

        assertEquals(5.0, histogram.quantile(0.5));
        assertEquals(10.0, histogram.quantile(0.99));
        assertEquals(1.0, histogram.quantile(0.0));
        assertEquals(5.5, histogram.mean(), 1e-12);
    }

    @Test
    void histogramBucketsAreContiguous() {
        assertEquals(0, LatencyHistogram.lowerBound(0));
        for (int i = 0; i < LatencyHistogram.BUCKETS - 1; i++) {
            assertEquals(LatencyHistogram.upperBound(i) + 1, LatencyHistogram.lowerBound(i + 1), "bucket " + i);
            assertEquals(i, LatencyHistogram.bucketOf(LatencyHistogram.lowerBound(i)), "lower bound of bucket " + i);
            assertEquals(i, LatencyHistogram.bucketOf(LatencyHistogram.upperBound(i)), "upper bound of bucket " + i);
        }
        assertEquals(LatencyHistogram.BUCKETS - 1, LatencyHistogram.bucketOf(Long.MAX_VALUE));
    }

    @Test
    void histogramQuantilesStayWithinBucketError() {
        Random random = new Random(42);
        long[] values = new long[20_000];
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) Math.exp(random.nextDouble() * 12);
            histogram.add(values[i]);
        }
        Arrays.sort(values);

        for (double q : new double[] {0.5, 0.9, 0.99}) {
            long exact = values[(int) Math.ceil(q * values.length) - 1];
            double estimate = histogram.quantile(q);
            assertTrue(Math.abs(estimate - exact) <= Math.max(0.5, exact / 16.0),
                    "q=" + q + " exact=" + exact + " estimate=" + estimate);
        }
    }

    @Test
    void histogramClampsNegativeToZero() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.add(-5);

        assertEquals(0.0, histogram.quantile(0.5));
        assertEquals(0L, histogram.min);
    }

    @Test
    void flinkHistogramReportsQuantilesAndCount() {
        LatencyHistogramMetric metric = new LatencyHistogramMetric();
        for (long v = 1; v <= 100; v++) {
            metric.update(v);
        }

        HistogramStatistics stats = metric.getStatistics();
        metric.update(1_000_000);

        assertEquals(101, metric.getCount());
        assertEquals(100, stats.size());
        assertEquals(1, stats.getMin());
        assertEquals(100, stats.getMax());
        assertEquals(50.5, stats.getMean(), 1e-9);
        assertTrue(Math.abs(stats.getQuantile(0.5) - 50) <= 50 / 16.0, "p50=" + stats.getQuantile(0.5));
        assertEquals(Math.sqrt((100.0 * 100 - 1) / 12), stats.getStdDev(), 1e-9);
    }

    @Test
    void sketchCountsSmallSetsWithinOne() {
        HyperLogLog sketch = new HyperLogLog(11);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 50; i++) {
                sketch.add("item-" + i);
            }
        }

        // Linear counting overestimates by about n^2 / (2m) = 0.6 here.
        assertTrue(Math.abs(sketch.estimate() - 50) <= 1, "estimate " + sketch.estimate());
    }

    @Test
    void sketchEstimatesLargeSetsWithinFivePercent() {
        HyperLogLog sketch = new HyperLogLog(11);
        int distinct = 200_000;
        for (int i = 0; i < distinct; i++) {
            sketch.add(Integer.toString(i));
        }

        // The standard error at precision 11 is about 2.3%, so 5% is more than two of them.
        double error = Math.abs(sketch.estimate() - distinct) / (double) distinct;
        assertTrue(error < 0.05, "estimate " + sketch.estimate() + " for " + distinct);
    }

    @Test
    void sketchMergeEstimatesUnion() {
        HyperLogLog left = new HyperLogLog(12);
        HyperLogLog right = new HyperLogLog(12);
        for (int i = 0; i < 300; i++) {
            left.add("x" + i);
        }
        for (int i = 200; i < 500; i++) {
            right.add("x" + i);
        }

        left.merge(right);

        assertTrue(Math.abs(left.estimate() - 500) <= 5, "union estimate " + left.estimate());
    }

    @Test
    void sketchRejectsMixedPrecision() {
        assertThrows(IllegalArgumentException.class, () -> new HyperLogLog(11).merge(new HyperLogLog(12)));
        assertThrows(IllegalArgumentException.class, () -> new HyperLogLog(3));
    }
}
