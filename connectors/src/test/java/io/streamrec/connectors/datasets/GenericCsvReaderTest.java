package io.streamrec.connectors.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.schemas.EventType;
import io.streamrec.schemas.StorefrontEvent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

class GenericCsvReaderTest {
    private static final String TAOBAO_TAIL = "taobao-userbehavior/UserBehavior_tail10k_usersorted.csv";
    private static final String RETAILROCKET = "retailrocket/events_sample_1500visitors.csv";
    private static final String TIANCHI = "tianchi-mobile-2014/tianchi_mobile_recommend_train_user_sample2k.csv";
    private static final String HEADER = "user;item;ts;kind;price;qty;session;cat";

    @TempDir
    Path dir;

    @Test
    void columnsByIndexEqualTaobaoReader() throws IOException {
        Path path = DatasetSamples.sample(TAOBAO_TAIL);
        Map<String, String> options = Map.of(
                "event-id-prefix", "taobao",
                "csv.header", "false",
                "csv.user-column", "0",
                "csv.item-column", "1",
                "csv.category-column", "2",
                "csv.type-column", "3",
                "csv.time-column", "4",
                "csv.time-format", "epoch-seconds",
                "csv.type-map", "pv=VIEW,cart=ADD_TO_CART,fav=FAVORITE,buy=PURCHASE");

        List<ParsedRow> generic = DatasetSamples.readAll(DatasetFormat.CSV, path, options);
        List<ParsedRow> specific = DatasetSamples.readAll(DatasetFormat.TAOBAO, path);

        assertEquals(specific, generic);
    }

    @Test
    void columnsByHeaderNameMatchRetailRocketReader() throws IOException {
        Path path = DatasetSamples.sample(RETAILROCKET);
        Map<String, String> options = Map.of(
                "csv.user-column", "visitorid",
                "csv.item-column", "itemid",
                "csv.time-column", "timestamp",
                "csv.time-format", "epoch-millis",
                "csv.type-column", "event",
                "csv.type-map", "view=VIEW,addtocart=ADD_TO_CART,transaction=PURCHASE");

        List<ParsedRow> generic = DatasetSamples.readAll(DatasetFormat.CSV, path, options);
        List<ParsedRow> specific = DatasetSamples.readAll(DatasetFormat.RETAILROCKET, path);

        assertEquals(specific.size(), generic.size());
        for (int i = 0; i < specific.size(); i++) {
            assertSameInteraction(specific.get(i).event(), generic.get(i).event());
        }
        assertEquals("csv:2", generic.get(0).event().getEventId());
    }

    @Test
    void patternWithZoneMatchesTianchiReader() throws IOException {
        Path path = DatasetSamples.sample(TIANCHI);
        Map<String, String> options = Map.of(
                "csv.user-column", "user_id",
                "csv.item-column", "item_id",
                "csv.time-column", "time",
                "csv.time-format", "yyyy-MM-dd HH",
                "csv.time-zone", "Asia/Shanghai",
                "csv.type-column", "behavior_type",
                "csv.category-column", "item_category",
                "csv.type-map", "1=VIEW,2=FAVORITE,3=ADD_TO_CART,4=PURCHASE");

        List<ParsedRow> generic = DatasetSamples.readAll(DatasetFormat.CSV, path, options);
        List<ParsedRow> specific = DatasetSamples.readAll(DatasetFormat.TIANCHI, path);

        assertEquals(specific.size(), generic.size());
        for (int i = 0; i < specific.size(); i++) {
            assertSameInteraction(specific.get(i).event(), generic.get(i).event());
            assertEquals(specific.get(i).event().getCategory(), generic.get(i).event().getCategory());
        }
    }

    @Test
    void allColumnsWithEpochMillis() throws IOException {
        Path path = DatasetSamples.write(dir, "shop.csv",
                HEADER,
                "u1;\"i;1\";1600000000123;Purchase;19.5;2;s1;shoes",
                "u1;i2;1600000000124;view;;;;");

        Map<String, String> options = shopOptions(Map.of(
                "csv.time-format", "epoch-millis",
                "csv.price-column", "price",
                "csv.quantity-column", "qty",
                "csv.session-column", "session",
                "csv.category-column", "cat"));

        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.CSV, path, options);

