package io.streamrec.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.schemas.EventType;
import io.streamrec.schemas.StorefrontEvent;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class StorefrontSimulatorTest {

    private static final int EVENTS = 20_000;

    private static List<StorefrontEvent> generate(SimulatorConfig config) {
        List<StorefrontEvent> events = new ArrayList<>();
        new StorefrontSimulator(config).forEachRemaining(events::add);
        return events;
    }

    @Test
    void producesExactlyMaxEvents() {
        List<StorefrontEvent> events = generate(SimulatorConfig.defaults().withMaxEvents(EVENTS));

        assertEquals(EVENTS, events.size());
    }

    @Test
    void sameSeedGivesSameEvents() {
        SimulatorConfig config = SimulatorConfig.defaults().withMaxEvents(2_000);

        assertEquals(generate(config), generate(config));
        assertFalse(generate(config).equals(generate(config.withSeed(7))));
    }

    @Test
    void eventsAreInEventTimeOrder() {
        List<StorefrontEvent> events = generate(SimulatorConfig.defaults().withMaxEvents(EVENTS));

        for (int i = 1; i < events.size(); i++) {
            assertFalse(events.get(i).getEventTime().isBefore(events.get(i - 1).getEventTime()),
                    "event " + i + " is earlier than event " + (i - 1));
        }
    }

    @Test
    void eventIdsAreUnique() {
        List<StorefrontEvent> events = generate(SimulatorConfig.defaults().withMaxEvents(EVENTS));

        Set<String> ids = new HashSet<>();
        events.forEach(e -> ids.add(e.getEventId()));

        assertEquals(events.size(), ids.size());
    }

    @Test
    void everyShopperActionAppears() {
        List<StorefrontEvent> events = generate(SimulatorConfig.defaults().withMaxEvents(EVENTS));

        Map<EventType, Integer> counts = new EnumMap<>(EventType.class);
        events.forEach(e -> counts.merge(e.getEventType(), 1, Integer::sum));

        for (EventType type : List.of(EventType.VIEW, EventType.ADD_TO_CART, EventType.PURCHASE,
                EventType.REMOVE_FROM_CART, EventType.FAVORITE)) {
            assertTrue(counts.getOrDefault(type, 0) > 0, "no " + type + " events in " + counts);
        }
        assertTrue(counts.get(EventType.VIEW) > counts.get(EventType.ADD_TO_CART));
        assertTrue(counts.get(EventType.ADD_TO_CART) > counts.get(EventType.PURCHASE));
    }

    @Test
    void consecutiveViewsShareClustersMoreThanChance() {
        SimulatorConfig config = SimulatorConfig.defaults().withMaxEvents(EVENTS);
        List<StorefrontEvent> events = generate(config);

        Map<String, String> previousItem = new HashMap<>();
        int pairs = 0;
        int sameCluster = 0;
        for (StorefrontEvent event : events) {
            if (event.getEventType() != EventType.VIEW) {
                continue;
            }
            String previous = previousItem.put(event.getUserId(), event.getItemId());
            if (previous != null && !previous.equals(event.getItemId())) {
                pairs++;
                if (cluster(previous, config) == cluster(event.getItemId(), config)) {
                    sameCluster++;
                }
            }
        }

        double share = (double) sameCluster / pairs;
        double chance = (double) config.clusterSize() / config.items();
        assertTrue(share > 20 * chance, "same-cluster share " + share + " vs chance " + chance);
    }

    @Test
    void invalidSettingNamesTheOption() {
        SimulatorConfig config = SimulatorConfig.defaults().withUsers(0);

        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> new StorefrontSimulator(config));

        assertTrue(error.getMessage().contains("'simulator.users'"), error.getMessage());
        assertTrue(error.getMessage().contains("0"), error.getMessage());
    }

    private static int cluster(String itemId, SimulatorConfig config) {
        return Integer.parseInt(itemId.substring("item-".length())) / config.clusterSize();
    }
}
