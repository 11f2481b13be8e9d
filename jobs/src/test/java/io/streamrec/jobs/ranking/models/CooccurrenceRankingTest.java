package io.streamrec.jobs.ranking.models;

import io.streamrec.jobs.profile.ProfileSnapshot;
import io.streamrec.jobs.profile.RecentItem;
import io.streamrec.jobs.ranking.CachedNeighbours;
import io.streamrec.jobs.recommend.EnrichedEvent;
import io.streamrec.jobs.recommend.EventWeights;
import io.streamrec.jobs.recommend.ScoredItem;
import io.streamrec.schemas.EventType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.streamrec.jobs.recommend.TestData.HOUR;
import static io.streamrec.jobs.recommend.TestData.T0;
import static io.streamrec.jobs.recommend.TestData.enriched;
import static io.streamrec.jobs.recommend.TestData.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CooccurrenceRankingTest {

    private static final long HALF_LIFE = HOUR;
    private static final EventWeights WEIGHTS = EventWeights.defaults();

    @Test
    void scoresWeightedByRecencyAndEventType() {
        // The user viewed "a" now and added "b" to the cart before; both have neighbour "x".
        EnrichedEvent event = eventWithRecent(
                new RecentItem("a", "c1", EventType.VIEW, T0),
                new RecentItem("b", "c1", EventType.ADD_TO_CART, T0 - HOUR));
        Map<String, CachedNeighbours> lists = new HashMap<>();
        lists.put("a", new CachedNeighbours(List.of(new ScoredItem("x", "c1", 2.0), new ScoredItem("y", "c2", 1.0)), T0));
        lists.put("b", new CachedNeighbours(List.of(new ScoredItem("x", "c1", 4.0)), T0 - HOUR));

        RankedList list = new CooccurrenceRanking(WEIGHTS, HALF_LIFE, false)
                .rank(new RankingContext(event, lists, Set.of("a"), 10));

        // x: 1 * 2 / 1 + 3 * 4 * 2^-1 / 2 = 5; y: 1 * 1 = 1.
        assertEquals(List.of("x", "y"), list.itemIds());
        assertEquals(5.0, list.items().get(0).score(), 1e-12);
        assertEquals("viewed with b", list.items().get(0).reason());
        assertEquals(1.0, list.items().get(1).score(), 1e-12);
    }

    @Test
    void excludedItemsNeverListed() {
        EnrichedEvent event = eventWithRecent(new RecentItem("a", "c1", EventType.VIEW, T0));
        event.popularGlobal = List.of(new ScoredItem("a", "c1", 9.0), new ScoredItem("p", "c1", 8.0),
                new ScoredItem("q", "c1", 7.0));
        Map<String, CachedNeighbours> lists = Map.of("a", new CachedNeighbours(
                List.of(new ScoredItem("p", "c1", 2.0), new ScoredItem("x", "c1", 1.0)), T0));

        RankedList list = new CooccurrenceRanking(WEIGHTS, HALF_LIFE, false)
                .rank(new RankingContext(event, lists, Set.of("a", "p"), 10));

        assertEquals(List.of("x", "q"), list.itemIds());
        assertFalse(list.items().get(0).fallback());
        assertTrue(list.items().get(1).fallback());
    }

    @Test
    void fallbackFillsBelowAndKeepsPopularityOrder() {
        EnrichedEvent event = eventWithRecent(new RecentItem("a", "c1", EventType.VIEW, T0));
        event.popularGlobal = List.of(new ScoredItem("p", "c1", 8.0), new ScoredItem("q", "c1", 4.0),
                new ScoredItem("r", "c1", 4.0));
        Map<String, CachedNeighbours> lists = Map.of("a", new CachedNeighbours(List.of(new ScoredItem("x", "c1", 0.1)), T0));

        RankedList list = new CooccurrenceRanking(WEIGHTS, HALF_LIFE, false)
                .rank(new RankingContext(event, lists, Set.of("a"), 3));

        assertEquals(List.of("x", "p", "q"), list.itemIds());
        assertTrue(list.items().get(1).score() < list.items().get(0).score());
        assertTrue(list.items().get(2).score() < list.items().get(1).score());
        assertTrue(list.mostlyFallback());
    }

    @Test
    void tiesBrokenByItemId() {
        EnrichedEvent event = eventWithRecent(new RecentItem("a", "c1", EventType.VIEW, T0));
        Map<String, CachedNeighbours> lists = Map.of("a", new CachedNeighbours(
                List.of(new ScoredItem("z", "c1", 1.0), new ScoredItem("m", "c1", 1.0)), T0));

        RankedList list = new CooccurrenceRanking(WEIGHTS, HALF_LIFE, false)
                .rank(new RankingContext(event, lists, Set.of("a"), 10));

        assertEquals(List.of("m", "z"), list.itemIds());
    }

    @Test
    void affinityBoostsLikedCategory() {
        EnrichedEvent event = eventWithRecent(new RecentItem("a", "c1", EventType.VIEW, T0));
        event.profile.topCategories = List.of(new ScoredItem("liked", null, 4.0), new ScoredItem("other", null, 1.0));
        Map<String, CachedNeighbours> lists = Map.of("a", new CachedNeighbours(
                List.of(new ScoredItem("o", "other", 1.5), new ScoredItem("l", "liked", 1.0)), T0));

        RankedList plain = new CooccurrenceRanking(WEIGHTS, HALF_LIFE, false)
                .rank(new RankingContext(event, lists, Set.of("a"), 10));
        RankedList boosted = new CooccurrenceRanking(WEIGHTS, HALF_LIFE, true)
                .rank(new RankingContext(event, lists, Set.of("a"), 10));

        assertEquals(List.of("o", "l"), plain.itemIds());
        // l: 1.0 * (1 + 4/4) = 2.0; o: 1.5 * (1 + 1/4) = 1.875.
        assertEquals(List.of("l", "o"), boosted.itemIds());
        assertEquals(2.0, boosted.items().get(0).score(), 1e-12);
    }

    @Test
    void popularityModelSkipsExcluded() {
        EnrichedEvent event = eventWithRecent(new RecentItem("a", "c1", EventType.VIEW, T0));
        event.popularGlobal = List.of(new ScoredItem("a", "c1", 9.0), new ScoredItem("p", "c1", 8.0),
                new ScoredItem("bought", "c1", 7.0), new ScoredItem("q", "c1", 6.0));

        RankedList list = new PopularityRanking().rank(new RankingContext(event, Map.of(), Set.of("a", "bought"), 2));

        assertEquals(List.of("p", "q"), list.itemIds());
        assertEquals(Candidate.POPULAR, list.items().get(0).reason());
    }

    @Test
    void fullyDecayedNeighbourKeepsReason() {
        // b's list was cached 2,000 half-lives ago: 2^-2000 underflows to 0.
        EnrichedEvent event = eventWithRecent(
                new RecentItem("a", "c1", EventType.VIEW, T0),
                new RecentItem("b", "c1", EventType.VIEW, T0 - 2_000 * HOUR));
        Map<String, CachedNeighbours> lists = Map.of(
                "b", new CachedNeighbours(List.of(new ScoredItem("x", "c1", 4.0)), T0 - 2_000 * HOUR));

        RankedList list = new CooccurrenceRanking(WEIGHTS, HALF_LIFE, true)
                .rank(new RankingContext(event, lists, Set.of("a"), 10));

        assertEquals(List.of("x"), list.itemIds());
        assertEquals(0.0, list.items().get(0).score());
        assertEquals("viewed with b", list.items().get(0).reason());
    }

    private static EnrichedEvent eventWithRecent(RecentItem... recent) {
        RecentItem newest = recent[0];
        EnrichedEvent event = enriched(event("e1", "u1", newest.itemId, newest.eventType, newest.eventTimeMillis, newest.category));
        event.profile = new ProfileSnapshot();
        event.profile.recentItems = new ArrayList<>(List.of(recent));
        return event;
    }
}