        StorefrontEvent buy = rows.get(0).event();
        assertEquals("u1", buy.getUserId());
        assertEquals("i;1", buy.getItemId(), "the quoted delimiter belongs to the value");
        assertEquals(Instant.ofEpochMilli(1600000000123L), buy.getEventTime());
        assertEquals(EventType.PURCHASE, buy.getEventType(), "type values compare case-insensitively");
        assertEquals(19.5, buy.getPrice());
        assertEquals(2, buy.getQuantity());
        assertEquals("s1", buy.getSessionId());
        assertEquals("shoes", buy.getCategory());
        StorefrontEvent view = rows.get(1).event();
        assertNull(view.getPrice());
        assertEquals(1, view.getQuantity());
        assertNull(view.getSessionId());
        assertNull(view.getCategory());
    }

    @Test
    void autoTimeTellsSecondsFromMillis() throws IOException {
        Path path = DatasetSamples.write(dir, "shop.csv", HEADER, "u;i;1600000000;view", "u;i;1600000000123;view");

        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.CSV, path,
                shopOptions(Map.of("csv.time-format", "auto")));

        assertEquals(Instant.ofEpochSecond(1600000000L), rows.get(0).event().getEventTime());
        assertEquals(Instant.ofEpochMilli(1600000000123L), rows.get(1).event().getEventTime());
    }

    @Test
    void patternOffsetOverridesZoneOption() throws IOException {
        Path path = DatasetSamples.write(dir, "shop.csv", HEADER,
                "u;i;2020-01-01 08:00+08:00;view", "u;i;2020-01-01 08:00;view", "u;i;2020-01-01;view");

        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.CSV, path, shopOptions(Map.of(
                "csv.time-format", "yyyy-MM-dd[ HH:mm[XXX]]", "csv.time-zone", "Asia/Shanghai")));

        assertEquals(Instant.parse("2020-01-01T00:00:00Z"), rows.get(0).event().getEventTime(), "offset in the text");
        assertEquals(Instant.parse("2020-01-01T00:00:00Z"), rows.get(1).event().getEventTime(), "zone option");
        assertEquals(Instant.parse("2019-12-31T16:00:00Z"), rows.get(2).event().getEventTime(), "date at midnight");
    }

    @Test
    void isoTimeWithZoneOption() throws IOException {
        Path path = DatasetSamples.write(dir, "shop.csv", HEADER,
                "u;i;2014-04-07T10:51:09.277Z;view", "u;i;2014-04-07T10:51:09;view");

        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.CSV, path, shopOptions(Map.of(
                "csv.time-format", "iso-8601", "csv.time-zone", "+02:00")));

        assertEquals(Instant.parse("2014-04-07T10:51:09.277Z"), rows.get(0).event().getEventTime());
        assertEquals(Instant.parse("2014-04-07T08:51:09Z"), rows.get(1).event().getEventTime());
    }

    @Test
    void typeValuesWithoutMapAreTypeNames() throws IOException {
        Path path = DatasetSamples.write(dir, "shop.csv", HEADER,
                "u;i;1600000000;add_to_cart", "u;i;1600000000;pv");

        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.CSV, path, shopOptions(Map.of()));

        assertEquals(EventType.ADD_TO_CART, rows.get(0).event().getEventType());
        assertEquals(RejectReason.UNKNOWN_EVENT_TYPE, rows.get(1).reason());
    }

    @Test
    void unmappedTypeRejectedOrDefaulted() throws IOException {
        Path path = DatasetSamples.write(dir, "shop.csv", HEADER, "u;i;1600000000;pv", "u;i;1600000000;share");
        Map<String, String> map = Map.of("csv.type-map", "pv=VIEW");

        List<ParsedRow> rejecting = DatasetSamples.readAll(DatasetFormat.CSV, path, shopOptions(map));
        Map<String, String> defaulting = new HashMap<>(map);
        defaulting.put("csv.unmapped-type", "other");
        List<ParsedRow> defaulted = DatasetSamples.readAll(DatasetFormat.CSV, path, shopOptions(defaulting));

        assertEquals(EventType.VIEW, rejecting.get(0).event().getEventType());
        assertEquals(RejectReason.UNKNOWN_EVENT_TYPE, rejecting.get(1).reason());
        assertTrue(rejecting.get(1).detail().contains("'share'"), rejecting.get(1).detail());
        assertEquals(EventType.OTHER, defaulted.get(1).event().getEventType());
    }

    @Test
    void withoutTypeColumnDefaultTypeApplies() throws IOException {
        Path path = DatasetSamples.write(dir, "plain.tsv", "5\t6\t1600000000");
        Map<String, String> options = Map.of(
                "csv.header", "no", "csv.delimiter", "tab",
                "csv.user-column", "0", "csv.item-column", "1", "csv.time-column", "2",
                "csv.default-type", "purchase");

        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.CSV, path, options);

        assertEquals(EventType.PURCHASE, rows.get(0).event().getEventType());
        assertEquals("5", rows.get(0).event().getUserId());
    }

    @Test
    void badRowsAreRejected() throws IOException {
        Path path = DatasetSamples.write(dir, "shop.csv", HEADER,
                "u;i;1600000000;view;-1;1",
                "u;i;1600000000;view;1;0",
                "u;i",
                "u;i;sometime;view;1;1");

        Map<String, String> options = shopOptions(Map.of("csv.price-column", "price", "csv.quantity-column", "qty"));

        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.CSV, path, options);

        assertEquals(RejectReason.INVALID_FIELD, rows.get(0).reason(), "negative price");
        assertEquals(RejectReason.INVALID_FIELD, rows.get(1).reason(), "quantity 0");
        assertEquals(RejectReason.UNDECODABLE, rows.get(2).reason(), "too few columns");
        assertEquals(RejectReason.INVALID_FIELD, rows.get(3).reason(), "not a time");
    }

    static Stream<Arguments> invalidOptions() {
        return Stream.of(
                Arguments.of(Map.of("csv.user-column", ""), "csv.user-column", "Missing"),
                Arguments.of(Map.of("csv.item-column", "nope"), "csv.item-column", "'nope'"),
                Arguments.of(Map.of("csv.header", "false"), "csv.user-column", "'user'"),
                Arguments.of(Map.of("csv.header", "maybe"), "csv.header", "'maybe'"),
                Arguments.of(Map.of("csv.time-format", "yyyy-MM-dd'T"), "csv.time-format", "'yyyy-MM-dd'T'"),
                Arguments.of(Map.of("csv.time-zone", "Mars/Base"), "csv.time-zone", "'Mars/Base'"),
                Arguments.of(Map.of("csv.type-map", "pv:VIEW"), "csv.type-map", "'pv:VIEW'"),
                Arguments.of(Map.of("csv.type-map", "pv=LOOK"), "csv.type-map", "'LOOK' is not an event type"),
                Arguments.of(Map.of("csv.type-map", "pv=VIEW,PV=PURCHASE"), "csv.type-map", "mapped twice"),
                Arguments.of(Map.of("csv.unmapped-type", "maybe"), "csv.unmapped-type", "'maybe'"),
                Arguments.of(Map.of("csv.default-type", "CLICK"), "csv.default-type", "'CLICK'"),
                Arguments.of(Map.of("csv.delimiter", "ab"), "csv.delimiter", "'ab'"),
                Arguments.of(Map.of("csv.usr-column", "user"), "csv.usr-column", "Unknown option"),
                Arguments.of(Map.of("event-id-prefix", "my shop"), "event-id-prefix", "'my shop'"));
    }

    @ParameterizedTest
    @MethodSource("invalidOptions")
    void invalidOptionIsNamedInMessage(Map<String, String> override, String key, String expectedText) throws IOException {
        Path path = DatasetSamples.write(dir, "shop.csv", HEADER, "u;i;1600000000;view");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> DatasetFormat.CSV.open(path, shopOptions(override)).close());

        assertTrue(error.getMessage().contains(key), error.getMessage());
        assertTrue(error.getMessage().contains(expectedText), error.getMessage());
    }

    @Test
    void unknownHeaderNameListsColumns() throws IOException {
        Path path = DatasetSamples.write(dir, "shop.csv", HEADER, "u;i;1600000000;view");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> DatasetFormat.CSV.open(path, shopOptions(Map.of("csv.item-column", "sku"))).close());

        assertTrue(error.getMessage().contains("[user, item, ts, kind, price, qty, session, cat]"), error.getMessage());
    }

    @Test
    void headerNameInEmptyFileIsInvalid() throws IOException {
        Path path = Files.createFile(dir.resolve("empty.csv"));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> DatasetFormat.CSV.open(path, shopOptions(Map.of())).close());

        assertTrue(error.getMessage().contains("csv.user-column"), error.getMessage());
        assertTrue(error.getMessage().contains("no header line"), error.getMessage());
    }

    @Test
    void csvOptionsRejectedForOtherFormats() throws IOException {
        Path path = DatasetSamples.write(dir, "taobao.csv", "1,2,3,pv,1511658000");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> DatasetFormat.TAOBAO.open(path, Map.of("csv.delimiter", ";")).close());

        assertTrue(error.getMessage().contains("csv.delimiter"), error.getMessage());
        assertTrue(error.getMessage().contains("'taobao'"), error.getMessage());
    }

    /** Options for the user, item, time and type columns of {@link #HEADER}, with {@code override} on top. */
    private static Map<String, String> shopOptions(Map<String, String> override) {
        Map<String, String> options = new HashMap<>();
        options.put("csv.delimiter", ";");
        options.put("csv.user-column", "user");
        options.put("csv.item-column", "item");
        options.put("csv.time-column", "ts");
        options.put("csv.type-column", "kind");
        options.putAll(override);
        options.values().removeIf(String::isEmpty);
        return options;
    }

    private static void assertSameInteraction(StorefrontEvent expected, StorefrontEvent actual) {
        assertEquals(expected.getUserId(), actual.getUserId(), expected.getEventId());
        assertEquals(expected.getItemId(), actual.getItemId(), expected.getEventId());
        assertEquals(expected.getEventType(), actual.getEventType(), expected.getEventId());
        assertEquals(expected.getEventTime(), actual.getEventTime(), expected.getEventId());
    }
}
