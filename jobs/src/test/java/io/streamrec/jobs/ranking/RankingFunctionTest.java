package io.streamrec.jobs.ranking;

import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.jobs.profile.ProfileSnapshot;
import io.streamrec.jobs.profile.RecentItem;
import io.streamrec.jobs.ranking.models.CooccurrenceRanking;
import io.streamrec.jobs.ranking.models.PopularityRanking;
import io.streamrec.jobs.recommend.EnrichedEvent;
import io.streamrec.jobs.recommend.HarnessState;
import io.streamrec.jobs.recommend.ScoredItem;
import io.streamrec.schemas.EventType;
import io.streamrec.schemas.ModelUpdate;
import io.streamrec.schemas.Recommendation;
import io.streamrec.schemas.RecommendedItem;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.streamrec.jobs.recommend.TestData.DAY;
import static io.streamrec.jobs.recommend.TestData.MINUTE;
import static io.streamrec.jobs.recommend.TestData.NOW;
import static io.streamrec.jobs.recommend.TestData.T0;
import static io.streamrec.jobs.recommend.TestData.enriched;
import static io.streamrec.jobs.recommend.TestData.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RankingFunctionTest {

    private static final int LIST_SIZE = 3;
    private static final long TTL = DAY;
    private static final List<ScoredItem> POPULAR = List.of(
            new ScoredItem("p1", "c1", 9.0), new ScoredItem("p2", "c1", 8.0),
            new ScoredItem("p3", "c1", 7.0), new ScoredItem("p4", "c1", 6.0));

    private KeyedBroadcastOperatorTestHarness<String, EnrichedEvent, ModelUpdate, Recommendation> harness;

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void newUserGetsPopularFallback() throws Exception {
        open(false);

        send(rankingEvent("e1", "a", EventType.VIEW, T0, List.of(), List.of()));

        Recommendation recommendation = harness.extractOutputValues().get(0);
        assertEquals(CooccurrenceRanking.NAME, recommendation.getModel());
        assertEquals(List.of("p1", "p2", "p3"), itemIds(recommendation));
        assertEquals("popular", recommendation.getItems().get(0).getReason());
        assertEquals("e1", recommendation.getTriggerEventId());
        assertEquals(NOW, recommendation.getEmittedAt().toEpochMilli());

        List<RankingOutcome> outcomes = outcomes();
        assertEquals(RecommendOptions.MODELS.defaultValue().size(), outcomes.size());
        for (RankingOutcome outcome : outcomes) {
            assertEquals(0, outcome.rank);
            assertEquals(0, outcome.previousListSize);
            assertTrue(outcome.newUser);
        }
        assertTrue(outcomeOf(CooccurrenceRanking.NAME, 0).mostlyFallback);
    }

    @Test
    void rankTakenFromPreviousList() throws Exception {
        open(false);

        send(rankingEvent("e1", "a", EventType.VIEW, T0, List.of(), List.of()));
        // p2 was second in every model's first list.
        send(rankingEvent("e2", "p2", EventType.VIEW, T0 + MINUTE, List.of(), List.of(), "a"));

        for (String model : List.of(PopularityRanking.NAME, CooccurrenceRanking.NAME, CooccurrenceRanking.AFFINITY_NAME)) {
            RankingOutcome outcome = outcomeOf(model, 1);
            assertEquals(2, outcome.rank, model);
            assertEquals(LIST_SIZE, outcome.previousListSize, model);
            assertTrue(outcome.nextNewItem, model);
            assertEquals(List.of("p1", "p3", "p4"), outcome.newListItemIds, model);
        }
        assertEquals(2, harness.extractOutputValues().size());
    }

    @Test
    void neighboursRankedBeforeFallback() throws Exception {
        open(false);

        send(rankingEvent("e1", "a", EventType.VIEW, T0,
                List.of(new ScoredItem("x", "c1", 2.0), new ScoredItem("y", "c1", 1.0)), List.of()));

        Recommendation recommendation = harness.extractOutputValues().get(0);
        assertEquals(List.of("x", "y", "p1"), itemIds(recommendation));
        assertEquals("viewed with a", recommendation.getItems().get(0).getReason());
        assertFalse(outcomeOf(CooccurrenceRanking.NAME, 0).mostlyFallback);
    }

    @Test
    void eventItemAndPurchasesExcluded() throws Exception {
        open(false);

        send(rankingEvent("e1", "p1", EventType.PURCHASE, T0,
                List.of(new ScoredItem("p2", "c1", 2.0), new ScoredItem("x", "c1", 1.0)), List.of("p1", "p2")));

        for (RankingOutcome outcome : outcomes()) {
            assertFalse(outcome.newListItemIds.contains("p1"), outcome.toString());
            assertFalse(outcome.newListItemIds.contains("p2"), outcome.toString());
        }
        assertEquals(List.of("x", "p3", "p4"), itemIds(harness.extractOutputValues().get(0)));
    }

    @Test
    void purchasesAllowedByOption() throws Exception {
        open(true);

        send(rankingEvent("e1", "a", EventType.VIEW, T0, List.of(), List.of("p1")));

        assertEquals(List.of("p1", "p2", "p3"), itemIds(harness.extractOutputValues().get(0)));
    }

    @Test
    void neighbourCacheKeepsOnlyRecentItems() throws Exception {
        open(false);

        send(rankingEvent("e1", "a", EventType.VIEW, T0, List.of(new ScoredItem("x", "c1", 1.0)), List.of()));
        send(rankingEvent("e2", "b", EventType.VIEW, T0 + MINUTE, List.of(new ScoredItem("y", "c1", 1.0)), List.of(), "a"));
        assertEquals(List.of("a", "b"), sorted(HarnessState.mapKeys(harness, "u1", RankingFunction.NEIGHBOUR_CACHE)));

        // "a" dropped out of the profile's recent items.
        send(rankingEvent("e3", "c", EventType.VIEW, T0 + 2 * MINUTE, List.of(), List.of(), "b"));
        assertEquals(List.of("b", "c"), sorted(HarnessState.mapKeys(harness, "u1", RankingFunction.NEIGHBOUR_CACHE)));
    }

    @Test
    void stateRemovedAfterTtl() throws Exception {
        open(false);
        send(rankingEvent("e1", "a", EventType.VIEW, T0, List.of(), List.of()));
        assertTrue(HarnessState.numKeyedStateEntries(harness) > 0);

        harness.processWatermark(T0 + TTL);

        assertEquals(0, HarnessState.numKeyedStateEntries(harness));
        assertEquals(0, harness.numEventTimeTimers());
        assertNull(HarnessState.value(harness, "u1", RankingFunction.META));
    }

    private void open(boolean allowPurchased) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RecommendOptions.LIST_SIZE, LIST_SIZE);
        conf.set(RecommendOptions.ALLOW_PURCHASED, allowPurchased);
        conf.set(RecommendOptions.STATE_TTL, Duration.ofMillis(TTL));
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new RankingFunction(conf), EnrichedEvent::userId, Types.STRING, RankingFunction.LEARNED_MODELS);
        harness.setProcessingTime(NOW);
        // As in the job, the model-update side never holds back event time.
        harness.processBroadcastWatermark(Long.MAX_VALUE);
    }

    /** Returns an event of user u1 whose recent items are the event's item, then {@code olderItems}. */
    private static EnrichedEvent rankingEvent(String eventId, String itemId, EventType type, long time,
            List<ScoredItem> neighbours, List<String> purchased, String... olderItems) {
        EnrichedEvent event = enriched(event(eventId, "u1", itemId, type, time, "c1"));
        event.profile = new ProfileSnapshot();
        event.profile.recentItems = new ArrayList<>();
        event.profile.recentItems.add(new RecentItem(itemId, "c1", type, time));
        for (String older : olderItems) {
            event.profile.recentItems.add(new RecentItem(older, "c1", EventType.VIEW, time - MINUTE));
        }
        event.profile.purchasedItems = new ArrayList<>(purchased);
        event.profile.newUser = olderItems.length == 0;
        event.profile.previousItemId = olderItems.length == 0 ? null : olderItems[0];
        event.neighbours = new ArrayList<>(neighbours);
        event.popularGlobal = new ArrayList<>(POPULAR);
        return event;
    }

    private void send(EnrichedEvent event) throws Exception {
        harness.processElement(event, event.eventTimeMillis());
    }

    private List<RankingOutcome> outcomes() {
        return harness.getSideOutput(RankingFunction.OUTCOMES).stream().map(StreamRecord::getValue).toList();
    }

    private RankingOutcome outcomeOf(String model, int eventIndex) {
        return outcomes().stream().filter(o -> o.model.equals(model)).toList().get(eventIndex);
    }

    private static List<String> itemIds(Recommendation recommendation) {
        return recommendation.getItems().stream().map(RecommendedItem::getItemId).toList();
    }

    private static List<String> sorted(List<String> keys) {
        return keys.stream().sorted().toList();
    }
}
