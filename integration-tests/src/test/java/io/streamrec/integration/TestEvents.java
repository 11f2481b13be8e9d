package io.streamrec.integration;

import io.streamrec.connectors.codec.AvroCodec;
import io.streamrec.schemas.EventType;
import io.streamrec.schemas.StorefrontEvent;

import java.time.Duration;
import java.time.Instant;

/** Builders of synthetic storefront events for the end-to-end tests. */
public final class TestEvents {

    /** Event time of the first synthetic event. */
    public static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

    public static final Duration MINUTE = Duration.ofMinutes(1);

    /** Category of every synthetic event. */
    public static final String CATEGORY = "c1";

    private TestEvents() {}

    /** Returns an event of {@code type} on {@code itemId} at {@code time}. */
    public static StorefrontEvent event(String eventId, String userId, String itemId, EventType type, Instant time) {
        return StorefrontEvent.newBuilder()
                .setEventId(eventId)
                .setUserId(userId)
                .setItemId(itemId)
                .setEventType(type)
                .setEventTime(time)
                .setCategory(CATEGORY)
                .build();
    }

    /** Returns a VIEW event on {@code itemId} at {@code time}. */
    public static StorefrontEvent view(String eventId, String userId, String itemId, Instant time) {
        return event(eventId, userId, itemId, EventType.VIEW, time);
    }

    /** Returns the Avro single-object encoding the job reads. */
    public static byte[] avro(StorefrontEvent event) {
        return AvroCodec.of(StorefrontEvent.class).encode(event);
    }
}
