package io.streamrec.jobs.training;

import java.util.Arrays;

/**
 * The learned state of an {@link FtrlProximal} model: per coordinate the adjusted accumulated
 * gradient {@code z} and the sum of squared gradients {@code n}. The last coordinate is the bias.
 *
 * <p>A Flink POJO (public no-argument constructor, public fields), so Flink serializes it without
 * Kryo and RocksDB keyed state can hold it.
 */
public class FtrlState {

    /** Adjusted accumulated gradients, one per feature and then one for the bias. */
    public double[] z;

    /** Sums of squared gradients, one per feature and then one for the bias. */
    public double[] n;

    /** Creates an empty state for Flink's POJO serializer. */
    public FtrlState() {}

    /** Creates a state holding the given arrays (not copied). */
    public FtrlState(double[] z, double[] n) {
        this.z = z;
        this.n = n;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof FtrlState that)) {
            return false;
        }
        return Arrays.equals(z, that.z) && Arrays.equals(n, that.n);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(z) + Arrays.hashCode(n);
    }

    @Override
    public String toString() {
        return "FtrlState{z=" + Arrays.toString(z) + ", n=" + Arrays.toString(n) + '}';
    }
}
