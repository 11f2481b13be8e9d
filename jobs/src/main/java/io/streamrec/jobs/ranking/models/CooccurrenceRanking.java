package io.streamrec.jobs.ranking.models;

import io.streamrec.jobs.profile.RecentItem;
import io.streamrec.jobs.ranking.CachedNeighbours;
import io.streamrec.jobs.recommend.EnrichedEvent;
import io.streamrec.jobs.recommend.EventWeights;
import io.streamrec.jobs.recommend.ScoredItem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ranks the neighbours of the user's recent items, then tops the list up from popularity.
 *
 * <p>The score of a candidate c is the sum over the user's distinct recent items r (newest first,
 * position p from 0) of {@code w(type of r) / (p + 1) * pair(r, c)}, where pair(r, c) is the pair
 * weight of c in r's neighbour list decayed to the event time. Its reason names the recent item
 * that contributed most ("viewed with 123").
 *
 * <p>With affinity on, each score is multiplied by {@code 1 + a(c) / max a}, where a is the user's
 * decayed affinity to c's category, and the top-up takes the event category's popular items before
 * the global ones.
 *
 * <p>Top-up items keep the popularity order and score below every item already listed:
 * {@code lowest listed score (or 1) * popularity / best popularity of that list / 2}.
 */
public final class CooccurrenceRanking implements RankingModel {

    private static final long serialVersionUID = 1L;

    public static final String NAME = "cooccurrence";
    public static final String AFFINITY_NAME = "cooccurrence-affinity";

    private final EventWeights weights;
    private final long halfLifeMillis;
    private final boolean useAffinity;

    public CooccurrenceRanking(EventWeights weights, long halfLifeMillis, boolean useAffinity) {
        this.weights = weights;
        this.halfLifeMillis = halfLifeMillis;
        this.useAffinity = useAffinity;
    }

    @Override
    public String name() {
        return useAffinity ? AFFINITY_NAME : NAME;
    }

    @Override
    public RankedList rank(RankingContext context) {
        EnrichedEvent event = context.event();
        Map<String, Double> scores = new HashMap<>();
        Map<String, String> reasons = new HashMap<>();
        Map<String, Double> bestContribution = new HashMap<>();
        Map<String, String> categories = new HashMap<>();

        List<RecentItem> recent = event.profile == null ? List.of() : event.profile.recentItems;
        Set<String> seenRecent = new HashSet<>();
        int position = 0;
        for (RecentItem item : recent) {
            if (!seenRecent.add(item.itemId)) {
                continue;
            }
            double itemWeight = weights.of(item.eventType) / (position + 1);
            position++;
            CachedNeighbours cached = context.neighbourLists().get(item.itemId);
            if (cached == null || itemWeight == 0.0) {
                continue;
            }
            double decay = Math.pow(2.0, -(double) (event.eventTimeMillis() - cached.eventTimeMillis) / halfLifeMillis);
            for (ScoredItem neighbour : cached.neighbours) {
                if (context.excluded().contains(neighbour.itemId)) {
                    continue;
                }
                double contribution = itemWeight * neighbour.score * decay;
                scores.merge(neighbour.itemId, contribution, Double::sum);
                categories.putIfAbsent(neighbour.itemId, neighbour.category);
                // The first contribution always names a reason, even one decayed to 0.
                if (!reasons.containsKey(neighbour.itemId)
                        || contribution > bestContribution.getOrDefault(neighbour.itemId, 0.0)) {
                    bestContribution.put(neighbour.itemId, contribution);
                    reasons.put(neighbour.itemId, "viewed with " + item.itemId);
                }
            }
        }

        if (useAffinity) {
            applyAffinity(event, scores, categories);
        }

        List<Candidate> items = new ArrayList<>();
        scores.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Double>>comparingDouble(Map.Entry::getValue)
                        .reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(context.listSize())
                .forEach(e -> items.add(new Candidate(e.getKey(), e.getValue(), reasons.get(e.getKey()), false)));

        if (useAffinity) {
            topUp(items, event.popularCategory, context);
        }
        topUp(items, event.popularGlobal, context);
        return new RankedList(items);
    }

    private static void applyAffinity(EnrichedEvent event, Map<String, Double> scores, Map<String, String> categories) {
        if (event.profile == null || event.profile.topCategories.isEmpty()) {
            return;
        }
        Map<String, Double> affinity = new HashMap<>();
        double max = 0.0;
        for (ScoredItem category : event.profile.topCategories) {
            affinity.put(category.itemId, category.score);
            max = Math.max(max, category.score);
        }
        if (max <= 0.0) {
            return;
        }
        for (Map.Entry<String, Double> entry : scores.entrySet()) {
            String category = categories.get(entry.getKey());
            double boost = category == null ? 0.0 : affinity.getOrDefault(category, 0.0) / max;
            entry.setValue(entry.getValue() * (1.0 + boost));
        }
    }

    private static void topUp(List<Candidate> items, List<ScoredItem> popular, RankingContext context) {
        if (popular.isEmpty() || items.size() >= context.listSize()) {
            return;
        }
        double lowest = items.isEmpty() ? 1.0 : items.get(items.size() - 1).score();
        Set<String> present = new HashSet<>();
        items.forEach(candidate -> present.add(candidate.itemId()));
        double best = popular.get(0).score > 0.0 ? popular.get(0).score : 1.0;
        for (ScoredItem item : popular) {
            if (items.size() >= context.listSize()) {
                break;
            }
            if (context.excluded().contains(item.itemId) || !present.add(item.itemId)) {
                continue;
            }
            double score = lowest * (item.score / best) / 2.0;
            items.add(new Candidate(item.itemId, score, Candidate.POPULAR, true));
        }
    }
}
