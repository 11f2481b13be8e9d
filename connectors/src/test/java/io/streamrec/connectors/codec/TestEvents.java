package io.streamrec.connectors.codec;

import java.time.Instant;
import java.util.Map;

import io.streamrec.schemas.EventType;
import io.streamrec.schemas.StorefrontEvent;

/** Builders of test events and the named times they use. */
public final class TestEvents {

    /** 2023-11-14T22:13:20Z, the event time of the sample events. */
    public static final Instant EVENT_TIME = Instant.ofEpochMilli(1_700_000_000_000L);

    /** The "current time" the decoder tests judge event times against: one hour after EVENT_TIME. */
    public static final long NOW_MILLIS = EVENT_TIME.toEpochMilli() + 3_600_000L;

    private TestEvents() {}

    /** Returns a valid VIEW event with every field set. */
    public static StorefrontEvent.Builder view(String eventId, String userId, String itemId) {
        return StorefrontEvent.newBuilder()
                .setEventId(eventId)
                .setUserId(userId)
                .setSessionId("s1")
                .setItemId(itemId)
                .setEventType(EventType.VIEW)
                .setEventTime(EVENT_TIME)
                .setCategory("c1")
                .setPrice(9.99)
                .setQuantity(1)
                .setContext(Map.of("device", "ios"));
    }

    /** Returns {@code view("e1", "u1", "i1")}. */
    public static StorefrontEvent.Builder view() {
        return view("e1", "u1", "i1");
    }
}
