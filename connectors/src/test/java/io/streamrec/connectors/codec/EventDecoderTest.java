package io.streamrec.connectors.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.streamrec.schemas.EventType;
import io.streamrec.schemas.RecommendedItem;
import io.streamrec.schemas.RejectedEvent;
import io.streamrec.schemas.StorefrontEvent;

class EventDecoderTest {

    private static final String TOPIC = "storefront-events";
    private static final int PARTITION = 3;
    private static final long OFFSET = 42L;
    private static final byte[] KEY = "u1".getBytes(StandardCharsets.UTF_8);

    private static final String VALID_JSON = "{\"eventId\":\"e1\",\"userId\":\"u1\",\"sessionId\":\"s1\",\"itemId\":\"i1\","
            + "\"eventType\":\"VIEW\",\"eventTime\":1700000000000,\"category\":\"c1\",\"price\":9.99,"
            + "\"quantity\":1,\"context\":{\"device\":\"ios\"}}";

    private final EventDecoder decoder = new EventDecoder();
    private final AvroCodec<StorefrontEvent> codec = AvroCodec.of(StorefrontEvent.class);

    private static RawRecord record(byte[] value) {
        return new RawRecord(TOPIC, PARTITION, OFFSET, TestEvents.NOW_MILLIS, KEY, value);
    }

    private static RawRecord json(String value) {
        return record(value.getBytes(StandardCharsets.UTF_8));
    }

    private DecodeResult decode(RawRecord record) {
        return decoder.decode(record, TestEvents.NOW_MILLIS);
    }

    private DecodeResult decodeAvro(StorefrontEvent event) {
        return decode(record(codec.encode(event)));
    }

    private static String jsonWith(String field, String valueJson) {
        String oldValue = "(\\{[^}]*\\}|\"[^\"]*\"|[^,}]+)";
        return VALID_JSON.replaceFirst("\"" + field + "\":" + oldValue, "\"" + field + "\":" + valueJson);
    }

