package io.streamrec.integration;

import io.streamrec.schemas.EventType;
import io.streamrec.schemas.StorefrontEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Expectations that the input alone sets for each recommendation, computed without the job's code
 * from the events in the order they were sent. Each user's events keep that order in Kafka,
 * because they share a key and so a partition.
 *
 * <p>Assumes the job's default options (a session gap of 30 minutes, 100 purchased items kept per
 * user, weight 0 only for REMOVE_FROM_CART) and a {@code state.ttl} longer than the input's time
 * span, so that no user's state expires.
 */
public final class InputHistory {

    /** The default {@code profile.session-gap}. */
    public static final Duration SESSION_GAP = Duration.ofMinutes(30);

    /** The default {@code profile.purchased-items}, beyond which the job drops the oldest purchase. */
    public static final int PURCHASED_ITEMS_CAP = 100;

    private final Map<String, StorefrontEvent> eventsById = new HashMap<>();
    private final Map<String, Set<String>> purchasedUpTo = new HashMap<>();
    private final Set<String> followsOtherItem = new HashSet<>();
    private final Set<String> firstEventIds = new LinkedHashSet<>();
    private final Set<String> pairedItems = new HashSet<>();

    /**
     * Computes the history of {@code events}, given in sending order.
     *
     * @throws IllegalArgumentException if two events share an id, or a user purchases more
     *     distinct items than the job keeps
     */
    public InputHistory(List<StorefrontEvent> events) {
        Map<String, List<StorefrontEvent>> byUser = new HashMap<>();
        for (StorefrontEvent event : events) {
            if (eventsById.put(event.getEventId(), event) != null) {
                throw new IllegalArgumentException("Event id " + event.getEventId() + " occurs twice in the input");
            }
            byUser.computeIfAbsent(event.getUserId(), user -> new ArrayList<>()).add(event);
        }
        byUser.values().forEach(this::addUser);
    }

    private void addUser(List<StorefrontEvent> userEvents) {
        long gapMillis = SESSION_GAP.toMillis();
        Set<String> purchased = new HashSet<>();
        firstEventIds.add(userEvents.get(0).getEventId());

        for (int i = 0; i < userEvents.size(); i++) {
            StorefrontEvent event = userEvents.get(i);
            long time = event.getEventTime().toEpochMilli();
            if (event.getEventType() == EventType.PURCHASE && purchased.add(event.getItemId())
                    && purchased.size() > PURCHASED_ITEMS_CAP) {
                throw new IllegalArgumentException("User " + event.getUserId() + " purchases more than "
                        + PURCHASED_ITEMS_CAP + " items, so the job forgets some; the checks assume it forgets none");
            }
            purchasedUpTo.put(event.getEventId(), Set.copyOf(purchased));

            if (i > 0) {
                StorefrontEvent previous = userEvents.get(i - 1);
                boolean inSession = Math.abs(time - previous.getEventTime().toEpochMilli()) <= gapMillis;
                boolean otherItem = !previous.getItemId().equals(event.getItemId());
                if (inSession && otherItem && !purchased.contains(previous.getItemId())
                        && event.getEventType() != EventType.REMOVE_FROM_CART) {
                    followsOtherItem.add(event.getEventId());
                }
            }

            // Every item of the session chain before this event pairs with its item. Unlike the job,
            // this walks the whole history without the caps, so it finds a superset of the pairs.
            if (event.getEventType() == EventType.REMOVE_FROM_CART) {
                continue;
            }
            long chainTime = time;
            for (int j = i - 1; j >= 0; j--) {
                StorefrontEvent earlier = userEvents.get(j);
                long earlierTime = earlier.getEventTime().toEpochMilli();
                if (Math.abs(chainTime - earlierTime) > gapMillis) {
                    break;
                }
                chainTime = earlierTime;
                if (!earlier.getItemId().equals(event.getItemId())) {
                    pairedItems.add(earlier.getItemId());
                    pairedItems.add(event.getItemId());
                }
            }
        }
    }

    /** Returns the input event with this id, or null. */
    public StorefrontEvent event(String eventId) {
        return eventsById.get(eventId);
    }

    /** Returns the items the event's user purchased up to and including the event. */
    public Set<String> purchasedUpTo(String eventId) {
        return purchasedUpTo.getOrDefault(eventId, Set.of());
    }

    /**
     * Returns the ids of the events whose user's previous event lies within the session gap, is on
     * another item, and is on an item the user has not purchased. The job pairs the two items, so
     * the event's item has at least one neighbour that its list may contain.
     */
    public Set<String> eventsFollowingOtherItem() {
        return followsOtherItem;
    }

    /** Returns the id of each user's first event. */
    public Set<String> firstEventIds() {
        return firstEventIds;
    }

    /**
     * Returns whether the item never shares a session with another item anywhere in the input, so
     * it can have no co-occurrence neighbours at any point of the run.
     */
    public boolean neverPaired(String itemId) {
        return !pairedItems.contains(itemId);
    }
}
