package io.streamrec.jobs.ranking.models;

import io.streamrec.jobs.profile.ProfileSnapshot;
import io.streamrec.jobs.profile.RecentItem;
import io.streamrec.jobs.ranking.CachedNeighbours;
import io.streamrec.jobs.recommend.EnrichedEvent;
import io.streamrec.jobs.recommend.EventWeights;
import io.streamrec.jobs.recommend.ScoredItem;
import io.streamrec.schemas.EventType;
import io.streamrec.schemas.RankingFeatures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.streamrec.jobs.recommend.TestData.HOUR;
import static io.streamrec.jobs.recommend.TestData.MINUTE;
import static io.streamrec.jobs.recommend.TestData.T0;
import static io.streamrec.jobs.recommend.TestData.enriched;
import static io.streamrec.jobs.recommend.TestData.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CandidateFeaturesTest {

    private static final long HALF_LIFE = HOUR;
    private static final double EPS = 1e-12;

    /**
     * User u1 views a (category c1) at T0 + 2 h after viewing x at T0 + 1 h. Neighbour lists: a's,
     * cached now, lists x with 2.0 and y with 1.0; x's, cached one half-life ago, lists y with 4.0.
     * Popular: x (c1, 10.0, first seen at T0) globally and in the c1 list, then y (c2, 3.0) globally.
     * Affinity: c1 3.0, c2 1.0.
     */
    private static RankingContext context() {
        long now = T0 + 2 * HOUR;
        EnrichedEvent input = enriched(event("e2", "u1", "a", EventType.VIEW, now, "c1"));
        input.profile = new ProfileSnapshot();
        input.profile.recentItems = new ArrayList<>(List.of(
                new RecentItem("a", "c1", EventType.VIEW, now),
                new RecentItem("x", "c1", EventType.VIEW, T0 + HOUR)));
        input.profile.topCategories = new ArrayList<>(List.of(new ScoredItem("c1", null, 3.0), new ScoredItem("c2", null, 1.0)));

        ScoredItem popularX = new ScoredItem("x", "c1", 10.0);
        popularX.firstSeenMillis = T0;
        input.popularGlobal = new ArrayList<>(List.of(popularX, new ScoredItem("y", "c2", 3.0)));
        ScoredItem categoryX = new ScoredItem("x", "c1", 10.0);
        categoryX.firstSeenMillis = T0;
        input.popularCategory = new ArrayList<>(List.of(categoryX));

        Map<String, CachedNeighbours> neighbours = Map.of(
                "a", new CachedNeighbours(List.of(new ScoredItem("x", "c1", 2.0), new ScoredItem("y", "c2", 1.0)), now),
                "x", new CachedNeighbours(List.of(new ScoredItem("y", "c2", 4.0)), now - HALF_LIFE));
        return new RankingContext(input, neighbours, Set.of("a"), 10);
    }

    private static CandidateFeatures after() {
        return CandidateFeatures.of(context(), EventWeights.defaults(), HALF_LIFE);
    }

    @Test
    void cooccurrenceSumsDecayedPairWeights() {
        CandidateFeatures features = after();

        // y: 1.0 from a's fresh list plus 4.0 halved by one half-life from x's list.
        assertEquals(Math.log1p(3.0), features.compute("y").getCooccurrenceScore(), EPS);
        assertEquals(Math.log1p(2.0), features.compute("x").getCooccurrenceScore(), EPS);
    }

    @Test
    void weightedCooccurrenceFollowsRecencyLikeTheCooccurrenceModel() {
        CandidateFeatures features = after();
        RankingFeatures x = features.compute("x");
        RankingFeatures y = features.compute("y");

        // Views weigh 1; a is at position 0 (factor 1), x at position 1 (factor 1/2).
        // x: 2.0 from a. y: 1.0 from a + 4.0 / 2 (decay) / 2 (position) from x = 2.0.
        assertEquals(Math.log1p(2.0), x.getCooccurrenceWeighted(), EPS);
        assertEquals(Math.log1p(2.0), y.getCooccurrenceWeighted(), EPS);
        assertEquals(List.of("x", "y"), features.neighbourCandidates(), "equal scores: item id order");
        assertEquals(1, x.getCooccurrenceRank());
        assertEquals(2, y.getCooccurrenceRank());
        assertEquals(1.0, x.getCooccurrenceShare(), EPS);
        assertEquals(1.0, y.getCooccurrenceShare(), EPS);
        // Only a's list counts for the last item.
        assertEquals(Math.log1p(2.0), x.getLastItemCooccurrence(), EPS);
        assertEquals(Math.log1p(1.0), y.getLastItemCooccurrence(), EPS);

        RankingFeatures none = features.compute("z");
        assertEquals(0, none.getCooccurrenceRank());
        assertEquals(0.0, none.getCooccurrenceShare());
        assertEquals(0.0, none.getCooccurrenceWeighted());
    }

    @Test
    void popularityCategoryAndAffinityFeatures() {
        RankingFeatures x = after().compute("x");
        RankingFeatures y = after().compute("y");

        assertEquals(Math.log1p(10.0), x.getPopularityScore(), EPS);
        assertEquals(1, x.getCategoryPopularityRank());
        assertEquals(0.75, x.getCategoryAffinity(), EPS);
        assertTrue(x.getSameCategoryAsLastItem());
        assertEquals(2 * HOUR / 1000, x.getItemAgeSeconds());

        assertEquals(Math.log1p(3.0), y.getPopularityScore(), EPS);
        assertEquals(0, y.getCategoryPopularityRank());
        assertEquals(0.25, y.getCategoryAffinity(), EPS);
        assertFalse(y.getSameCategoryAsLastItem());
        assertEquals(0L, y.getItemAgeSeconds());
        // Constant: they describe how the candidate list was built, which leaked into the labels.
        assertFalse(y.getFromPopularityFallback());
        assertEquals(1, y.getCandidatePosition());
    }

    @Test
    void touchesCountedFromProfile() {
        CandidateFeatures features = after();

        RankingFeatures x = features.compute("x");
        assertEquals(HOUR / 1000, x.getSecondsSinceLastTouch());
        assertEquals(1, x.getUserTouchCount());

        RankingFeatures eventItem = features.compute("a");
        assertEquals(0L, eventItem.getSecondsSinceLastTouch());
        assertEquals(1, eventItem.getUserTouchCount());
    }

    /**
     * The before view describes the list made after the previous event (x at T0 + 1 h): recent
     * items without a, the neighbour cache before a's list arrived, the stored affinity and
     * category, times measured to T0 + 1 h, and x (that event's item) excluded.
     */
    @Test
    void beforeViewMatchesThePreviousList() {
        RankingContext context = context();
        Map<String, CachedNeighbours> previousCache =
                Map.of("x", new CachedNeighbours(List.of(new ScoredItem("y", "c2", 4.0), new ScoredItem("a", "c1", 1.0)), T0 + HOUR));
        CandidateFeatures before = CandidateFeatures.beforeEvent(
                context, previousCache, Map.of("c1", 0.4, "c2", 0.6), "c2", T0 + HOUR, EventWeights.defaults(), HALF_LIFE);

        RankingFeatures y = before.compute("y");
        assertEquals(Math.log1p(4.0), y.getCooccurrenceScore(), EPS, "no decay: cached at the previous event");
        assertEquals(Math.log1p(4.0), y.getCooccurrenceWeighted(), EPS);
        assertEquals(Math.log1p(4.0), y.getLastItemCooccurrence(), EPS);
        assertEquals(1, y.getCooccurrenceRank());
        assertEquals(0.6, y.getCategoryAffinity(), EPS);
        assertTrue(y.getSameCategoryAsLastItem(), "the previous event's category was c2");

        RankingFeatures a = before.compute("a");
        assertEquals(Math.log1p(1.0), a.getCooccurrenceScore(), EPS, "the event's item is a candidate again");
        assertEquals(2, a.getCooccurrenceRank());
        assertEquals(0.25, a.getCooccurrenceShare(), EPS);
        assertNull(a.getSecondsSinceLastTouch(), "the event's own touch is left out");
        assertEquals(0, a.getUserTouchCount());
        assertEquals(0.4, a.getCategoryAffinity(), EPS);
        assertFalse(a.getSameCategoryAsLastItem());

        RankingFeatures x = before.compute("x");
        assertEquals(0L, x.getSecondsSinceLastTouch(), "touched at the previous event itself");
        assertEquals(HOUR / 1000, x.getItemAgeSeconds(), "age at the previous event");

        assertEquals(List.of(), before.categoryList(), "c1's list cannot stand for the previous event's c2 list");
        assertEquals(0, before.compute("x").getCategoryPopularityRank());
        assertTrue(before.excluded().contains("x"));
        assertFalse(before.excluded().contains("a"));
        assertEquals(List.of("y", "a"), LearnedRanking.candidateIds(context, before), "x is excluded");
    }

    @Test
    void beforeViewRemovesOwnEventPopularity() {
        RankingContext context = context();
        // a was viewed (weight 1) by this event: 12.0 and 10.5 include it.
        context.event().popularGlobal.add(0, new ScoredItem("a", "c1", 12.0));
        context.event().popularCategory.add(new ScoredItem("a", "c1", 10.5));
        context.event().popularCategory.add(new ScoredItem("z", "c1", 5.0));
        CandidateFeatures before = CandidateFeatures.beforeEvent(
                context, Map.of(), Map.of(), "c1", T0 + HOUR, EventWeights.defaults(), HALF_LIFE);

        assertEquals(3, before.categoryList().size(), "same category as the previous event");
        RankingFeatures a = before.compute("a");
        assertEquals(Math.log1p(11.0), a.getPopularityScore(), EPS);
        assertEquals(2, a.getCategoryPopularityRank(), "9.5 ranks between x's 10.0 and z's 5.0");
        assertEquals(Math.log1p(10.0), before.compute("x").getPopularityScore(), EPS, "other items unchanged");

        RankingContext entering = context();
        // 3.5 - 1 falls below y's 3.0, the lowest other item: a was not listed before the event.
        entering.event().popularGlobal.add(new ScoredItem("a", "c1", 3.5));
        RankingFeatures unlisted = CandidateFeatures.beforeEvent(
                entering, Map.of(), Map.of(), "c1", T0 + HOUR, EventWeights.defaults(), HALF_LIFE).compute("a");
        assertEquals(0.0, unlisted.getPopularityScore());
        assertEquals(0, unlisted.getCategoryPopularityRank());
        CandidateFeatures enteringView = CandidateFeatures.beforeEvent(
                entering, Map.of(), Map.of(), "c1", T0 + HOUR, EventWeights.defaults(), HALF_LIFE);
        assertFalse(enteringView.onGlobalList("a"));
        assertFalse(LearnedRanking.candidateIds(entering, enteringView).contains("a"), "no candidate before its own event");
    }

    @Test
    void learnedRankingListsUnionOnce() {
        RankedList list = new LearnedRanking(EventWeights.defaults(), HALF_LIFE).rank(context());

        assertEquals(Set.of("x", "y"), Set.copyOf(list.itemIds()));
        assertEquals(2, list.items().size());
        assertEquals(0L, list.modelVersion());
        for (Candidate candidate : list.items()) {
            assertTrue(candidate.features() != null, candidate.itemId());
            assertFalse(candidate.fallback(), "both are neighbours of a recent item: " + candidate.itemId());
        }
    }
}
