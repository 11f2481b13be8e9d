package io.streamrec.jobs.profile;

import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.jobs.cooccurrence.CooccurrenceInput;
import io.streamrec.jobs.cooccurrence.PairUpdate;
import io.streamrec.jobs.recommend.EnrichedEvent;
import io.streamrec.jobs.recommend.HarnessState;
import io.streamrec.schemas.EventType;
import io.streamrec.schemas.StorefrontEvent;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import static io.streamrec.jobs.recommend.TestData.DAY;
import static io.streamrec.jobs.recommend.TestData.HOUR;
import static io.streamrec.jobs.recommend.TestData.MINUTE;
import static io.streamrec.jobs.recommend.TestData.T0;
import static io.streamrec.jobs.recommend.TestData.enriched;
import static io.streamrec.jobs.recommend.TestData.event;
import static io.streamrec.jobs.recommend.TestData.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileFunctionTest {

    private static final int RECENT_CAP = 3;
    private static final int PURCHASED_CAP = 2;
    private static final int CATEGORIES_CAP = 2;
    private static final int DEDUPE_MAX_IDS = 4;
    private static final long DEDUPE_WINDOW = 10 * MINUTE;
    private static final long SESSION_GAP = 30 * MINUTE;
    private static final long TTL = DAY;

    private KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, CooccurrenceInput> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new ProfileFunction(conf()), EnrichedEvent::userId, Types.STRING);
    }

    private static Configuration conf() {
        Configuration conf = new Configuration();
        conf.set(RecommendOptions.PROFILE_RECENT_ITEMS, RECENT_CAP);
        conf.set(RecommendOptions.PROFILE_PURCHASED_ITEMS, PURCHASED_CAP);
        conf.set(RecommendOptions.PROFILE_CATEGORIES, CATEGORIES_CAP);
        conf.set(RecommendOptions.DEDUPE_MAX_IDS, DEDUPE_MAX_IDS);
        conf.set(RecommendOptions.DEDUPE_WINDOW, Duration.ofMillis(DEDUPE_WINDOW));
        conf.set(RecommendOptions.SESSION_GAP, Duration.ofMillis(SESSION_GAP));
        conf.set(RecommendOptions.STATE_TTL, Duration.ofMillis(TTL));
        return conf;
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void duplicateWithinWindowDropped() throws Exception {
        send(view("e1", "u1", "a", T0));
        send(view("e1", "u1", "a", T0 + DEDUPE_WINDOW));
        send(view("e1", "u1", "a", T0 + DEDUPE_WINDOW + 1));

        // The first and the third copy pass: the third is more than the window apart.
        assertEquals(2, events().size());
    }

    @Test
    void firstEventMarksNewUser() throws Exception {
        send(view("e1", "u1", "a", T0));
        send(view("e2", "u1", "b", T0 + MINUTE));

        List<EnrichedEvent> events = events();
        assertTrue(events.get(0).profile.newUser);
        assertNull(events.get(0).profile.previousItemId);
        assertFalse(events.get(1).profile.newUser);
        assertEquals("a", events.get(1).profile.previousItemId);
        assertEquals("b", events.get(1).profile.recentItems.get(0).itemId);
    }

    @Test
    void capsHoldUnderManyEvents() throws Exception {
        for (int i = 0; i < 10; i++) {
            send(event("e" + i, "u1", "i" + i, EventType.PURCHASE, T0 + i * MINUTE, "c" + i));
        }

        ProfileState state = HarnessState.value(harness, "u1", ProfileFunction.PROFILE);
        assertEquals(RECENT_CAP, state.recent.size());
        assertEquals(List.of("i9", "i8"), state.purchased);
        assertEquals(CATEGORIES_CAP, state.affinities.size());
        assertEquals(DEDUPE_MAX_IDS, HarnessState.mapKeys(harness, "u1", ProfileFunction.SEEN_EVENT_IDS).size());
        assertEquals(DEDUPE_MAX_IDS, HarnessState.value(harness, "u1", ProfileFunction.SEEN_EVENT_ID_COUNT));

        ProfileSnapshot last = events().get(9).profile;
        assertEquals(List.of("i9", "i8", "i7"), last.recentItems.stream().map(r -> r.itemId).toList());
        // Each newer category's decayed affinity is larger, so the two newest stay.
        assertEquals(List.of("c9", "c8"), last.topCategories.stream().map(c -> c.itemId).toList());
    }

    @Test
    void evictedIdsAreOldestFirst() throws Exception {
        for (int i = 0; i < DEDUPE_MAX_IDS + 1; i++) {
            send(view("e" + i, "u1", "a", T0 + i * MINUTE));
        }

        List<String> remembered = HarnessState.mapKeys(harness, "u1", ProfileFunction.SEEN_EVENT_IDS);
        assertFalse(remembered.contains("e0"));
        assertTrue(remembered.contains("e" + DEDUPE_MAX_IDS));
    }

    @Test
    void sessionItemsFormPairs() throws Exception {
        send(view("e1", "u1", "a", T0));
        send(view("e2", "u1", "b", T0 + MINUTE));
        send(view("e3", "u1", "a", T0 + 2 * MINUTE));
        send(view("e4", "u1", "c", T0 + 3 * MINUTE));

        List<PairUpdate> pairs = pairs();
        // e2 pairs b with a; e3 pairs a with b; e4 pairs c with a then b (newest first, distinct).
        assertEquals(List.of("a<-b", "b<-a", "a<-c", "b<-c"),
                pairs.stream().map(p -> p.itemId + "<-" + p.neighbourId).toList());
        assertEquals(List.of("a", "b"), events().get(3).profile.sessionItems.stream().map(r -> r.itemId).toList());
    }

    @Test
    void gapEndsSession() throws Exception {
        send(view("e1", "u1", "a", T0));
        send(view("e2", "u1", "b", T0 + SESSION_GAP + 1));

        assertTrue(pairs().isEmpty());
        assertTrue(events().get(1).profile.sessionItems.isEmpty());
    }

    @Test
    void zeroWeightEventFormsNoPairs() throws Exception {
        send(view("e1", "u1", "a", T0));
        send(event("e2", "u1", "b", EventType.REMOVE_FROM_CART, T0 + MINUTE, "c1"));

        assertTrue(pairs().isEmpty());
    }

    @Test
    void dedupeIdsClearedAfterWindow() throws Exception {
        send(view("e1", "u1", "a", T0));
        send(view("e2", "u1", "b", T0 + MINUTE));

        harness.processWatermark(T0 + MINUTE + DEDUPE_WINDOW);

        assertTrue(HarnessState.mapKeys(harness, "u1", ProfileFunction.SEEN_EVENT_IDS).isEmpty());
        assertNull(HarnessState.value(harness, "u1", ProfileFunction.SEEN_EVENT_ID_COUNT));
        assertNotNull(HarnessState.value(harness, "u1", ProfileFunction.PROFILE));
        assertEquals(1, harness.numKeyedStateEntries());
    }

    @Test
    void stateRemovedAfterTtl() throws Exception {
        send(view("e1", "u1", "a", T0));
        send(view("e2", "u2", "b", T0 + HOUR));
        assertTrue(harness.numKeyedStateEntries() > 0);

        harness.processWatermark(T0 + TTL);
        assertNull(HarnessState.value(harness, "u1", ProfileFunction.PROFILE));
        assertNotNull(HarnessState.value(harness, "u2", ProfileFunction.PROFILE));

        harness.processWatermark(T0 + HOUR + TTL);
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void activeUserKeepsState() throws Exception {
        send(view("e1", "u1", "a", T0));
        send(view("e2", "u1", "b", T0 + TTL - HOUR));

        harness.processWatermark(T0 + TTL);

        assertNotNull(HarnessState.value(harness, "u1", ProfileFunction.PROFILE));
        assertEquals(1, harness.numEventTimeTimers());
    }

    @Test
    void stateAndTimersSurviveRestore() throws Exception {
        send(view("e1", "u1", "a", T0));
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0);
        harness.close();

        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ProfileFunction(conf())), EnrichedEvent::userId, Types.STRING);
        harness.initializeState(snapshot);
        harness.open();
        send(view("e1", "u1", "a", T0));
        send(view("e2", "u1", "b", T0 + MINUTE));

        // The restored dedupe ids drop the repeated e1, and the restored profile pairs b with a.
        assertEquals(1, events().size());
        assertFalse(events().get(0).profile.newUser);
        assertEquals(List.of("a<-b"), pairs().stream().map(p -> p.itemId + "<-" + p.neighbourId).toList());

        harness.processWatermark(T0 + MINUTE + TTL);
        assertEquals(0, harness.numKeyedStateEntries());
    }

    @Test
    void watermarkJumpForgetsIdsInOnePass() throws Exception {
        for (int i = 0; i < 5; i++) {
            send(view("e" + i, "u1", "a" + i, T0 + i * MINUTE));
        }
        send(view("late", "u1", "b", T0 + 30 * MINUTE));

        // One jump fires the timers of e0..e4 together; the first pass forgets them all.
        harness.processWatermark(T0 + 25 * MINUTE);

        assertEquals(List.of("late"), HarnessState.mapKeys(harness, "u1", ProfileFunction.SEEN_EVENT_IDS));
        assertEquals(1, HarnessState.value(harness, "u1", ProfileFunction.SEEN_EVENT_ID_COUNT));
        assertEquals(T0 + 25 * MINUTE - DEDUPE_WINDOW,
                HarnessState.value(harness, "u1", ProfileFunction.SEEN_EVENT_IDS_SWEPT_UNTIL));
    }

    @Test
    void lateIdForgottenAfterEarlierPass() throws Exception {
        send(view("e1", "u1", "a", T0));
        send(view("e2", "u1", "b", T0 + 5 * MINUTE));
        harness.processWatermark(T0 + DEDUPE_WINDOW);
        assertEquals(List.of("e2"), HarnessState.mapKeys(harness, "u1", ProfileFunction.SEEN_EVENT_IDS));

        // Older than the last pass's cutoff: its own timer must still forget it.
        send(view("e0", "u1", "c", T0 - MINUTE));
        harness.processWatermark(T0 + DEDUPE_WINDOW + 1);

        assertEquals(List.of("e2"), HarnessState.mapKeys(harness, "u1", ProfileFunction.SEEN_EVENT_IDS));
        assertEquals(1, HarnessState.value(harness, "u1", ProfileFunction.SEEN_EVENT_ID_COUNT));
    }

    @Test
    void finalWatermarkLeavesState() throws Exception {
        send(view("e1", "u1", "a", T0));
        send(view("e2", "u2", "b", T0 + TTL - MINUTE));
        harness.processWatermark(T0 + TTL);
        assertNull(HarnessState.value(harness, "u1", ProfileFunction.PROFILE));

        // End of input: u2's id and expiry timers fire but leave its profile and ids in place.
        harness.processWatermark(Long.MAX_VALUE);

        assertEquals(0, harness.numEventTimeTimers());
        assertNotNull(HarnessState.value(harness, "u2", ProfileFunction.PROFILE));
        assertEquals(List.of("e2"), HarnessState.mapKeys(harness, "u2", ProfileFunction.SEEN_EVENT_IDS));
        assertEquals(1, HarnessState.value(harness, "u2", ProfileFunction.SEEN_EVENT_ID_COUNT));
    }

    private void send(StorefrontEvent event) throws Exception {
        harness.processElement(enriched(event), event.getEventTime().toEpochMilli());
    }

    private List<EnrichedEvent> events() {
        return harness.extractOutputValues().stream().map(in -> in.event).filter(Objects::nonNull).toList();
    }

    private List<PairUpdate> pairs() {
        return harness.extractOutputValues().stream().map(in -> in.pair).filter(Objects::nonNull).toList();
    }
}
