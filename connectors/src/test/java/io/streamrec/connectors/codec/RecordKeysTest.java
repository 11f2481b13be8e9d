package io.streamrec.connectors.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.streamrec.schemas.ItemUpdate;
import io.streamrec.schemas.Recommendation;

class RecordKeysTest {

    private static Recommendation recommendation() {
        return Recommendation.newBuilder()
                .setUserId("u7")
                .setItems(List.of())
                .setModel("cooccurrence")
                .setVariant("B")
                .setTriggerEventId("e1")
                .setTriggerEventTime(TestEvents.EVENT_TIME)
                .setEmittedAt(Instant.ofEpochMilli(TestEvents.NOW_MILLIS))
                .build();
    }

    @SuppressWarnings("unchecked")
    private static <T> KeyExtractor<T> roundTrip(KeyExtractor<T> extractor) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(extractor);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (KeyExtractor<T>) in.readObject();
        }
    }

    @Test
    void extractorsReturnTheKeyFields() {
        assertEquals("u1", RecordKeys.eventUserId().keyOf(TestEvents.view().build()));
        assertEquals("u7", RecordKeys.recommendationUserId().keyOf(recommendation()));
        ItemUpdate update = ItemUpdate.newBuilder().setItemId("i9").setUpdatedAt(TestEvents.EVENT_TIME).build();
        assertEquals("i9", RecordKeys.itemId().keyOf(update));
        assertNull(RecordKeys.none().keyOf(update));
    }

    @Test
    void modelAndVariantJoinsWithSlash() {
        KeyExtractor<Recommendation> key = RecordKeys.modelAndVariant(Recommendation::getModel, Recommendation::getVariant);

        assertEquals("cooccurrence/B", key.keyOf(recommendation()));
        assertEquals("popularity/default", RecordKeys.modelAndVariant("popularity", "default"));
    }

    @Test
    void extractorsSurviveJavaSerialization() throws Exception {
        KeyExtractor<Recommendation> key = roundTrip(
                RecordKeys.modelAndVariant(Recommendation::getModel, Recommendation::getVariant));

        assertEquals("cooccurrence/B", key.keyOf(recommendation()));
        assertEquals("u7", roundTrip(RecordKeys.recommendationUserId()).keyOf(recommendation()));
    }
}
