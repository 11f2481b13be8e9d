package io.streamrec.jobs.recommend;

import io.streamrec.connectors.codec.AvroCodec;
import io.streamrec.connectors.codec.RawRecord;
import io.streamrec.schemas.EventType;
import io.streamrec.schemas.StorefrontEvent;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Named times and builders of test events shared by the recommend job's tests. */
public final class TestData {

    /** 2024-01-01T00:00:00Z, the time the test stories start. */
    public static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    public static final long SECOND = 1_000L;
    public static final long MINUTE = 60 * SECOND;
    public static final long HOUR = 60 * MINUTE;
    public static final long DAY = 24 * HOUR;

    /** Processing time the harness tests run at: one day after {@link #T0}. */
    public static final long NOW = T0 + DAY;

    /** Topic name written into raw test records. */
    public static final String TOPIC = "storefront-events";

    private TestData() {}

    /** Returns an event with every required field set; category may be null. */
    public static StorefrontEvent event(
            String eventId, String userId, String itemId, EventType type, long timeMillis, String category) {
        return StorefrontEvent.newBuilder()
                .setEventId(eventId)
                .setUserId(userId)
                .setItemId(itemId)
                .setEventType(type)
                .setEventTime(Instant.ofEpochMilli(timeMillis))
                .setCategory(category)
                .build();
    }

    /** Returns a VIEW event in category "c1". */
    public static StorefrontEvent view(String eventId, String userId, String itemId, long timeMillis) {
        return event(eventId, userId, itemId, EventType.VIEW, timeMillis, "c1");
    }

    /** Wraps an event as the parse step does, arriving at {@link #NOW}. */
    public static EnrichedEvent enriched(StorefrontEvent event) {
        return new EnrichedEvent(event, NOW);
    }

    /** Returns a raw record holding the event in Avro single-object encoding. */
    public static RawRecord avroRecord(StorefrontEvent event, long offset) {
        byte[] value = AvroCodec.of(StorefrontEvent.class).encode(event);
        byte[] key = event.getUserId().getBytes(StandardCharsets.UTF_8);
        return new RawRecord(TOPIC, 0, offset, event.getEventTime().toEpochMilli(), key, value);
    }

    /** Returns a raw record with the given UTF-8 value. */
    public static RawRecord textRecord(String value, long offset) {
        return new RawRecord(TOPIC, 0, offset, -1L, null, value.getBytes(StandardCharsets.UTF_8));
    }
}
