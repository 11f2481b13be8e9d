package io.streamrec.jobs.ranking.models;

import io.streamrec.jobs.profile.RecentItem;
import io.streamrec.jobs.ranking.CachedNeighbours;
import io.streamrec.jobs.recommend.EnrichedEvent;
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
 * <p>What the event carries limits two features. {@code categoryPopularityRank} is known only for
 * candidates of the event's category, because only that category's top list travels with the event,
 * and is 0 for the others. {@code itemAgeSeconds} is known only for items on a popularity list,
 * whose entries carry the item's first-seen time, and is 0 for the others.
 */
public final class CandidateFeatures {

    private final EnrichedEvent event;
    private final long eventTime;
    private final Map<String, Double> cooccurrence = new HashMap<>();
    private final Map<String, String> categories = new HashMap<>();
    private final Map<String, Double> popularity = new HashMap<>();
    private final Map<String, Integer> categoryRanks = new HashMap<>();
    private final Map<String, Long> firstSeen = new HashMap<>();
    private final Map<String, Double> affinityShares = new HashMap<>();

    private CandidateFeatures(EnrichedEvent event) {
        this.event = event;
        this.eventTime = event.eventTimeMillis();
    }

    /**
     * Indexes the context once, so that each candidate's features cost one pass over the user's
     * recent items.
     *
     * @param cooccurrenceHalfLifeMillis half-life that decays cached neighbour scores to the event time
     */
    public static CandidateFeatures of(RankingContext context, long cooccurrenceHalfLifeMillis) {
        CandidateFeatures features = new CandidateFeatures(context.event());
        features.indexNeighbours(context, cooccurrenceHalfLifeMillis);
        features.indexPopularity();
        features.indexAffinity();
        return features;
    }

    /** Returns the neighbours of the user's recent items, by decayed pair weight sum descending, then item id. */
    public List<String> neighbourCandidates() {
        List<String> items = new ArrayList<>(cooccurrence.keySet());
        items.sort(Comparator.<String>comparingDouble(cooccurrence::get).reversed().thenComparing(Comparator.naturalOrder()));
        return items;
    }

    /** Returns whether the item is a neighbour of one of the user's recent items. */
    public boolean isNeighbour(String itemId) {
        return cooccurrence.containsKey(itemId);
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
     * Computes the features of one candidate.
     *
     * @param position 1-based position in the candidate list before the learned ranker reorders it
     * @param fallback whether the candidate came only from the popularity lists
     * @param skipCurrentEvent whether to leave the triggering event out of the touch features, to
     *     describe the item as it was before the event
     */
    public RankingFeatures compute(String itemId, int position, boolean fallback, boolean skipCurrentEvent) {
        String category = categoryOf(itemId);
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
                .setSameCategoryAsLastItem(category != null && category.equals(event.event.getCategory()));

        long first = firstSeen.getOrDefault(itemId, 0L);
        builder.setItemAgeSeconds(first > 0 ? Math.max(0L, (eventTime - first) / 1000L) : 0L);

        int touches = 0;
        Long lastTouch = null;
        List<RecentItem> recent = event.profile == null ? List.of() : event.profile.recentItems;
        for (int i = skipCurrentEvent ? 1 : 0; i < recent.size(); i++) {
            RecentItem item = recent.get(i);
            if (item.itemId.equals(itemId)) {
                touches++;
                if (lastTouch == null) {
                    lastTouch = Math.max(0L, (eventTime - item.eventTimeMillis) / 1000L);
                }
            }
        }
        builder.setUserTouchCount(touches);
        builder.setSecondsSinceLastTouch(lastTouch);
        return builder.build();
    }

    private void indexNeighbours(RankingContext context, long halfLifeMillis) {
        List<RecentItem> recent = event.profile == null ? List.of() : event.profile.recentItems;
        Set<String> seen = new HashSet<>();
        for (RecentItem item : recent) {
            if (!seen.add(item.itemId)) {
                continue;
            }
            CachedNeighbours cached = context.neighbourLists().get(item.itemId);
            if (cached == null) {
                continue;
            }
            double decay = Math.pow(2.0, -(double) (eventTime - cached.eventTimeMillis) / halfLifeMillis);
            for (ScoredItem neighbour : cached.neighbours) {
                if (context.excluded().contains(neighbour.itemId)) {
                    continue;
                }
                cooccurrence.merge(neighbour.itemId, neighbour.score * decay, Double::sum);
                if (neighbour.category != null) {
                    categories.putIfAbsent(neighbour.itemId, neighbour.category);
                }
            }
        }
    }

    private void indexPopularity() {
        for (ScoredItem item : event.popularGlobal) {
            popularity.put(item.itemId, item.score);
            remember(item);
        }
        int rank = 0;
        for (ScoredItem item : event.popularCategory) {
            rank++;
            categoryRanks.put(item.itemId, rank);
            remember(item);
        }
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
        if (event.profile == null) {
            return;
        }
        double total = 0.0;
        for (ScoredItem category : event.profile.topCategories) {
            total += Math.max(0.0, category.score);
        }
        if (total <= 0.0) {
            return;
        }
        for (ScoredItem category : event.profile.topCategories) {
            affinityShares.put(category.itemId, Math.min(1.0, Math.max(0.0, category.score) / total));
        }
    }
}
