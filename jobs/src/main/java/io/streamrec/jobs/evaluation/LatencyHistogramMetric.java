package io.streamrec.jobs.evaluation;

import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;

/**
 * A Flink {@link Histogram} over a {@link LatencyHistogram}: fixed memory however many values it
 * records, unlike a sliding-window reservoir. It counts every value since the operator started.
 *
 * <p>Thread-safe: the operator updates it while metric reporters read it.
 */
public class LatencyHistogramMetric implements Histogram {

    private final LatencyHistogram histogram = new LatencyHistogram();

    @Override
    public synchronized void update(long valueMillis) {
        histogram.add(valueMillis);
    }

    @Override
    public synchronized long getCount() {
        return histogram.count;
    }

    /** Returns statistics of a copy taken now, so later updates do not change them. */
    @Override
    public synchronized HistogramStatistics getStatistics() {
        LatencyHistogram copy = new LatencyHistogram();
        copy.merge(histogram);
        return new Statistics(copy);
    }

    private static final class Statistics extends HistogramStatistics {

        private final LatencyHistogram histogram;

        Statistics(LatencyHistogram histogram) {
            this.histogram = histogram;
        }

        @Override
        public double getQuantile(double quantile) {
            return histogram.quantile(quantile);
        }

        /**
         * Returns one value per non-empty bucket (its lower bound), not one per recorded value,
         * because the histogram keeps only bucket counts.
         */
        @Override
        public long[] getValues() {
            int nonEmpty = 0;
            for (long c : histogram.counts) {
                if (c > 0) {
                    nonEmpty++;
                }
            }
            long[] values = new long[nonEmpty];
            int next = 0;
            for (int i = 0; i < histogram.counts.length; i++) {
                if (histogram.counts[i] > 0) {
                    values[next++] = LatencyHistogram.lowerBound(i);
                }
            }
            return values;
        }

        @Override
        public int size() {
            return (int) Math.min(Integer.MAX_VALUE, histogram.count);
        }

        @Override
        public double getMean() {
            return histogram.mean();
        }

        @Override
        public double getStdDev() {
            return histogram.standardDeviation();
        }

        @Override
        public long getMax() {
            return histogram.count == 0 ? 0 : histogram.max;
        }

        @Override
        public long getMin() {
            return histogram.count == 0 ? 0 : histogram.min;
        }
    }
}