    private static String jsonWithout(String field) {
        return VALID_JSON.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[^,}]+),", "");
    }

    private static void assertRejected(RejectReason expected, DecodeResult result) {
        assertFalse(result.isValid(), () -> "expected " + expected + " but was " + result);
        assertEquals(expected, result.reason(), result::toString);
    }

    // ---- valid records ----

    @Test
    void rejectionOfLargeRecordFitsOneProducerRequest() throws Exception {
        // Just under the 1 MiB value limit, so the record is decoded and rejected for its content.
        String padding = "x".repeat(1_048_000);
        DecodeResult result = decode(json("{\"eventType\":\"teleport\",\"pad\":\"" + padding + "\"}"));

        byte[] encoded = AvroCodec.of(RejectedEvent.class).encode(result.rejection());

        assertFalse(result.isValid());
        assertEquals(EventDecoder.MAX_RAW_BYTES, result.rejection().getRawValue().remaining());
        assertTrue(encoded.length < 1_000_000, "rejection of " + encoded.length + " bytes");
    }

    @Test
    void avroEventIsValid() {
        StorefrontEvent event = TestEvents.view().build();

        DecodeResult result = decodeAvro(event);

        assertTrue(result.isValid(), result::toString);
        assertEquals(event, result.event());
    }

    @Test
    void avroOtherTypeIsValid() {
        DecodeResult result = decodeAvro(TestEvents.view().setEventType(EventType.OTHER).build());

        assertTrue(result.isValid(), result::toString);
        assertEquals(EventType.OTHER, result.event().getEventType());
    }

    @Test
    void jsonEventIsValid() {
        DecodeResult result = decode(json(VALID_JSON));

        assertTrue(result.isValid(), result::toString);
        assertEquals(TestEvents.view().build(), result.event());
    }

    @Test
    void jsonIsoTimeMatchesMillis() {
        DecodeResult result = decode(json(jsonWith("eventTime", "\"2023-11-14T22:13:20Z\"")));

        assertTrue(result.isValid(), result::toString);
        assertEquals(TestEvents.EVENT_TIME, result.event().getEventTime());
    }

    @Test
    void jsonOffsetTimeAndDigitStringAreAccepted() {
        DecodeResult offset = decode(json(jsonWith("eventTime", "\"2023-11-15T00:13:20+02:00\"")));
        DecodeResult digits = decode(json(jsonWith("eventTime", "\"1700000000000\"")));

        assertEquals(TestEvents.EVENT_TIME, offset.event().getEventTime());
        assertEquals(TestEvents.EVENT_TIME, digits.event().getEventTime());
    }

    @Test
    void jsonAfterBomAndWhitespaceIsValid() {
        byte[] body = (" \r\n\t" + VALID_JSON).getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[body.length + 3];
        value[0] = (byte) 0xEF;
        value[1] = (byte) 0xBB;
        value[2] = (byte) 0xBF;
        System.arraycopy(body, 0, value, 3, body.length);

        DecodeResult result = decode(record(value));

        assertTrue(result.isValid(), result::toString);
    }

    @Test
    void jsonMinimalEventTakesDefaults() {
        String minimal = "{\"eventId\":7,\"userId\":123,\"itemId\":\"i1\",\"eventType\":\"buy\",\"eventTime\":1700000000000}";

        DecodeResult result = decode(json(minimal));

        assertTrue(result.isValid(), result::toString);
        StorefrontEvent event = result.event();
        assertEquals("7", event.getEventId());
        assertEquals("123", event.getUserId());
        assertNull(event.getSessionId());
        assertNull(event.getCategory());
        assertNull(event.getPrice());
        assertEquals(1, event.getQuantity());
        assertNull(event.getContext());
        assertEquals(EventType.PURCHASE, event.getEventType());
    }

    @Test
    void jsonContextKeepsNonStringValuesAsText() {
        DecodeResult result = decode(json(jsonWith("context", "{\"page\":3,\"ab\":{\"x\":true},\"gone\":null}")));

        assertTrue(result.isValid(), result::toString);
        assertEquals(Map.of("page", "3", "ab", "{\"x\":true}"), result.event().getContext());
    }

    @ParameterizedTest
    @CsvSource({
        "VIEW, VIEW", "view, VIEW", "pv, VIEW", "page_view, VIEW", "click, VIEW",
        "ADD_TO_CART, ADD_TO_CART", "add_to_cart, ADD_TO_CART", "cart, ADD_TO_CART", "addtocart, ADD_TO_CART",
        "Add-To-Cart, ADD_TO_CART",
        "remove_from_cart, REMOVE_FROM_CART", "removeFromCart, REMOVE_FROM_CART",
        "favorite, FAVORITE", "fav, FAVORITE", "favourite, FAVORITE",
        "purchase, PURCHASE", "buy, PURCHASE", "order, PURCHASE", "transaction, PURCHASE",
        "other, OTHER"
    })
    void jsonEventTypeAliases(String name, EventType expected) {
        DecodeResult result = decode(json(jsonWith("eventType", "\"" + name + "\"")));

        assertTrue(result.isValid(), result::toString);
        assertEquals(expected, result.event().getEventType());
    }

    @Test
    void pastEventTimeFromOldDatasetIsValid() {
        Instant year1995 = Instant.parse("1995-06-01T00:00:00Z");

        assertTrue(decodeAvro(TestEvents.view().setEventTime(year1995).build()).isValid());
        assertTrue(decodeAvro(TestEvents.view().setEventTime(ValidationLimits.MIN_EVENT_TIME).build()).isValid());
    }

    @Test
    void eventTimeWithinSkewIsValid() {
        Instant almostADayAhead = Instant.ofEpochMilli(TestEvents.NOW_MILLIS).plus(Duration.ofHours(23));

        assertTrue(decodeAvro(TestEvents.view().setEventTime(almostADayAhead).build()).isValid());
    }

    @Test
    void idAtLimitIsValid() {
        assertTrue(decodeAvro(TestEvents.view().setUserId("u".repeat(256)).build()).isValid());
    }

    // ---- rejections ----

    @Test
    void rejectionCarriesSourceAndRawBytes() {
        byte[] value = "not an event".getBytes(StandardCharsets.UTF_8);

        RejectedEvent rejected = decode(record(value)).rejection();

        assertEquals(RejectReason.UNDECODABLE.name(), rejected.getReason());
        assertTrue(rejected.getDetail().contains("0x6E"), rejected.getDetail());
        assertEquals(TOPIC, rejected.getSourceTopic());
        assertEquals(PARTITION, rejected.getSourcePartition());
        assertEquals(OFFSET, rejected.getSourceOffset());
        assertEquals(Instant.ofEpochMilli(TestEvents.NOW_MILLIS), rejected.getRejectedAt());
        assertEquals(ByteBuffer.wrap(KEY), rejected.getRawKey());
        assertEquals(ByteBuffer.wrap(value), rejected.getRawValue());
    }

    @Test
    void emptyAndNullValuesAreUndecodable() {
        assertRejected(RejectReason.UNDECODABLE, decode(record(new byte[0])));
        assertRejected(RejectReason.UNDECODABLE, decode(record(null)));
        assertNull(decode(record(null)).rejection().getRawValue());
    }

    @Test
    void malformedJsonIsUndecodable() {
        assertRejected(RejectReason.UNDECODABLE, decode(json("{\"eventId\":\"e1\",")));
        assertRejected(RejectReason.UNDECODABLE, decode(json("[1,2,3]")));
        assertRejected(RejectReason.UNDECODABLE, decode(json("   ")));
        assertRejected(RejectReason.UNDECODABLE, decode(json(VALID_JSON + VALID_JSON)));
        assertRejected(RejectReason.UNDECODABLE, decode(json("{".repeat(5000))));
    }

    @Test
    void nullRecordIsUndecodable() {
        DecodeResult result = decoder.decode(null, TestEvents.NOW_MILLIS);

        assertRejected(RejectReason.UNDECODABLE, result);
        assertEquals(-1, result.rejection().getSourcePartition());
    }

    @Test
    void truncatedAvroIsUndecodable() {
        byte[] full = codec.encode(TestEvents.view().build());

        assertRejected(RejectReason.UNDECODABLE, decode(record(Arrays.copyOf(full, full.length - 5))));
        assertRejected(RejectReason.UNDECODABLE, decode(record(Arrays.copyOf(full, 6))));
    }

    @Test
    void avroOfOtherSchemaIsUndecodable() {
        byte[] other = AvroCodec.of(RecommendedItem.class)
                .encode(RecommendedItem.newBuilder().setItemId("i1").setScore(1.0).setReason("popular").build());

        DecodeResult result = decode(record(other));

        assertRejected(RejectReason.UNDECODABLE, result);
        assertTrue(result.rejection().getDetail().contains("unknown Avro writer schema"), result::toString);
    }

    @Test
    void missingRequiredJsonFields() {
        for (String field : new String[] {"eventId", "userId", "itemId", "eventType", "eventTime"}) {
            DecodeResult result = decode(json(jsonWithout(field)));

            assertRejected(RejectReason.MISSING_FIELD, result);
            assertTrue(result.rejection().getDetail().contains(field), result::toString);
        }
    }

    @Test
    void nullRequiredJsonFieldIsMissing() {
        assertRejected(RejectReason.MISSING_FIELD, decode(json(jsonWith("userId", "null"))));
    }

    @Test
    void negativePriceIsInvalid() {
        DecodeResult json = decode(json(jsonWith("price", "-1.5")));
        DecodeResult avro = decodeAvro(TestEvents.view().setPrice(-1.5).build());

        assertRejected(RejectReason.INVALID_FIELD, json);
        assertRejected(RejectReason.INVALID_FIELD, avro);
        assertTrue(json.rejection().getDetail().contains("price is -1.5"), json::toString);
    }

    @Test
    void nonFinitePriceIsInvalid() {
        assertRejected(RejectReason.INVALID_FIELD, decodeAvro(TestEvents.view().setPrice(Double.NaN).build()));
        assertRejected(RejectReason.INVALID_FIELD,
                decodeAvro(TestEvents.view().setPrice(Double.POSITIVE_INFINITY).build()));
    }

    @Test
    void quantityBelowOneIsInvalid() {
        DecodeResult result = decode(json(jsonWith("quantity", "0")));

        assertRejected(RejectReason.INVALID_FIELD, result);
        assertTrue(result.rejection().getDetail().contains("quantity is 0"), result::toString);
        assertRejected(RejectReason.INVALID_FIELD, decodeAvro(TestEvents.view().setQuantity(-2).build()));
    }

    @Test
    void blankIdIsInvalid() {
        assertRejected(RejectReason.INVALID_FIELD, decode(json(jsonWith("userId", "\"  \""))));
        assertRejected(RejectReason.INVALID_FIELD, decodeAvro(TestEvents.view().setItemId("").build()));
        assertRejected(RejectReason.INVALID_FIELD, decodeAvro(TestEvents.view().setSessionId(" ").build()));
    }

    @Test
    void wrongJsonTypesAreInvalid() {
        assertRejected(RejectReason.INVALID_FIELD, decode(json(jsonWith("userId", "{\"id\":1}"))));
        assertRejected(RejectReason.INVALID_FIELD, decode(json(jsonWith("eventTime", "\"yesterday\""))));
        assertRejected(RejectReason.INVALID_FIELD, decode(json(jsonWith("eventTime", "1.7E12"))));
        assertRejected(RejectReason.INVALID_FIELD, decode(json(jsonWith("price", "\"cheap\""))));
        assertRejected(RejectReason.INVALID_FIELD, decode(json(jsonWith("quantity", "1.5"))));
        assertRejected(RejectReason.INVALID_FIELD, decode(json(jsonWith("eventType", "3"))));
        assertRejected(RejectReason.INVALID_FIELD, decode(json(jsonWith("context", "[\"ios\"]"))));
    }

    @Test
    void unknownJsonEventTypeIsRejected() {
        DecodeResult result = decode(json(jsonWith("eventType", "\"teleport\"")));

        assertRejected(RejectReason.UNKNOWN_EVENT_TYPE, result);
        assertTrue(result.rejection().getDetail().contains("teleport"), result::toString);
    }

    @Test
    void eventTimeBefore1990IsOutOfRange() {
        Instant lastDayOf1989 = Instant.parse("1989-12-31T23:59:59Z");

        assertRejected(RejectReason.TIMESTAMP_OUT_OF_RANGE,
                decodeAvro(TestEvents.view().setEventTime(lastDayOf1989).build()));
        assertRejected(RejectReason.TIMESTAMP_OUT_OF_RANGE, decode(json(jsonWith("eventTime", "0"))));
    }

    @Test
    void epochSecondsGetAHint() {
        DecodeResult result = decode(json(jsonWith("eventTime", "1700000000")));

        assertRejected(RejectReason.TIMESTAMP_OUT_OF_RANGE, result);
        assertTrue(result.rejection().getDetail().contains("looks like epoch seconds"), result::toString);
        assertFalse(decode(json(jsonWith("eventTime", "0"))).rejection().getDetail().contains("seconds"));
    }

    @Test
    void eventTimeBeyondSkewIsOutOfRange() {
        Instant twoDaysAhead = Instant.ofEpochMilli(TestEvents.NOW_MILLIS).plus(Duration.ofDays(2));
        StorefrontEvent event = TestEvents.view().setEventTime(twoDaysAhead).build();

        assertRejected(RejectReason.TIMESTAMP_OUT_OF_RANGE, decodeAvro(event));

        EventDecoder lenient = new EventDecoder(ValidationLimits.defaults().withMaxFutureSkew(Duration.ofDays(3)));
        assertTrue(lenient.decode(record(codec.encode(event)), TestEvents.NOW_MILLIS).isValid());
    }

    @Test
    void longIdIsOversized() {
        DecodeResult result = decodeAvro(TestEvents.view().setUserId("u".repeat(257)).build());

        assertRejected(RejectReason.OVERSIZED_ID, result);
        assertTrue(result.rejection().getDetail().contains("userId has 257 characters"), result::toString);
        assertTrue(result.rejection().getDetail().contains("(257 characters)"), "quoted value is cut");
        assertRejected(RejectReason.OVERSIZED_ID, decode(json(jsonWith("itemId", "\"" + "i".repeat(300) + "\""))));
    }

    @Test
    void idLimitIsConfigurable() {
        EventDecoder strict = new EventDecoder(ValidationLimits.defaults().withMaxIdLength(4));

        DecodeResult result = strict.decode(record(codec.encode(TestEvents.view().setEventId("e1234").build())),
                TestEvents.NOW_MILLIS);

        assertRejected(RejectReason.OVERSIZED_ID, result);
    }

    @Test
    void valueOverLimitIsOversizedAndTruncated() {
        int mebibyte = 1024 * 1024;
        String padding = "x".repeat(mebibyte);
        byte[] value = jsonWith("context", "{\"padding\":\"" + padding + "\"}").getBytes(StandardCharsets.UTF_8);

        DecodeResult result = decode(record(value));

        assertRejected(RejectReason.OVERSIZED_RECORD, result);
        ByteBuffer raw = result.rejection().getRawValue();
        assertEquals(EventDecoder.MAX_RAW_BYTES, raw.remaining());
        byte[] kept = new byte[raw.remaining()];
        raw.get(kept);
        assertArrayEquals(Arrays.copyOf(value, EventDecoder.MAX_RAW_BYTES), kept);
    }

    @Test
    void recordSizeLimitIsConfigurable() {
        EventDecoder small = new EventDecoder(ValidationLimits.defaults().withMaxRecordBytes(50));

        assertRejected(RejectReason.OVERSIZED_RECORD, small.decode(json(VALID_JSON), TestEvents.NOW_MILLIS));
    }

    @Test
    void decoderSurvivesJavaSerialization() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new EventDecoder(ValidationLimits.defaults().withMaxIdLength(10)));
        }
        EventDecoder copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (EventDecoder) in.readObject();
        }

        assertEquals(10, copy.limits().maxIdLength());
        assertTrue(copy.decode(record(codec.encode(TestEvents.view().build())), TestEvents.NOW_MILLIS).isValid());
    }
}
