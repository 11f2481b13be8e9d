package io.streamrec.jobs.ranking.models;

import io.streamrec.jobs.profile.RecentItem;
import io.streamrec.jobs.ranking.CachedNeighbours;
import io.streamrec.jobs.recommend.EnrichedEvent;
import io.streamrec.jobs.recommend.EventWeights;
import io.streamrec.jobs.recommend.ScoredItem;
import io.streamrec.jobs.training.FeatureVector;
import io.streamrec.schemas.RankingFeatures;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes the {@link RankingFeatures} of candidates for one user after one event, as defined in
 * docs/learning.md, from what travelled with the event: the profile snapshot, the cached neighbour
 * lists of the user's recent items and the popularity lists.
 *
 * <p>Two views exist. {@link #of} describes candidates after the event, for the list the event
 * triggers. {@link #beforeEvent} describes them as they were when the user's previous list was
 * made: without the event in the recent items, with the neighbour lists cached before the event,
 * the affinity shares and category stored with that list, and times measured to that list's event.
 * Training examples of items that were not shown use it, so that they compare with the stored
 * features of the items that were.
 *
 * <p>The popularity lists exist only as stamped on the current event, which already counts the
 * event itself. The before view takes the event's weight off its own item's score and, where the
 * lower score falls below every other listed item, treats the item as unlisted. NOTE: that is an
 * approximation: a list that was not full would still have listed it, and the other items'
 * scores are measured at this event, not at the previous one.
 *
 * <p>What the event carries limits two features. {@code categoryPopularityRank} is known only for
 * candidates of the event's category, because only that category's top list travels with the event,
 * and is 0 for the others. {@code itemAgeSeconds} is known only for items on a popularity list,
 * whose entries carry the item's first-seen time, and is 0 for the others.
 */
public final class CandidateFeatures {

    private final EnrichedEvent event;
    private final long referenceTime;
    private final String lastCategory;
    private final Map<String, Double> cooccurrence = new HashMap<>();
    private final Map<String, Double> weighted = new HashMap<>();
    private final Map<String, Double> lastItemPairs = new HashMap<>();
    private final Map<String, Integer> weightedRanks = new HashMap<>();
    private final Map<String, String> categories = new HashMap<>();
    private final Map<String, Double> popularity = new HashMap<>();
    private final Map<String, Integer> categoryRanks = new HashMap<>();
    private final Map<String, Long> firstSeen = new HashMap<>();
    private final Map<String, Double> affinityShares = new HashMap<>();
    private final List<RecentItem> recent;
    private final Set<String> excluded;
    private List<ScoredItem> categoryList = List.of();
    private List<String> neighbourOrder = List.of();
    private double bestWeighted;

    private CandidateFeatures(
            EnrichedEvent event, long referenceTime, String lastCategory, List<RecentItem> recent, Set<String> excluded) {
        this.event = event;
        this.referenceTime = referenceTime;
        this.lastCategory = lastCategory;
        this.recent = recent;
        this.excluded = excluded;
    }

    /**
     * Indexes the context after its event once, so that each candidate's features cost one pass
     * over the user's recent items.
     *
     * @param weights event-type weights of the recent items in the weighted co-occurrence score
     * @param cooccurrenceHalfLifeMillis half-life that decays cached neighbour scores to the event time
     */
    public static CandidateFeatures of(RankingContext context, EventWeights weights, long cooccurrenceHalfLifeMillis) {
        EnrichedEvent event = context.event();
        List<RecentItem> recent = event.profile == null ? List.of() : event.profile.recentItems;
        CandidateFeatures features = new CandidateFeatures(
                event, event.eventTimeMillis(), event.event.getCategory(), recent, context.excluded());
        features.categoryList = event.popularCategory;
        features.indexNeighbours(context.neighbourLists(), weights, cooccurrenceHalfLifeMillis);
        features.indexPopularity();
        features.indexAffinity();
        return features;
    }

    /**
     * Indexes the context as it was when the user's previous list was made, for the training
     * examples of items that list did not show.
     *
     * @param previousNeighbours the neighbour cache before this event's update
     * @param previousAffinity the affinity shares stored with the previous list, by category
     * @param previousCategory the category of the event that triggered the previous list, or null
     * @param previousTimeMillis event time of the event that triggered the previous list
     */
    public static CandidateFeatures beforeEvent(
            RankingContext context, Map<String, CachedNeighbours> previousNeighbours,
            Map<String, Double> previousAffinity, String previousCategory, long previousTimeMillis,
            EventWeights weights, long cooccurrenceHalfLifeMillis) {
        EnrichedEvent event = context.event();
        List<RecentItem> all = event.profile == null ? List.of() : event.profile.recentItems;
        List<RecentItem> recent = all.isEmpty() ? List.of() : all.subList(1, all.size());
        Set<String> excluded = new HashSet<>(context.excluded());
        excluded.remove(event.itemId());
        if (!recent.isEmpty()) {
            excluded.add(recent.get(0).itemId);
        }
        CandidateFeatures features = new CandidateFeatures(event, previousTimeMillis, previousCategory, recent, excluded);
        // The category list that travels with this event is this event's category's list. It can
        // replace the previous list's category list only when both categories are the same.
        // Otherwise it would reveal the category of the item about to be chosen.
        String category = event.event.getCategory();
        if (category != null && category.equals(previousCategory)) {
            features.categoryList = event.popularCategory;
        }
        features.indexNeighbours(previousNeighbours, weights, cooccurrenceHalfLifeMillis);
        features.indexPopularity();
        features.withoutOwnEvent(weights.of(event.event.getEventType()));
        features.affinityShares.putAll(previousAffinity);
        return features;
    }

    /**
     * Returns the neighbours of the user's recent items, by weighted co-occurrence score
     * descending, then item id: the order of the cooccurrence model without affinity.
     */
    public List<String> neighbourCandidates() {
        return neighbourOrder;
    }

    /**
     * Returns the category popularity list of this view: the event's, or in the before view only
     * when the previous list's event had the same category, else empty.
     */
    public List<ScoredItem> categoryList() {
        return categoryList;
    }

    /**
     * Returns whether the item is on this view's global popularity list. In the before view, an
     * item that only its own event put on the list is not.
     */
    public boolean onGlobalList(String itemId) {
        return popularity.containsKey(itemId);
    }

    /** Returns whether the item is on this view's category list, as {@link #onGlobalList} does. */
    public boolean onCategoryList(String itemId) {
        return categoryRanks.containsKey(itemId);
    }

    /** Returns the items no list of this view may contain. */
    public Set<String> excluded() {
        return excluded;
    }

    /** Returns whether the item is a neighbour of one of the user's recent items. */
    public boolean isNeighbour(String itemId) {
        return cooccurrence.containsKey(itemId);
    }

    /** Returns the user's affinity shares by category, as used by this view. */
    public Map<String, Double> affinityShares() {
        return Map.copyOf(affinityShares);
    }

    /**
     * Returns the item's category where a list that travelled with the event names it, the event's
     * category for the event's own item, else null.
     */
    public String categoryOf(String itemId) {
        String category = categories.get(itemId);
        if (category == null && itemId.equals(event.itemId())) {
            return event.event.getCategory();
        }
        return category;
    }

    /**
     * Computes the features of one candidate. The user's touches of the item count the recent
     * items of this view, so in the before view the event's own touch is left out.
     */
    public RankingFeatures compute(String itemId) {
        String category = categoryOf(itemId);
        double weightedScore = weighted.getOrDefault(itemId, 0.0);
        RankingFeatures.Builder builder = RankingFeatures.newBuilder()
                .setFeatureVersion(FeatureVector.VERSION)
                .setCooccurrenceScore(Math.log1p(cooccurrence.getOrDefault(itemId, 0.0)))
                .setPopularityScore(Math.log1p(Math.max(0.0, popularity.getOrDefault(itemId, 0.0))))
                .setCategoryPopularityRank(categoryRanks.getOrDefault(itemId, 0))
                .setCategoryAffinity(category == null ? 0.0 : affinityShares.getOrDefault(category, 0.0))
                // NOTE: the fallback flag and the position describe how the candidate list was built,
                // not the user's preference. The positive example of an item that was not shown always
                // had flag false and the last position, so the model learned to rank the end of the
                // candidate list first (HR@20 fell below popularity on YOOCHOOSE). Both are constant.
                .setFromPopularityFallback(false)
                .setCandidatePosition(1)
                .setSameCategoryAsLastItem(category != null && category.equals(lastCategory))
                .setCooccurrenceWeighted(Math.log1p(weightedScore))
                .setCooccurrenceShare(bestWeighted > 0.0 ? Math.min(1.0, weightedScore / bestWeighted) : 0.0)
                .setCooccurrenceRank(weightedRanks.getOrDefault(itemId, 0))
                .setLastItemCooccurrence(Math.log1p(lastItemPairs.getOrDefault(itemId, 0.0)));

        long first = firstSeen.getOrDefault(itemId, 0L);
        builder.setItemAgeSeconds(first > 0 ? Math.max(0L, (referenceTime - first) / 1000L) : 0L);

        int touches = 0;
        Long lastTouch = null;
        for (RecentItem item : recent) {
            if (item.itemId.equals(itemId)) {
                touches++;
                if (lastTouch == null) {
                    lastTouch = Math.max(0L, (referenceTime - item.eventTimeMillis) / 1000L);
                }
            }
        }
        builder.setUserTouchCount(touches);
        builder.setSecondsSinceLastTouch(lastTouch);
        return builder.build();
    }

    private void indexNeighbours(Map<String, CachedNeighbours> lists, EventWeights weights, long halfLifeMillis) {
        Set<String> seen = new HashSet<>();
        int position = 0;
        for (RecentItem item : recent) {
            if (!seen.add(item.itemId)) {
                continue;
            }
            boolean lastItem = position == 0;
            double itemWeight = weights.of(item.eventType) / (position + 1);
            position++;
            CachedNeighbours cached = lists.get(item.itemId);
            if (cached == null) {
                continue;
            }
            double decay = Math.pow(2.0, -(double) (referenceTime - cached.eventTimeMillis) / halfLifeMillis);
            for (ScoredItem neighbour : cached.neighbours) {
                if (excluded.contains(neighbour.itemId)) {
                    continue;
                }
                double pair = neighbour.score * decay;
                cooccurrence.merge(neighbour.itemId, pair, Double::sum);
                weighted.merge(neighbour.itemId, itemWeight * pair, Double::sum);
                if (lastItem) {
                    lastItemPairs.merge(neighbour.itemId, pair, Double::sum);
                }
                if (neighbour.category != null) {
                    categories.putIfAbsent(neighbour.itemId, neighbour.category);
                }
            }
        }
        List<String> order = new ArrayList<>(cooccurrence.keySet());
        order.sort(Comparator.<String>comparingDouble(id -> weighted.getOrDefault(id, 0.0))
                .reversed()
                .thenComparing(Comparator.naturalOrder()));
        for (int i = 0; i < order.size(); i++) {
            weightedRanks.put(order.get(i), i + 1);
        }
        bestWeighted = order.isEmpty() ? 0.0 : weighted.getOrDefault(order.get(0), 0.0);
        neighbourOrder = List.copyOf(order);
    }

    private void indexPopularity() {
        for (ScoredItem item : event.popularGlobal) {
            popularity.put(item.itemId, item.score);
            remember(item);
        }
        int rank = 0;
        for (ScoredItem item : categoryList) {
            rank++;
            categoryRanks.put(item.itemId, rank);
            remember(item);
        }
    }

    /**
     * Takes the event's own weight off its item's popularity score and category rank. An item
     * left on neither list also loses its first-seen time, which only the lists carry.
     */
    private void withoutOwnEvent(double weight) {
        String itemId = event.itemId();
        removeOwnEvent(itemId, weight);
        if (!popularity.containsKey(itemId) && !categoryRanks.containsKey(itemId)) {
            firstSeen.remove(itemId);
        }
    }

    private void removeOwnEvent(String itemId, double weight) {
        Double global = popularity.get(itemId);
        if (global != null) {
            double before = global - weight;
            if (before <= 0.0 || before < lowestOther(event.popularGlobal, itemId)) {
                popularity.remove(itemId);
            } else {
                popularity.put(itemId, before);
            }
        }
        if (categoryRanks.containsKey(itemId)) {
            double before = categoryList.stream()
                    .filter(item -> item.itemId.equals(itemId)).mapToDouble(item -> item.score).max().orElse(0.0) - weight;
            if (before <= 0.0 || before < lowestOther(categoryList, itemId)) {
                categoryRanks.remove(itemId);
            } else {
                long higher = categoryList.stream()
                        .filter(item -> !item.itemId.equals(itemId) && item.score > before).count();
                categoryRanks.put(itemId, (int) higher + 1);
            }
        }
    }

    private static double lowestOther(List<ScoredItem> list, String itemId) {
        return list.stream().filter(item -> !item.itemId.equals(itemId)).mapToDouble(item -> item.score).min().orElse(0.0);
    }

    private void remember(ScoredItem item) {
        if (item.category != null) {
            categories.putIfAbsent(item.itemId, item.category);
        }
        if (item.firstSeenMillis > 0) {
            firstSeen.merge(item.itemId, item.firstSeenMillis, Math::min);
        }
    }

    private void indexAffinity() {
        affinityShares.putAll(affinitySharesOf(event));
    }

    /**
     * Returns the user's affinity for each top category of the event's profile as a share of the
     * total, in [0, 1]; empty without a profile or without positive affinity.
     */
    public static Map<String, Double> affinitySharesOf(EnrichedEvent event) {
        Map<String, Double> shares = new HashMap<>();
        if (event.profile == null) {
            return shares;
        }
        double total = 0.0;
        for (ScoredItem category : event.profile.topCategories) {
            total += Math.max(0.0, category.score);
        }
        if (total <= 0.0) {
            return shares;
        }
        for (ScoredItem category : event.profile.topCategories) {
            shares.put(category.itemId, Math.min(1.0, Math.max(0.0, category.score) / total));
        }
        return shares;
    }
}
