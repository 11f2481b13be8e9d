package io.streamrec.jobs.ranking;

import static io.streamrec.jobs.recommend.TestData.T0;
import static io.streamrec.jobs.recommend.TestData.enriched;
import static io.streamrec.jobs.recommend.TestData.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.jobs.profile.ProfileSnapshot;
import io.streamrec.jobs.recommend.EnrichedEvent;
import io.streamrec.jobs.recommend.HarnessState;

import java.util.List;
import java.util.Objects;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserOrderFunctionTest {

    private static final long MAX_WAIT = 1_000;
    private static final int MAX_HELD = 3;
    private static final long IDLE = 60_000;

    private KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, EnrichedEvent> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new UserOrderFunction(MAX_WAIT, MAX_HELD, IDLE), EnrichedEvent::userId, Types.STRING);
        harness.setProcessingTime(0);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void inOrderEventsPassAtOnce() throws Exception {
        send("u1", 1);
        send("u1", 2);
        send("u1", 3);

        assertEquals(List.of("u1#1", "u1#2", "u1#3"), emitted());
    }

    @Test
    void earlyEventWaitsForItsPredecessor() throws Exception {
        send("u1", 1);
        send("u1", 3);
        send("u1", 4);

        assertEquals(List.of("u1#1"), emitted());

        send("u1", 2);

        assertEquals(List.of("u1#1", "u1#2", "u1#3", "u1#4"), emitted());
        assertEquals(0, heldCount("u1"));
    }

    @Test
    void usersAreOrderedIndependently() throws Exception {
        send("u1", 1);
        send("u2", 1);
        send("u1", 3);
        send("u2", 2);

        assertEquals(List.of("u1#1", "u2#1", "u2#2"), emitted());
    }

    @Test
    void gapIsSkippedAfterMaxWait() throws Exception {
        send("u1", 1);
        send("u1", 3);
        send("u1", 5);

        harness.setProcessingTime(MAX_WAIT);

        assertEquals(List.of("u1#1", "u1#3", "u1#5"), emitted());
        assertEquals(0, heldCount("u1"));
    }

    @Test
    void watermarkReleasesHeldEvents() throws Exception {
        send("u1", 1);
        send("u1", 3);

        harness.processWatermark(Long.MAX_VALUE);

        assertEquals(List.of("u1#1", "u1#3"), emitted());
        assertEquals(0, heldCount("u1"));
    }

    @Test
    void heldEventsAreCapped() throws Exception {
        send("u1", 1);
        send("u1", 3);
        send("u1", 4);
        send("u1", 5);

        // The third held event reaches the cap: all are released in order without waiting.
        assertEquals(List.of("u1#1", "u1#3", "u1#4", "u1#5"), emitted());
        assertEquals(0, heldCount("u1"));
    }

    @Test
    void lateEventIsEmittedNotLost() throws Exception {
        send("u1", 1);
        send("u1", 3);
        harness.setProcessingTime(MAX_WAIT);
        send("u1", 2);

        assertEquals(List.of("u1#1", "u1#3", "u1#2"), emitted());
    }

    @Test
    void newProfileRestartsNumbering() throws Exception {
        send("u1", 1);
        send("u1", 2);
        send("u1", 1);
        send("u1", 2);

        assertEquals(List.of("u1#1", "u1#2", "u1#1", "u1#2"), emitted());
    }

    @Test
    void stateClearsWhenIdle() throws Exception {
        send("u1", 1);
        send("u1", 2);

        harness.setProcessingTime(IDLE);

        assertNull(HarnessState.value(harness, "u1", UserOrderFunction.NEXT_SEQUENCE));
        assertNull(HarnessState.value(harness, "u1", UserOrderFunction.TIMER));
        assertTrue(harness.numProcessingTimeTimers() == 0, "timers left: " + harness.numProcessingTimeTimers());
    }

    private void send(String user, long sequence) throws Exception {
        EnrichedEvent event = enriched(view(user + "#" + sequence, user, "item-" + sequence, T0 + sequence));
        event.profile = new ProfileSnapshot();
        event.profile.sequence = sequence;
        harness.processElement(event, T0 + sequence);
    }

    private List<String> emitted() {
        return harness.extractOutputValues().stream()
                .filter(Objects::nonNull)
                .map(e -> e.event.getEventId())
                .filter(Objects::nonNull)
                .toList();
    }

    private int heldCount(String user) throws Exception {
        return HarnessState.mapKeys(harness, user, UserOrderFunction.HELD_EVENTS).size();
    }
}
