package io.streamrec.jobs.evaluation;

/**
 * Per-event ranking metrics for one relevant item: the event's item, found at a 1-based rank in
 * the list shown before the event, or missed (rank 0).
 *
 * <p>With a single relevant item the ideal DCG is 1, so NDCG@K equals DCG@K.
 */
public final class RankingMetrics {

    private static final double LN_2 = Math.log(2.0);

    private RankingMetrics() {}

    /**
     * Returns whether the item was found within the first {@code k} places.
     *
     * @param rank 1-based rank, or 0 for a miss
     * @param k cut-off, at least 1
     * @throws IllegalArgumentException if rank is negative or k is less than 1
     */
    public static boolean hit(int rank, int k) {
        check(rank, k);
        return rank >= 1 && rank <= k;
    }

    /** Returns {@code 1 / rank} when the item was found within the first {@code k} places, else 0. */
    public static double reciprocalRank(int rank, int k) {
        return hit(rank, k) ? 1.0 / rank : 0.0;
    }

    /** Returns {@code 1 / log2(rank + 1)} when the item was found within the first {@code k} places, else 0. */
    public static double ndcg(int rank, int k) {
        return hit(rank, k) ? LN_2 / Math.log(rank + 1.0) : 0.0;
    }

    private static void check(int rank, int k) {
        if (rank < 0) {
            throw new IllegalArgumentException("Invalid rank " + rank + ": expected 0 (miss) or a 1-based rank.");
        }
        if (k < 1) {
            throw new IllegalArgumentException("Invalid cut-off K=" + k + ": expected at least 1.");
        }
    }
}
