package io.streamrec.jobs.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.jobs.evaluation.IndependentPopularityEvaluator.Outcome;
import io.streamrec.jobs.evaluation.IndependentPopularityEvaluator.Result;
import io.streamrec.jobs.evaluation.IndependentPopularityEvaluator.Settings;
import io.streamrec.schemas.EventType;
import io.streamrec.schemas.StorefrontEvent;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Hand-checked sequences for {@link IndependentPopularityEvaluator}. */
class MetricIndependentEvaluatorTest {

    private static final long T0 = 1_767_225_600_000L;
    private static final long HOUR = 60 * 60 * 1000L;
    private static final double EPS = 1e-12;

    private final List<StorefrontEvent> events = new ArrayList<>();

    @Test
    void handBuiltSequenceAtOneInstant() {
        // Every event at T0, so every decay factor is 1 and values are sums of weights.
        add("u1", "A", EventType.VIEW, T0);     // A=1. u1 new.            u1 list: []
        add("u2", "B", EventType.VIEW, T0);     // B=1. u2 new.            u2 list: [A] (tie A,B by id)
        add("u1", "B", EventType.VIEW, T0);     // tested: miss.  B=2.     u1 list: [A]
        add("u2", "A", EventType.VIEW, T0);     // tested: rank 1. A=2.    u2 list: [B] (tie A,B)
        add("u1", "A", EventType.PURCHASE, T0); // tested: rank 1. A=7.    u1 list: [B] (A purchased)
        add("u1", "C", EventType.VIEW, T0);     // tested: miss.  C=1.     u1 list: [B]
        add("u1", "B", EventType.VIEW, T0);     // tested: rank 1. B=3.    u1 list: [C]
        add("u1", "B", EventType.VIEW, T0);     // tested: miss (repeat).  u1 list: [C]

        Result result = replay(new Settings());

        assertEquals(List.of(0, 0, 0, 1, 1, 0, 1, 0), ranks(result));
        assertEquals(List.of(), result.outcomes().get(0).newList());
        assertEquals(List.of("A"), result.outcomes().get(1).newList());
        assertEquals(List.of("B"), result.outcomes().get(3).newList());
        assertEquals(List.of("B"), result.outcomes().get(4).newList());
        assertEquals(List.of("C"), result.outcomes().get(6).newList());

        assertEquals(6, result.tested(false));
        assertEquals(0.5, result.hitRate(1, false), EPS);
        assertEquals(0.5, result.mrr(20, false), EPS);
        assertEquals(5, result.tested(true));
        assertEquals(0.6, result.hitRate(1, true), EPS);
        assertFalse(result.outcomes().get(7).nextNewItem());
    }

    @Test
    void newerEventsOutweighOlderOnes() {
        // A: two views at T0 (value 2). B: one view 30 min later (2^0.5 = 1.41), C: one 2 h later (2^2 = 4).
        add("u0", "A", EventType.VIEW, T0);
        add("u0", "A", EventType.VIEW, T0);
        add("u1", "B", EventType.VIEW, T0 + HOUR / 2);
        add("u2", "C", EventType.VIEW, T0 + 2 * HOUR);

        Result result = replay(new Settings());

        assertEquals(List.of("A"), result.outcomes().get(2).newList());
        assertEquals(List.of("A", "B"), result.outcomes().get(3).newList());

        // u1 was shown [A] after its first event. Viewing A at T0 + 2 h adds 2^2, so A=6, C=4, B=1.41.
        add("u1", "A", EventType.VIEW, T0 + 2 * HOUR);
        Result again = replay(new Settings());
        assertEquals(1, again.outcomes().get(4).rank());
        assertEquals(List.of("C", "B"), again.outcomes().get(4).newList());
    }

