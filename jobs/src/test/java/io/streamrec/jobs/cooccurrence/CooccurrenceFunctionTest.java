package io.streamrec.jobs.cooccurrence;

import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.jobs.profile.ProfileSnapshot;
import io.streamrec.jobs.profile.RecentItem;
import io.streamrec.jobs.recommend.EnrichedEvent;
import io.streamrec.jobs.recommend.HarnessState;
import io.streamrec.jobs.recommend.ScoredItem;
import io.streamrec.schemas.EventType;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.streamrec.jobs.recommend.TestData.DAY;
import static io.streamrec.jobs.recommend.TestData.HOUR;
import static io.streamrec.jobs.recommend.TestData.MINUTE;
import static io.streamrec.jobs.recommend.TestData.T0;
import static io.streamrec.jobs.recommend.TestData.enriched;
import static io.streamrec.jobs.recommend.TestData.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CooccurrenceFunctionTest {

    private static final int NEIGHBOURS = 3;
    private static final long HALF_LIFE = HOUR;
    private static final long TTL = DAY;

    private KeyedOneInputStreamOperatorTestHarness<String, CooccurrenceInput, EnrichedEvent> harness;

    @BeforeEach
    void setUp() throws Exception {
        Configuration conf = new Configuration();
        conf.set(RecommendOptions.NEIGHBOURS, NEIGHBOURS);
        conf.set(RecommendOptions.COOCCURRENCE_HALF_LIFE, Duration.ofMillis(HALF_LIFE));
        conf.set(RecommendOptions.STATE_TTL, Duration.ofMillis(TTL));
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new CooccurrenceFunction(conf), CooccurrenceInput::itemId, Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void eventLearnsSessionItemsAndGetsNeighbours() throws Exception {
        sendEvent("a", EventType.ADD_TO_CART, T0, "b", "c");

        EnrichedEvent out = harness.extractOutputValues().get(0);
        // Both pairs got weight 3 at the event time; ties ordered by item id.
        assertEquals(List.of(new ScoredItem("b", "cb", 3.0), new ScoredItem("c", "cc", 3.0)), out.neighbours);
    }

    @Test
    void pairUpdateEmitsNothing() throws Exception {
        sendPair("a", "b", 1.0, T0);

        assertTrue(harness.extractOutputValues().isEmpty());
        NeighbourState state = HarnessState.value(harness, "a", CooccurrenceFunction.NEIGHBOURS);
        assertEquals("b", state.neighbours.best().itemId);
    }

    @Test
    void neighbourWeightsDecayInEventTime() throws Exception {
        sendPair("a", "old", 4.0, T0);
        sendPair("a", "new", 1.0, T0 + 2 * HOUR);
        sendEvent("a", EventType.VIEW, T0 + 2 * HOUR);

        List<ScoredItem> neighbours = harness.extractOutputValues().get(0).neighbours;
        // old = 4 * 2^-2 = 1 ties new = 1 at the event time; ordered by id.
        assertEquals(List.of("new", "old"), neighbours.stream().map(n -> n.itemId).toList());
        assertEquals(1.0, neighbours.get(1).score, 1e-12);
    }

    @Test
    void neighbourListCapped() throws Exception {
        for (int i = 0; i < 10; i++) {
            sendPair("a", "n" + i, 1.0, T0 + i * MINUTE);
        }

        NeighbourState state = HarnessState.value(harness, "a", CooccurrenceFunction.NEIGHBOURS);
        assertEquals(NEIGHBOURS, state.neighbours.size());
        // Later pairs weigh more under forward decay, so the newest three stay.
        assertEquals(List.of("n9", "n8", "n7"), state.neighbours.entries.stream().map(n -> n.itemId).toList());
    }

    @Test
    void stateRemovedAfterTtl() throws Exception {
        sendPair("a", "b", 1.0, T0);
        sendPair("b", "a", 1.0, T0 + HOUR);
        assertEquals(2, harness.numKeyedStateEntries());

        harness.processWatermark(T0 + TTL);
        assertNull(HarnessState.value(harness, "a", CooccurrenceFunction.NEIGHBOURS));

        harness.processWatermark(T0 + HOUR + TTL);
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void finalWatermarkLeavesState() throws Exception {
        sendPair("a", "b", 1.0, T0);
        sendPair("b", "a", 1.0, T0 + HOUR);
        harness.processWatermark(T0 + TTL);
        assertNull(HarnessState.value(harness, "a", CooccurrenceFunction.NEIGHBOURS));

        // End of input: b's expiry timer fires but leaves its neighbours in place.
        harness.processWatermark(Long.MAX_VALUE);

        assertEquals(0, harness.numEventTimeTimers());
        assertEquals(1, harness.numKeyedStateEntries());
        assertEquals("a", HarnessState.value(harness, "b", CooccurrenceFunction.NEIGHBOURS).neighbours.best().itemId);
    }

    @Test
    void eventWithoutSessionKeepsNoState() throws Exception {
        sendEvent("a", EventType.VIEW, T0);

        assertTrue(harness.extractOutputValues().get(0).neighbours.isEmpty());
        assertEquals(0, harness.numKeyedStateEntries());
    }

    private void sendEvent(String itemId, EventType type, long time, String... sessionItems) throws Exception {
        EnrichedEvent event = enriched(event("e-" + itemId + time, "u1", itemId, type, time, "c" + itemId));
        event.profile = new ProfileSnapshot();
        event.profile.sessionItems = new ArrayList<>();
        for (String session : sessionItems) {
            event.profile.sessionItems.add(new RecentItem(session, "c" + session, EventType.VIEW, time - MINUTE));
        }
        harness.processElement(CooccurrenceInput.of(event), time);
    }

    private void sendPair(String itemId, String neighbourId, double weight, long time) throws Exception {
        harness.processElement(CooccurrenceInput.of(new PairUpdate(itemId, neighbourId, "c" + neighbourId, weight, time)), time);
    }
}
