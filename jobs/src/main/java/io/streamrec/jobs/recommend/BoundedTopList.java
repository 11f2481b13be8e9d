package io.streamrec.jobs.recommend;

import java.util.ArrayList;
import java.util.List;

/**
 * A list of at most {@code capacity} scored items, kept sorted by score descending and then by
 * item id ascending. A Flink POJO, so that it can be stored as one state value.
 *
 * <p>Two ways to feed it:
 *
 * <ul>
 *   <li>{@link #offer} sets an item's score to a value tracked elsewhere. The list then holds the
 *       true top {@code capacity} items as long as every tracked value only grows and each change
 *       is offered, because an item outside the list can only enter when its own value grows.
 *   <li>{@link #add} adds to the score kept in the list itself. A new item that does not beat the
 *       weakest entry of a full list is dropped, and when it beats it the weakest entry is evicted
 *       and forgotten.
 * </ul>
 *
 * <p>Both cost O(capacity) per call.
 */
public class BoundedTopList {

    /** Maximum number of entries. */
    public int capacity;

    /** Entries, best first. */
    public List<ScoredItem> entries = new ArrayList<>();

    /** Creates an empty list, for Flink's POJO serializer. */
    public BoundedTopList() {}

    public BoundedTopList(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("Invalid capacity " + capacity + ": expected at least 1.");
        }
        this.capacity = capacity;
    }

    /**
     * Sets the score of an item and moves it to its place; an item not in the list enters if the
     * list has room or the item beats the weakest entry, which is then evicted.
     *
     * @return true if the list changed
     */
    public boolean offer(String itemId, String category, double score) {
        return offer(itemId, category, score, 0L);
    }

    /**
     * Like {@link #offer(String, String, double)}, and records the item's first-seen event time
     * (0 for unknown); an entry keeps the earliest known time.
     *
     * @return true if the list changed
     */
    public boolean offer(String itemId, String category, double score, long firstSeenMillis) {
        int index = indexOf(itemId);
        if (index >= 0) {
            ScoredItem entry = entries.remove(index);
            entry.score = score;
            if (category != null) {
                entry.category = category;
            }
            if (firstSeenMillis > 0 && (entry.firstSeenMillis == 0 || firstSeenMillis < entry.firstSeenMillis)) {
                entry.firstSeenMillis = firstSeenMillis;
            }
            insertSorted(entry);
            return true;
        }

        ScoredItem candidate = new ScoredItem(itemId, category, score);
        candidate.firstSeenMillis = firstSeenMillis;
        if (entries.size() < capacity) {
            insertSorted(candidate);
            return true;
        }
        ScoredItem weakest = entries.get(entries.size() - 1);
        if (ScoredItem.compareByRank(candidate, weakest) < 0) {
            entries.remove(entries.size() - 1);
            insertSorted(candidate);
            return true;
        }
        return false;
    }

    /**
     * Adds {@code delta} to the score of an item held in the list, or offers the item with score
     * {@code delta} if the list does not hold it.
     *
     * @return true if the list changed
     */
    public boolean add(String itemId, String category, double delta) {
        int index = indexOf(itemId);
        double score = index >= 0 ? entries.get(index).score + delta : delta;
        return offer(itemId, category, score);
    }

    /** Multiplies every score by {@code factor}, which must be positive so that the order holds. */
    public void scale(double factor) {
        for (ScoredItem entry : entries) {
            entry.score *= factor;
        }
    }

    /** Returns the entry of an item, or null if the list does not hold it. */
    public ScoredItem get(String itemId) {
        int index = indexOf(itemId);
        return index >= 0 ? entries.get(index) : null;
    }

    public int size() {
        return entries.size();
    }

    /** Returns the best entry, or null if the list is empty. */
    public ScoredItem best() {
        return entries.isEmpty() ? null : entries.get(0);
    }

    /** Returns copies of the first {@code n} entries, so that callers cannot change the list. */
    public List<ScoredItem> top(int n) {
        List<ScoredItem> copy = new ArrayList<>(Math.min(n, entries.size()));
        for (int i = 0; i < n && i < entries.size(); i++) {
            ScoredItem entry = entries.get(i);
            ScoredItem item = new ScoredItem(entry.itemId, entry.category, entry.score);
            item.firstSeenMillis = entry.firstSeenMillis;
            copy.add(item);
        }
        return copy;
    }

    private int indexOf(String itemId) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).itemId.equals(itemId)) {
                return i;
            }
        }
        return -1;
    }

    private void insertSorted(ScoredItem entry) {
        int position = 0;
        while (position < entries.size() && ScoredItem.compareByRank(entries.get(position), entry) < 0) {
            position++;
        }
        entries.add(position, entry);
    }
}
