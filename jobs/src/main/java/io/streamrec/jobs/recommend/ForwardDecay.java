package io.streamrec.jobs.recommend;

/**
 * Forward exponential decay in event time: an event at time t adds
 * {@code weight * 2^((t - landmark) / halfLife)} to a value, so that values of one clock grow by
 * the same factor and their order equals the order of the decayed counts at any common time.
 *
 * <p>The landmark is the first event time seen. When an exponent would pass
 * {@link #MAX_EXPONENT}, the caller divides every value of this clock by
 * {@code 2^MAX_EXPONENT} and the landmark moves forward by {@code MAX_EXPONENT} half-lives; see
 * {@link #rebaseFactor}. A Flink POJO.
 */
public class ForwardDecay {

    /** Largest exponent before a rebase; {@code 2^512} leaves ample room below the double range. */
    public static final int MAX_EXPONENT = 512;

    /** Half-life in milliseconds. */
    public long halfLifeMillis;

    /** Event time of the landmark in milliseconds, valid when {@link #started} is true. */
    public long landmarkMillis;

    /** Whether the landmark has been set by a first event. */
    public boolean started;

    /** Creates an unset clock, for Flink's POJO serializer. */
    public ForwardDecay() {}

    public ForwardDecay(long halfLifeMillis) {
        if (halfLifeMillis <= 0) {
            throw new IllegalArgumentException("Invalid half-life " + halfLifeMillis + " ms: expected a positive value.");
        }
        this.halfLifeMillis = halfLifeMillis;
    }

    /**
     * Prepares the clock for an event at {@code eventTimeMillis}: sets the landmark on the first
     * event, and moves it when the event's exponent passes {@link #MAX_EXPONENT}.
     *
     * @return the factor by which every stored value of this clock must be multiplied: 1 when the
     *     landmark stays, otherwise a power of {@code 2^-MAX_EXPONENT}
     */
    public double rebaseFactor(long eventTimeMillis) {
        if (!started) {
            started = true;
            landmarkMillis = eventTimeMillis;
            return 1.0;
        }
        double factor = 1.0;
        while (exponent(eventTimeMillis) > MAX_EXPONENT) {
            landmarkMillis += MAX_EXPONENT * halfLifeMillis;
            factor *= Math.scalb(1.0, -MAX_EXPONENT);
        }
        return factor;
    }

    /** Returns {@code 2^((t - landmark) / halfLife)}, the forward-decayed weight of one unit at t. */
    public double growth(long eventTimeMillis) {
        return Math.pow(2.0, exponent(eventTimeMillis));
    }

    /** Converts a stored value of this clock into the decayed count at {@code timeMillis}. */
    public double decayedAt(double value, long timeMillis) {
        return finiteScore(value / growth(timeMillis));
    }

    /**
     * Keeps a decayed count finite. An event far older than the clock's landmark (a replay of an
     * old file into a live stream) divides by a growth that underflows to 0. The count at such a
     * time is astronomically large, so the largest finite double keeps the order and the arithmetic.
     */
    public static double finiteScore(double score) {
        if (Double.isNaN(score)) {
            return 0.0;
        }
        return Math.min(score, Double.MAX_VALUE);
    }

    private double exponent(long eventTimeMillis) {
        return (double) (eventTimeMillis - landmarkMillis) / halfLifeMillis;
    }
}
