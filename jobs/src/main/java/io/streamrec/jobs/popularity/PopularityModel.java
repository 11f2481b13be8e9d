package io.streamrec.jobs.popularity;

import io.streamrec.jobs.recommend.BoundedTopList;
import io.streamrec.jobs.recommend.EventWeights;
import io.streamrec.jobs.recommend.ForwardDecay;
import io.streamrec.jobs.recommend.ScoredItem;
import io.streamrec.schemas.EventType;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decayed popularity, global and per category, exactly as docs/architecture.md defines it, with no
 * Flink dependency so that an independent evaluator can reproduce its lists.
 *
 * <ul>
 *   <li>An event adds {@code w(type) * 2^((eventTime - landmark) / halfLife)} to its item's value
 *       ({@link ForwardDecay}); the landmark is the first event time seen, and when an exponent
 *       passes 512 every value is divided by {@code 2^512} and the landmark moves.
 *   <li>The global list and each category's list hold the {@code candidates} items of highest
 *       value, ordered by value descending and then by item id ascending. An item enters a list
 *       only with a value above zero, so events of weight 0 never add an item.
 *   <li>At most {@code maxCategories} categories have a list. A new category beyond that evicts
 *       the category whose best item has the lowest value (ties: the smallest category id).
 *   <li>An item's category is the one of the event; an item seen under two categories is listed in
 *       both with the same value.
 * </ul>
 */
public final class PopularityModel implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Storage of item values and per-category lists, so that the operator can keep them in keyed state. */
    public interface Store {

        /** Returns the value of an item, or 0 if it has none. */
        double value(String itemId) throws Exception;

        void putValue(String itemId, double value, long eventTimeMillis) throws Exception;

        /**
         * Returns the event time of the first event that changed the item's value, or 0 where the
         * store does not track it.
         */
        default long firstSeenMillis(String itemId) throws Exception {
            return 0L;
        }

        /** Multiplies every item value and every category list by {@code factor}. */
        void scaleAll(double factor) throws Exception;

        /** Returns the list of a category, or null if it has none. */
        BoundedTopList categoryList(String category) throws Exception;

        void putCategoryList(String category, BoundedTopList list) throws Exception;

        void removeCategoryList(String category) throws Exception;

        Iterable<Map.Entry<String, BoundedTopList>> categoryLists() throws Exception;
    }

    private final EventWeights weights;
    private final long halfLifeMillis;
    private final int candidates;
    private final int maxCategories;

    public PopularityModel(EventWeights weights, long halfLifeMillis, int candidates, int maxCategories) {
        this.weights = weights;
        this.halfLifeMillis = halfLifeMillis;
        this.candidates = candidates;
        this.maxCategories = maxCategories;
    }

    /** Creates the state of a model that has seen no event. */
    public PopularityState newState() {
        return new PopularityState(halfLifeMillis, candidates);
    }

    /** Adds one event to the model. */
    public void update(
            PopularityState state, Store store, String itemId, String category, EventType type, long eventTimeMillis)
            throws Exception {
        double factor = state.clock.rebaseFactor(eventTimeMillis);
        if (factor != 1.0) {
            store.scaleAll(factor);
            state.global.scale(factor);
        }

        double weight = weights.of(type);
        double value = store.value(itemId) + weight * state.clock.growth(eventTimeMillis);
        if (weight != 0.0) {
            store.putValue(itemId, value, eventTimeMillis);
        }
        if (value <= 0.0) {
            return;
        }

        long firstSeen = store.firstSeenMillis(itemId);
        state.global.offer(itemId, category, value, firstSeen);
        if (category != null) {
            offerToCategory(state, store, itemId, category, value, firstSeen);
        }
    }

    /** Returns the global top list with each score as the decayed count at {@code timeMillis}. */
    public List<ScoredItem> globalTop(PopularityState state, long timeMillis) {
        return decayed(state.clock, state.global, timeMillis);
    }

    /** Returns a category's top list with decayed scores, or an empty list if it has none. */
    public List<ScoredItem> categoryTop(PopularityState state, Store store, String category, long timeMillis)
            throws Exception {
        if (category == null) {
            return new ArrayList<>();
        }
        BoundedTopList list = store.categoryList(category);
        return list == null ? new ArrayList<>() : decayed(state.clock, list, timeMillis);
    }

    private void offerToCategory(
            PopularityState state, Store store, String itemId, String category, double value, long firstSeen)
            throws Exception {
        BoundedTopList list = store.categoryList(category);
        if (list == null) {
            if (state.categoryCount >= maxCategories) {
                evictWeakestCategory(store);
                state.categoryCount--;
            }
            list = new BoundedTopList(candidates);
            state.categoryCount++;
        }
        list.offer(itemId, category, value, firstSeen);
        store.putCategoryList(category, list);
    }

    private static void evictWeakestCategory(Store store) throws Exception {
        String weakest = null;
        double weakestValue = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, BoundedTopList> entry : store.categoryLists()) {
            ScoredItem best = entry.getValue().best();
            double bestValue = best == null ? 0.0 : best.score;
            boolean weaker = weakest == null
                    || bestValue < weakestValue
                    || (bestValue == weakestValue && entry.getKey().compareTo(weakest) < 0);
            if (weaker) {
                weakest = entry.getKey();
                weakestValue = bestValue;
            }
        }
        if (weakest != null) {
            store.removeCategoryList(weakest);
        }
    }

    private static List<ScoredItem> decayed(ForwardDecay clock, BoundedTopList list, long timeMillis) {
        List<ScoredItem> top = list.top(list.size());
        double growth = clock.growth(timeMillis);
        for (ScoredItem item : top) {
            item.score = ForwardDecay.finiteScore(item.score / growth);
        }
        return top;
    }

    /** A {@link Store} in plain maps, for tests and offline evaluation. */
    public static final class InMemoryStore implements Store {

        private final Map<String, Double> values = new HashMap<>();
        private final Map<String, BoundedTopList> categories = new HashMap<>();

        @Override
        public double value(String itemId) {
            return values.getOrDefault(itemId, 0.0);
        }

        @Override
        public void putValue(String itemId, double value, long eventTimeMillis) {
            values.put(itemId, value);
        }

        @Override
        public void scaleAll(double factor) {
            values.replaceAll((item, value) -> value * factor);
            categories.values().forEach(list -> list.scale(factor));
        }

        @Override
        public BoundedTopList categoryList(String category) {
            return categories.get(category);
        }

        @Override
        public void putCategoryList(String category, BoundedTopList list) {
            categories.put(category, list);
        }

        @Override
        public void removeCategoryList(String category) {
            categories.remove(category);
        }

        @Override
        public Iterable<Map.Entry<String, BoundedTopList>> categoryLists() {
            return categories.entrySet();
        }

        public int itemCount() {
            return values.size();
        }
    }
}
