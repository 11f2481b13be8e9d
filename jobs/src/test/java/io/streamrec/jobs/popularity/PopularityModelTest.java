package io.streamrec.jobs.popularity;

import io.streamrec.jobs.recommend.EventWeights;
import io.streamrec.jobs.recommend.ForwardDecay;
import io.streamrec.jobs.recommend.ScoredItem;
import io.streamrec.schemas.EventType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.streamrec.jobs.recommend.TestData.HOUR;
import static io.streamrec.jobs.recommend.TestData.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PopularityModelTest {

    private static final long HALF_LIFE = HOUR;
    private static final EventWeights WEIGHTS = EventWeights.defaults();

    @Test
    void scoresAreDecayedCounts() throws Exception {
        PopularityModel model = new PopularityModel(WEIGHTS, HALF_LIFE, 10, 10);
        PopularityState state = model.newState();
        PopularityModel.InMemoryStore store = new PopularityModel.InMemoryStore();

        model.update(state, store, "a", "c1", EventType.VIEW, T0);
        model.update(state, store, "b", "c1", EventType.PURCHASE, T0 + HOUR);
        model.update(state, store, "a", "c1", EventType.ADD_TO_CART, T0 + 2 * HOUR);

        // Hand-checked at T0 + 2h: a = 1 * 2^-2 + 3 = 3.25, b = 5 * 2^-1 = 2.5.
        List<ScoredItem> top = model.globalTop(state, T0 + 2 * HOUR);
        assertEquals(List.of("a", "b"), ids(top));
        assertEquals(3.25, top.get(0).score, 1e-12);
        assertEquals(2.5, top.get(1).score, 1e-12);
    }

    @Test
    void eventFarBeforeLandmarkKeepsScoresFinite() throws Exception {
        PopularityModel model = new PopularityModel(WEIGHTS, HALF_LIFE, 10, 10);
        PopularityState state = model.newState();
        PopularityModel.InMemoryStore store = new PopularityModel.InMemoryStore();

        // A live stream, then an event from a file four years older: 2^-35000 underflows to 0.
        model.update(state, store, "a", "c1", EventType.VIEW, T0);
        model.update(state, store, "b", "c1", EventType.VIEW, T0 - 35_000 * HOUR);
        List<ScoredItem> top = model.globalTop(state, T0 - 35_000 * HOUR);

        // b's own weight underflows to 0, so only a is listed, with its count at that time capped.
        assertEquals(List.of("a"), ids(top));
        for (ScoredItem item : top) {
            assertTrue(Double.isFinite(item.score), item.itemId + " score " + item.score);
        }
    }

    @Test
    void matchesIndependentDecayOnRandomStream() throws Exception {
        int candidates = 5;
        PopularityModel model = new PopularityModel(WEIGHTS, HALF_LIFE, candidates, 10);
        PopularityState state = model.newState();
        PopularityModel.InMemoryStore store = new PopularityModel.InMemoryStore();
        Random random = new Random(42);
        List<long[]> events = new ArrayList<>();
        EventType[] types = EventType.values();

        long time = T0;
        for (int i = 0; i < 2000; i++) {
            time += random.nextInt((int) (HOUR / 10));
            int item = random.nextInt(30);
            int type = random.nextInt(types.length);
            events.add(new long[] {item, type, time});
            model.update(state, store, "i" + item, "c", types[type], time);
        }

        // Independent computation: sum of w * 2^-(now - t) / halfLife per item, at the last time.
        Map<String, Double> decayed = new HashMap<>();
        for (long[] e : events) {
            double w = WEIGHTS.of(types[(int) e[1]]);
            decayed.merge("i" + e[0], w * Math.pow(2.0, -(double) (time - e[2]) / HALF_LIFE), Double::sum);
        }
        List<String> expected = decayed.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Comparator.<Map.Entry<String, Double>>comparingDouble(Map.Entry::getValue).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(candidates)
                .map(Map.Entry::getKey)
                .toList();

        List<ScoredItem> top = model.globalTop(state, time);
        assertEquals(expected, ids(top));
        for (ScoredItem item : top) {
            assertEquals(decayed.get(item.itemId), item.score, 1e-9 * decayed.get(item.itemId));
        }
    }

    @Test
    void rebaseKeepsOrderAndMovesLandmark() throws Exception {
        PopularityModel model = new PopularityModel(WEIGHTS, HALF_LIFE, 10, 10);
        PopularityState state = model.newState();
        PopularityModel.InMemoryStore store = new PopularityModel.InMemoryStore();
        long far = T0 + 600 * HALF_LIFE;

        model.update(state, store, "old", "c1", EventType.PURCHASE, T0);
        model.update(state, store, "a", "c1", EventType.VIEW, far);
        model.update(state, store, "b", "c1", EventType.VIEW, far);
        model.update(state, store, "b", "c1", EventType.VIEW, far + HOUR);

        assertEquals(T0 + (long) ForwardDecay.MAX_EXPONENT * HALF_LIFE, state.clock.landmarkMillis);
        List<ScoredItem> top = model.globalTop(state, far + HOUR);
        assertEquals(List.of("b", "a", "old"), ids(top));
        // b = 1 * 2^-1 + 1 = 1.5 and a = 0.5 at far + 1h; old decayed by 2^-601.
        assertEquals(1.5, top.get(0).score, 1e-12);
        assertEquals(0.5, top.get(1).score, 1e-12);
        assertTrue(Double.isFinite(store.value("b")));
    }

    @Test
    void tiesBrokenByItemId() throws Exception {
        PopularityModel model = new PopularityModel(WEIGHTS, HALF_LIFE, 2, 10);
        PopularityState state = model.newState();
        PopularityModel.InMemoryStore store = new PopularityModel.InMemoryStore();

        model.update(state, store, "c", "x", EventType.VIEW, T0);
        model.update(state, store, "a", "x", EventType.VIEW, T0);
        model.update(state, store, "b", "x", EventType.VIEW, T0);

        assertEquals(List.of("a", "b"), ids(model.globalTop(state, T0)));
        assertEquals(List.of("a", "b"), ids(model.categoryTop(state, store, "x", T0)));
    }

    @Test
    void zeroWeightNeverAddsItem() throws Exception {
        PopularityModel model = new PopularityModel(WEIGHTS, HALF_LIFE, 5, 10);
        PopularityState state = model.newState();
        PopularityModel.InMemoryStore store = new PopularityModel.InMemoryStore();

        model.update(state, store, "a", "x", EventType.REMOVE_FROM_CART, T0);

        assertTrue(model.globalTop(state, T0).isEmpty());
        assertEquals(0, store.itemCount());
    }

    @Test
    void categoryCountBoundedWeakestEvicted() throws Exception {
        PopularityModel model = new PopularityModel(WEIGHTS, HALF_LIFE, 5, 2);
        PopularityState state = model.newState();
        PopularityModel.InMemoryStore store = new PopularityModel.InMemoryStore();

        model.update(state, store, "a", "strong", EventType.PURCHASE, T0);
        model.update(state, store, "b", "weak", EventType.VIEW, T0);
        model.update(state, store, "c", "new", EventType.VIEW, T0);

        assertEquals(2, state.categoryCount);
        assertEquals(List.of("a"), ids(model.categoryTop(state, store, "strong", T0)));
        assertTrue(model.categoryTop(state, store, "weak", T0).isEmpty());
        assertEquals(List.of("c"), ids(model.categoryTop(state, store, "new", T0)));
    }

    private static List<String> ids(List<ScoredItem> items) {
        return items.stream().map(item -> item.itemId).toList();
    }
}
