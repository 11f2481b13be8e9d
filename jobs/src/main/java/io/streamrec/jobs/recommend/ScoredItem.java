package io.streamrec.jobs.recommend;

import java.util.Objects;

/**
 * An item with a score and, where known, its category: an entry of a top list or a neighbour list.
 * A Flink POJO.
 */
public class ScoredItem {

    /** Id of the item. */
    public String itemId;

    /** Category of the item, or null where unknown. */
    public String category;

    /** Score; its meaning depends on the list, and higher ranks first. */
    public double score;

    /**
     * Event time in milliseconds of the first event the popularity stage saw on the item, or 0
     * where unknown. Only entries of the popularity lists carry it. Not part of {@link #equals}.
     */
    public long firstSeenMillis;

    /** Creates an empty entry, for Flink's POJO serializer. */
    public ScoredItem() {}

    public ScoredItem(String itemId, String category, double score) {
        this.itemId = itemId;
        this.category = category;
        this.score = score;
    }

    /** Orders by score descending, then by item id ascending, so that ties are deterministic. */
    public static int compareByRank(ScoredItem a, ScoredItem b) {
        int byScore = Double.compare(b.score, a.score);
        return byScore != 0 ? byScore : a.itemId.compareTo(b.itemId);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ScoredItem other)) {
            return false;
        }
        return Double.compare(score, other.score) == 0
                && Objects.equals(itemId, other.itemId)
                && Objects.equals(category, other.category);
    }

    @Override
    public int hashCode() {
        return Objects.hash(itemId, category, score);
    }

    @Override
    public String toString() {
        return itemId + "(" + category + ")=" + score;
    }
}
