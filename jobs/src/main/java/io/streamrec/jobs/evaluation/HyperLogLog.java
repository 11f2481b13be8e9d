package io.streamrec.jobs.evaluation;

import java.nio.charset.StandardCharsets;

/**
 * A HyperLogLog sketch that estimates the number of distinct strings added, in {@code 2^precision}
 * bytes whatever the number of strings.
 *
 * <p>The relative standard error is about {@code 1.04 / sqrt(2^precision)}: 2.3% at precision 11.
 * Small counts use linear counting (the share of empty registers) and are close to exact; with a
 * 64-bit hash no large-range correction is needed. Sketches of equal precision merge by taking the
 * register-wise maximum, which gives the sketch of the union.
 *
 * <p>Strings are hashed with 64-bit FNV-1a over their UTF-8 bytes followed by the MurmurHash3
 * 64-bit finalizer, which spreads FNV's weak low bits.
 *
 * <p>A Flink POJO (public fields, no-argument constructor), so it can live in keyed state.
 */
public class HyperLogLog {

    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    /** {@code 2^-r} for every register value r. A register is at most 64 - 4 + 1 = 61, at the minimum precision 4. */
    private static final double[] INVERSE_POWERS_OF_TWO = inversePowersOfTwo(64);

    /** Number of index bits: the sketch has {@code 2^precision} registers. */
    public int precision;

    /** One register per bucket: the largest leading-zero run plus one seen in that bucket. */
    public byte[] registers;

    /** For Flink's POJO serializer only. */
    public HyperLogLog() {}

    /**
     * Creates an empty sketch.
     *
     * @throws IllegalArgumentException if precision is outside 4 to 16
     */
    public HyperLogLog(int precision) {
        if (precision < EvaluationOptions.MIN_COVERAGE_PRECISION || precision > EvaluationOptions.MAX_COVERAGE_PRECISION) {
            throw new IllegalArgumentException("Invalid HyperLogLog precision " + precision + ": expected "
                    + EvaluationOptions.MIN_COVERAGE_PRECISION + " to " + EvaluationOptions.MAX_COVERAGE_PRECISION + ".");
        }
        this.precision = precision;
        this.registers = new byte[1 << precision];
    }

    /** Adds one string; adding the same string again changes nothing. */
    public void add(String value) {
        long hash = hash(value);
        int index = (int) (hash >>> (64 - precision));
        long remaining = hash << precision;
        int maxRank = 64 - precision + 1;
        int rank = Math.min(Long.numberOfLeadingZeros(remaining) + 1, maxRank);
        if (rank > registers[index]) {
            registers[index] = (byte) rank;
        }
    }

    /**
     * Adds every string of {@code other} to this sketch.
     *
     * @throws IllegalArgumentException if the precisions differ
     */
    public void merge(HyperLogLog other) {
        if (other.precision != precision) {
            throw new IllegalArgumentException("Cannot merge HyperLogLog sketches of precision "
                    + precision + " and " + other.precision + ".");
        }
        for (int i = 0; i < registers.length; i++) {
            if (other.registers[i] > registers[i]) {
                registers[i] = other.registers[i];
            }
        }
    }

    /** Returns the estimated number of distinct strings added, rounded to a whole number. */
    public long estimate() {
        int m = registers.length;
        double inverseSum = 0.0;
        int emptyRegisters = 0;
        for (byte register : registers) {
            // A table lookup instead of Math.scalb, because every window close estimates several sketches per key.
            inverseSum += INVERSE_POWERS_OF_TWO[register];
            if (register == 0) {
                emptyRegisters++;
            }
        }
        double raw = alpha(m) * m * m / inverseSum;
        if (raw <= 2.5 * m && emptyRegisters > 0) {
            return Math.round(m * Math.log((double) m / emptyRegisters));
        }
        return Math.round(raw);
    }

    private static double[] inversePowersOfTwo(int count) {
        double[] powers = new double[count];
        for (int r = 0; r < count; r++) {
            powers[r] = Math.scalb(1.0, -r);
        }
        return powers;
    }

    private static double alpha(int m) {
        return switch (m) {
            case 16 -> 0.673;
            case 32 -> 0.697;
            case 64 -> 0.709;
            default -> 0.7213 / (1.0 + 1.079 / m);
        };
    }

    static long hash(String value) {
        long h = FNV_OFFSET_BASIS;
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
