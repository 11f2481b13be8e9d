package io.streamrec.jobs.evaluation;

/**
 * A fixed-size histogram of non-negative millisecond values with logarithmic buckets, for
 * latency quantiles in bounded state.
 *
 * <p>Values 0 to 15 ms each have their own bucket and are exact. Above that, every power of two
 * is split into 8 buckets, so a quantile is off by at most half a bucket, 1/16 (6.25%) of the
 * value. Values of 2^36 ms (about 795 days) and more fall into the last bucket. The histogram
 * always has {@link #BUCKETS} counters, whatever it records, and two histograms merge by adding
 * counters.
 *
 * <p>A Flink POJO (public fields, no-argument constructor), so it can live in keyed state.
 */
public class LatencyHistogram {

    private static final int LINEAR_BUCKETS = 16;
    private static final int FIRST_EXPONENT = 4;
    private static final int SUB_BUCKET_BITS = 3;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    private static final int LAST_EXPONENT = 35;

    /** Number of buckets of every histogram. */
    public static final int BUCKETS = LINEAR_BUCKETS + (LAST_EXPONENT - FIRST_EXPONENT + 1) * SUB_BUCKETS;

    /** Counter per bucket. */
    public long[] counts = new long[BUCKETS];

    /** Number of recorded values. */
    public long count;

    /** Smallest recorded value; meaningless while {@link #count} is 0. */
    public long min = Long.MAX_VALUE;

    /** Largest recorded value; meaningless while {@link #count} is 0. */
    public long max = Long.MIN_VALUE;

    /** Sum of the recorded values. */
    public double sum;

    /** Sum of the squares of the recorded values, for the standard deviation. */
    public double sumOfSquares;

    public LatencyHistogram() {}

    /** Records one value; negative values are recorded as 0. */
    public void add(long valueMillis) {
        long value = Math.max(0L, valueMillis);
        counts[bucketOf(value)]++;
        count++;
        min = Math.min(min, value);
        max = Math.max(max, value);
        sum += value;
        sumOfSquares += (double) value * value;
    }

    /** Adds every value recorded by {@code other} to this histogram. */
    public void merge(LatencyHistogram other) {
        if (other.count == 0) {
            return;
        }
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        count += other.count;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        sum += other.sum;
        sumOfSquares += other.sumOfSquares;
    }

    /**
     * Returns the value at quantile {@code q}: the smallest recorded value such that at least
     * {@code q * count} values are at or below it, taken as its bucket's midpoint and clamped to
     * the recorded minimum and maximum. Returns 0 when nothing was recorded.
     *
     * @throws IllegalArgumentException if q is outside [0, 1]
     */
    public double quantile(double q) {
        if (!(q >= 0.0 && q <= 1.0)) {
            throw new IllegalArgumentException("Invalid quantile " + q + ": expected 0 to 1.");
        }
        if (count == 0) {
            return 0.0;
        }
        long target = Math.max(1L, (long) Math.ceil(q * count));
        long cumulative = 0;
        for (int i = 0; i < BUCKETS; i++) {
            cumulative += counts[i];
            if (cumulative >= target) {
                double midpoint = (lowerBound(i) + upperBound(i)) / 2.0;
                return Math.max(min, Math.min(max, midpoint));
            }
        }
        return max;
    }

    /** Returns the mean of the recorded values, or 0 when nothing was recorded. */
    public double mean() {
        return count == 0 ? 0.0 : sum / count;
    }

    /** Returns the population standard deviation of the recorded values, or 0 when nothing was recorded. */
    public double standardDeviation() {
        if (count == 0) {
            return 0.0;
        }
        double mean = mean();
        return Math.sqrt(Math.max(0.0, sumOfSquares / count - mean * mean));
    }

    /** Returns the index of the bucket that contains {@code value} (at least 0). */
    static int bucketOf(long value) {
        if (value < LINEAR_BUCKETS) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        if (exponent > LAST_EXPONENT) {
            return BUCKETS - 1;
        }
        int subBucket = (int) ((value >>> (exponent - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1));
        return LINEAR_BUCKETS + (exponent - FIRST_EXPONENT) * SUB_BUCKETS + subBucket;
    }

    /** Returns the smallest value that falls into bucket {@code index}. */
    static long lowerBound(int index) {
        if (index < LINEAR_BUCKETS) {
            return index;
        }
        int exponent = FIRST_EXPONENT + (index - LINEAR_BUCKETS) / SUB_BUCKETS;
        int subBucket = (index - LINEAR_BUCKETS) % SUB_BUCKETS;
        return ((long) (SUB_BUCKETS + subBucket)) << (exponent - SUB_BUCKET_BITS);
    }

    /** Returns the largest value that falls into bucket {@code index}; the last bucket reports its nominal bound. */
    static long upperBound(int index) {
        if (index < LINEAR_BUCKETS) {
            return index;
        }
        int exponent = FIRST_EXPONENT + (index - LINEAR_BUCKETS) / SUB_BUCKETS;
        return lowerBound(index) + (1L << (exponent - SUB_BUCKET_BITS)) - 1;
    }
}
