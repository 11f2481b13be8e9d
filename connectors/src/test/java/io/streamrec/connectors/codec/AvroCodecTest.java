package io.streamrec.connectors.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.junit.jupiter.api.Test;

import io.streamrec.schemas.EventType;
import io.streamrec.schemas.RecommendedItem;
import io.streamrec.schemas.StorefrontEvent;

class AvroCodecTest {

    private final AvroCodec<StorefrontEvent> codec = AvroCodec.of(StorefrontEvent.class);

    @Test
    void roundTripKeepsEveryField() throws Exception {
        StorefrontEvent event = TestEvents.view().build();

        byte[] bytes = codec.encode(event);

        assertTrue(AvroCodec.isSingleObject(bytes));
        assertEquals(AvroCodec.fingerprint(StorefrontEvent.getClassSchema()), AvroCodec.writerFingerprint(bytes));
        assertEquals(event, codec.decode(bytes));
    }

    @Test
    void encodingMatchesGeneratedEncoder() throws Exception {
        StorefrontEvent event = TestEvents.view().build();

        ByteBuffer generated = event.toByteBuffer();
        byte[] expected = new byte[generated.remaining()];
        generated.get(expected);

        assertArrayEquals(expected, codec.encode(event));
    }

    @Test
    void historyHoldsVersionOneWithoutContext() {
        List<Schema> writers = codec.writerSchemas();

        assertEquals(2, writers.size());
        assertNull(writers.get(0).getField("context"));
        assertSame(StorefrontEvent.getClassSchema(), writers.get(1));
        assertNotEquals(AvroCodec.fingerprint(writers.get(0)), AvroCodec.fingerprint(writers.get(1)));
    }

    @Test
    void currentClassReadsVersionOneRecords() throws Exception {
        Schema v1 = codec.writerSchemas().get(0);
        GenericRecord old = new GenericData.Record(v1);
        old.put("eventId", "e1");
        old.put("userId", "u1");
        old.put("sessionId", null);
        old.put("itemId", "i1");
        old.put("eventType", new GenericData.EnumSymbol(v1.getField("eventType").schema(), "PURCHASE"));
        old.put("eventTime", TestEvents.EVENT_TIME.toEpochMilli());
        old.put("category", "c1");
        old.put("price", 5.0);
        old.put("quantity", 3);
        ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);

        StorefrontEvent read = codec.decode(bytes);

        assertEquals(AvroCodec.fingerprint(v1), AvroCodec.writerFingerprint(bytes));
        assertEquals("e1", read.getEventId());
        assertEquals("u1", read.getUserId());
        assertNull(read.getSessionId());
        assertEquals("i1", read.getItemId());
        assertEquals(EventType.PURCHASE, read.getEventType());
        assertEquals(TestEvents.EVENT_TIME, read.getEventTime());
        assertEquals("c1", read.getCategory());
        assertEquals(5.0, read.getPrice());
        assertEquals(3, read.getQuantity());
        assertNull(read.getContext(), "field absent from the writer schema takes its default");
    }

    @Test
    void newerReaderReadsCurrentRecords() throws Exception {
        // A hand-written next version: the current schema plus one optional field.
        Schema current = StorefrontEvent.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : current.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        Schema optionalString = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
        fields.add(new Schema.Field("referrer", optionalString, "Page the user came from.", Schema.Field.NULL_DEFAULT_VALUE));
        Schema next = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);

        BinaryMessageDecoder<GenericRecord> nextReader = new BinaryMessageDecoder<>(GenericData.get(), next);
        nextReader.addSchema(current);
        GenericRecord read = nextReader.decode(codec.encode(TestEvents.view().build()));

        assertEquals("e1", read.get("eventId").toString());
        assertEquals(TestEvents.EVENT_TIME.toEpochMilli(), read.get("eventTime"));
        assertNull(read.get("referrer"));
    }

    @Test
    void unknownWriterSchemaFails() {
        byte[] bytes = AvroCodec.of(RecommendedItem.class)
                .encode(RecommendedItem.newBuilder().setItemId("i1").setScore(1.0).setReason("popular").build());

        assertThrows(MissingSchemaException.class, () -> codec.decode(bytes));
    }

    @Test
    void forSchemaNameFindsGeneratedClass() {
        assertSame(codec, AvroCodec.forSchemaName("StorefrontEvent"));
        assertThrows(IllegalArgumentException.class, () -> AvroCodec.forSchemaName("NoSuchSchema"));
    }
}