    @Test
    void rankIsPositionInShownList() {
        // Values: A=5, B=3, C=2, D=1; u9's list after viewing D is [A, B, C] and it then views C.
        add("x", "A", EventType.PURCHASE, T0);
        add("y", "B", EventType.ADD_TO_CART, T0);
        add("z", "C", EventType.FAVORITE, T0);
        add("u9", "D", EventType.VIEW, T0);
        add("u9", "C", EventType.VIEW, T0);

        Result result = replay(new Settings().cutoffs(1, 2, 3));

        assertEquals(List.of("A", "B", "C"), result.outcomes().get(3).newList());
        assertEquals(3, result.outcomes().get(4).rank());
        assertEquals(0.0, result.hitRate(2, false), EPS);
        assertEquals(1.0, result.hitRate(3, false), EPS);
        assertEquals(1.0 / 3, result.mrr(3, false), EPS);
    }

    @Test
    void candidatesBoundTheList() {
        // Values A=3, B=2, C=1; with two candidates, u1's list after A is [B], not [B, C].
        add("x", "A", EventType.ADD_TO_CART, T0);
        add("y", "B", EventType.FAVORITE, T0);
        add("z", "C", EventType.VIEW, T0);
        add("u1", "A", EventType.OTHER, T0);

        assertEquals(List.of("B"), replay(new Settings().candidates(2)).outcomes().get(3).newList());
        assertEquals(List.of("B", "C"), replay(new Settings()).outcomes().get(3).newList());
        assertEquals(List.of("B"), replay(new Settings().listSize(1)).outcomes().get(3).newList());
    }

    @Test
    void purchasedItemsAreExcludedUnlessAllowed() {
        add("u1", "A", EventType.PURCHASE, T0);
        add("u2", "B", EventType.VIEW, T0);
        add("u1", "B", EventType.VIEW, T0);

        assertEquals(List.of(), replay(new Settings()).outcomes().get(2).newList());
        assertEquals(List.of("A"), replay(new Settings().allowPurchased(true)).outcomes().get(2).newList());
    }

    @Test
    void rescalingKeepsOrderPastExponentLimit() {
        // Half-life 1 ms: 2^1100 overflows a double unless values are rescaled past exponent 512.
        add("x", "A", EventType.PURCHASE, T0);
        add("y", "B", EventType.VIEW, T0 + 1_100);
        add("z", "C", EventType.VIEW, T0 + 1_101);
        add("z", "D", EventType.VIEW, T0 + 2_000);
        add("u", "E", EventType.VIEW, T0 + 2_000);

        Result result = replay(new Settings().halfLifeMillis(1));

        assertEquals(List.of("A"), result.outcomes().get(1).newList());
        assertEquals(List.of("B", "A"), result.outcomes().get(2).newList());
        assertEquals(List.of("C", "B", "A"), result.outcomes().get(3).newList());
        // D and E have equal values, so D comes first by id.
        assertEquals(List.of("D", "C", "B", "A"), result.outcomes().get(4).newList());
    }

    @Test
    void duplicateEventIdIsSkipped() {
        add("u1", "A", EventType.VIEW, T0);
        events.add(event("u1", "B", EventType.VIEW, T0, "dup"));
        events.add(event("u1", "B", EventType.VIEW, T0, "dup"));

        Result result = replay(new Settings());

        assertEquals(2, result.outcomes().size());
        assertEquals(1, result.duplicates());
        assertEquals(1, result.tested(false));
    }

    @Test
    void singleEventUsersAreNeverTested() {
        add("u1", "A", EventType.VIEW, T0);
        add("u2", "A", EventType.VIEW, T0);
        add("u3", "B", EventType.VIEW, T0);

        Result result = replay(new Settings());

        assertEquals(0, result.tested(false));
        assertTrue(result.outcomes().stream().noneMatch(Outcome::tested));
        assertEquals(0.0, result.hitRate(20, false), EPS);
    }

    private Result replay(Settings settings) {
        return new IndependentPopularityEvaluator(settings).replay(events);
    }

    private void add(String user, String item, EventType type, long time) {
        events.add(event(user, item, type, time, "e" + events.size()));
    }

    private static StorefrontEvent event(String user, String item, EventType type, long time, String id) {
        return StorefrontEvent.newBuilder()
                .setEventId(id)
                .setUserId(user)
                .setItemId(item)
                .setEventType(type)
                .setEventTime(Instant.ofEpochMilli(time))
                .build();
    }

    private static List<Integer> ranks(Result result) {
        return result.outcomes().stream().map(Outcome::rank).toList();
    }
}
