package io.streamrec.jobs.popularity;

import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.jobs.recommend.EnrichedEvent;
import io.streamrec.jobs.recommend.EventWeights;
import io.streamrec.jobs.recommend.HarnessState;
import io.streamrec.jobs.recommend.ScoredItem;
import io.streamrec.schemas.EventType;
import io.streamrec.schemas.StorefrontEvent;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.api.common.typeinfo.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.streamrec.jobs.recommend.TestData.DAY;
import static io.streamrec.jobs.recommend.TestData.HOUR;
import static io.streamrec.jobs.recommend.TestData.MINUTE;
import static io.streamrec.jobs.recommend.TestData.T0;
import static io.streamrec.jobs.recommend.TestData.enriched;
import static io.streamrec.jobs.recommend.TestData.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PopularityFunctionTest {

    private static final int CANDIDATES = 3;
    private static final int MAX_CATEGORIES = 2;
    private static final long HALF_LIFE = HOUR;
    private static final long TTL = DAY;

    private KeyedOneInputStreamOperatorTestHarness<Integer, EnrichedEvent, EnrichedEvent> harness;
    private PopularityModel reference;
    private PopularityState referenceState;
    private PopularityModel.InMemoryStore referenceStore;

    @BeforeEach
    void setUp() throws Exception {
        Configuration conf = new Configuration();
        conf.set(RecommendOptions.POPULARITY_CANDIDATES, CANDIDATES);
        conf.set(RecommendOptions.POPULARITY_MAX_CATEGORIES, MAX_CATEGORIES);
        conf.set(RecommendOptions.POPULARITY_HALF_LIFE, Duration.ofMillis(HALF_LIFE));
        conf.set(RecommendOptions.STATE_TTL, Duration.ofMillis(TTL));
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new PopularityFunction(conf), event -> PopularityFunction.KEY, Types.INT);

        reference = new PopularityModel(EventWeights.defaults(), HALF_LIFE, CANDIDATES, MAX_CATEGORIES);
        referenceState = reference.newState();
        referenceStore = new PopularityModel.InMemoryStore();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void listEntriesCarryFirstSeenTime() throws Exception {
        StorefrontEvent first = event("e1", "u1", "a", EventType.VIEW, T0, "c1");
        StorefrontEvent second = event("e2", "u2", "b", EventType.VIEW, T0 + MINUTE, "c1");
        StorefrontEvent third = event("e3", "u1", "a", EventType.PURCHASE, T0 + HOUR, "c1");
        for (StorefrontEvent event : List.of(first, second, third)) {
            harness.processElement(enriched(event), event.getEventTime().toEpochMilli());
        }

        EnrichedEvent out = harness.extractOutputValues().get(2);
        for (List<ScoredItem> list : List.of(out.popularGlobal, out.popularCategory)) {
            assertEquals(List.of("a", "b"), list.stream().map(item -> item.itemId).toList());
            assertEquals(T0, list.get(0).firstSeenMillis);
            assertEquals(T0 + MINUTE, list.get(1).firstSeenMillis);
        }
    }

    @Test
    void listsMatchPlainModel() throws Exception {
        EventType[] types = EventType.values();
        for (int i = 0; i < 50; i++) {
            StorefrontEvent event = event("e" + i, "u" + (i % 4), "i" + (i * 7 % 11),
                    types[i % types.length], T0 + i * MINUTE, "c" + (i % 3));
            harness.processElement(enriched(event), event.getEventTime().toEpochMilli());
            reference.update(referenceState, referenceStore, event.getItemId(), event.getCategory(),
                    event.getEventType(), event.getEventTime().toEpochMilli());

            EnrichedEvent out = harness.extractOutputValues().get(i);
            long time = event.getEventTime().toEpochMilli();
            assertEquals(reference.globalTop(referenceState, time), out.popularGlobal, "global list after event " + i);
            assertEquals(reference.categoryTop(referenceState, referenceStore, event.getCategory(), time),
                    out.popularCategory, "category list after event " + i);
            assertTrue(out.popularGlobal.size() <= CANDIDATES);
        }
    }

    @Test
    void eventSeesItsOwnUpdate() throws Exception {
        StorefrontEvent event = event("e1", "u1", "a", EventType.PURCHASE, T0, "c1");
        harness.processElement(enriched(event), T0);

        EnrichedEvent out = harness.extractOutputValues().get(0);
        assertEquals(List.of(new ScoredItem("a", "c1", 5.0)), out.popularGlobal);
        assertEquals(List.of(new ScoredItem("a", "c1", 5.0)), out.popularCategory);
    }

    @Test
    void categoryListsCapped() throws Exception {
        for (int i = 0; i < 5; i++) {
            StorefrontEvent event = event("e" + i, "u1", "i" + i, EventType.VIEW, T0 + i * MINUTE, "c" + i);
            harness.processElement(enriched(event), T0 + i * MINUTE);
        }

        List<String> categories = HarnessState.mapKeys(harness, PopularityFunction.KEY, PopularityFunction.CATEGORY_LISTS);
        assertEquals(MAX_CATEGORIES, categories.size());
        assertEquals(MAX_CATEGORIES, HarnessState.value(harness, PopularityFunction.KEY, PopularityFunction.MODEL).categoryCount);
    }

    @Test
    void sweepRemovesIdleItemsThenEverything() throws Exception {
        harness.processElement(enriched(event("e1", "u1", "old", EventType.VIEW, T0, "c1")), T0);
        harness.processElement(enriched(event("e2", "u1", "new", EventType.VIEW, T0 + TTL / 2, "c1")), T0 + TTL / 2);

        harness.processWatermark(T0 + TTL);
        assertEquals(List.of("new"), HarnessState.mapKeys(harness, PopularityFunction.KEY, PopularityFunction.ITEM_VALUES));

        harness.processWatermark(T0 + 2 * TTL);
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
        assertNull(HarnessState.value(harness, PopularityFunction.KEY, PopularityFunction.MODEL));
    }

    @Test
    void finalWatermarkSkipsSweep() throws Exception {
        harness.processElement(enriched(event("e1", "u1", "old", EventType.VIEW, T0, "c1")), T0);
        harness.processElement(enriched(event("e2", "u1", "new", EventType.VIEW, T0 + TTL / 2, "c1")), T0 + TTL / 2);

        // End of input fires the sweep timer; "old" is past state.ttl but stays.
        harness.processWatermark(Long.MAX_VALUE);

        assertEquals(0, harness.numEventTimeTimers());
        assertEquals(List.of("new", "old"), HarnessState.mapKeys(harness, PopularityFunction.KEY, PopularityFunction.ITEM_VALUES)
                .stream().sorted().toList());
        assertNotNull(HarnessState.value(harness, PopularityFunction.KEY, PopularityFunction.MODEL));
        // The fired timer is forgotten, so a job restored from the final savepoint schedules a new sweep.
        assertNull(HarnessState.value(harness, PopularityFunction.KEY, PopularityFunction.SWEEP_TIMER));
    }
}
