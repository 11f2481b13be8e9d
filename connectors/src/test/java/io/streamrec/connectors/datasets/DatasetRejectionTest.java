package io.streamrec.connectors.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.schemas.EventType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Malformed lines come out as rejections with the right reason, and reading goes on after them. */
class DatasetRejectionTest {
    private static final String TAOBAO_GOOD = "1,2,3,pv,1511658000";
    private static final String LONG_ID = "u".repeat(Fields.MAX_ID_LENGTH + 1);

    @TempDir
    Path dir;

    @Test
    void taobaoBadLinesAreRejectedAndReadingContinues() throws IOException {
        Path path = DatasetSamples.write(dir, "taobao.csv",
                TAOBAO_GOOD,
                "1,2,3,pv",                       // 2: four columns
                "1,2,3,pv,16:00",                 // 3: not a number
                "1,2,3,click,1511658000",         // 4: unknown behaviour
                "1,2,3,pv,99999999999999",        // 5: milliseconds read as seconds
                "1,2,3,pv,1000",                  // 6: 1970
                ",2,3,pv,1511658000",             // 7: empty user
                LONG_ID + ",2,3,pv,1511658000",   // 8: oversized user id
                "\"1,2,3,pv,1511658000",          // 9: unclosed quote
                "",                               // 10: blank, skipped
                TAOBAO_GOOD);                     // 11

        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.TAOBAO, path);

        assertEquals(10, rows.size(), "the blank line yields no row");
        assertAccepted(rows.get(0), 1);
        assertRejected(rows.get(1), 2, RejectReason.UNDECODABLE);
        assertRejected(rows.get(2), 3, RejectReason.INVALID_FIELD);
        assertRejected(rows.get(3), 4, RejectReason.UNKNOWN_EVENT_TYPE);
        assertRejected(rows.get(4), 5, RejectReason.TIMESTAMP_OUT_OF_RANGE);
        assertRejected(rows.get(5), 6, RejectReason.TIMESTAMP_OUT_OF_RANGE);
        assertRejected(rows.get(6), 7, RejectReason.MISSING_FIELD);
        assertRejected(rows.get(7), 8, RejectReason.OVERSIZED_ID);
        assertRejected(rows.get(8), 9, RejectReason.UNDECODABLE);
        assertAccepted(rows.get(9), 11);
        assertEquals("taobao:11", rows.get(9).event().getEventId());
    }

    @Test
    void rejectionKeepsRawLineAndDetail() throws IOException {
        Path path = DatasetSamples.write(dir, "taobao.csv", "1,2,3,click,1511658000");

        ParsedRow row = DatasetSamples.readAll(DatasetFormat.TAOBAO, path).get(0);

        assertEquals("1,2,3,click,1511658000", row.rawLine());
        assertNull(row.event());
        assertTrue(row.detail().contains("'click'"), row.detail());
        assertTrue(row.detail().contains("pv, cart, fav, buy"), row.detail());
    }

    @Test
    void readerCountsRowsPerReason() throws IOException {
        Path path = DatasetSamples.write(dir, "taobao.csv",
                TAOBAO_GOOD, "1,2,3,click,1511658000", "1,2,3,zap,1511658000", "1,2", TAOBAO_GOOD, TAOBAO_GOOD);
        Map<RejectReason, Long> expected = new EnumMap<>(RejectReason.class);
        expected.put(RejectReason.UNKNOWN_EVENT_TYPE, 2L);
        expected.put(RejectReason.UNDECODABLE, 1L);

        try (DatasetReader reader = DatasetFormat.TAOBAO.open(path)) {
            reader.forEachRemaining(row -> { });

            assertEquals(3, reader.acceptedCount());
            assertEquals(expected, reader.rejectedCounts());
        }
    }

    @Test
    void retailRocketSecondsAreOutOfRange() throws IOException {
        Path path = DatasetSamples.write(dir, "events.csv",
                "timestamp,visitorid,event,itemid,transactionid",
                "1437927001,79,view,450209,",
                "1437927001434,79,click,450209,",
                "1437927001434,79,view,450209");

        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.RETAILROCKET, path);

        assertRejected(rows.get(0), 2, RejectReason.TIMESTAMP_OUT_OF_RANGE);
        assertRejected(rows.get(1), 3, RejectReason.UNKNOWN_EVENT_TYPE);
        assertRejected(rows.get(2), 4, RejectReason.UNDECODABLE);
    }

    @Test
    void ottoBadElementRejectsOnlyThatElement() throws IOException {
        Path path = DatasetSamples.write(dir, "otto.jsonl",
                "{\"session\":5,\"events\":[{\"aid\":1,\"ts\":1659304800025,\"type\":\"clicks\"},"
                        + "{\"aid\":2,\"ts\":1659304800026,\"type\":\"views\"},"
                        + "{\"aid\":3,\"ts\":1659304800027,\"type\":\"orders\"}]}",
                "{\"session\":6,\"events\":[",
                "{\"session\":7}",
                "[1,2]",
                "{\"session\":8,\"events\":[{\"ts\":1659304800025,\"type\":\"carts\"},"
                        + "{\"aid\":4,\"ts\":1659304800,\"type\":\"carts\"},"
                        + "{\"aid\":{\"x\":1},\"ts\":1659304800025,\"type\":\"carts\"}, 7]}",
                "{\"session\":9,\"events\":[]} trailing",
                "{\"session\":10,\"events\":[]}");

        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.OTTO, path);

        assertEquals(12, rows.size());
        assertAccepted(rows.get(0), 1);
        assertEquals("otto:1:0", rows.get(0).event().getEventId());
        assertRejected(rows.get(1), 1, RejectReason.UNKNOWN_EVENT_TYPE);
        assertEquals(1, rows.get(1).index());
        assertTrue(rows.get(1).rawLine().contains("\"views\""), rows.get(1).rawLine());
        assertAccepted(rows.get(2), 1);
        assertEquals("otto:1:2", rows.get(2).event().getEventId());
        assertEquals(EventType.PURCHASE, rows.get(2).event().getEventType());
        assertRejected(rows.get(3), 2, RejectReason.UNDECODABLE);
        assertRejected(rows.get(4), 3, RejectReason.MISSING_FIELD);
        assertRejected(rows.get(5), 4, RejectReason.UNDECODABLE);
        assertRejected(rows.get(6), 5, RejectReason.MISSING_FIELD);
        assertRejected(rows.get(7), 5, RejectReason.TIMESTAMP_OUT_OF_RANGE);
        assertRejected(rows.get(8), 5, RejectReason.INVALID_FIELD);
        assertRejected(rows.get(9), 5, RejectReason.UNDECODABLE);
        assertEquals(3, rows.get(9).index());
        assertRejected(rows.get(10), 6, RejectReason.UNDECODABLE);
        assertRejected(rows.get(11), 7, RejectReason.MISSING_FIELD);
    }

    @Test
    void digineticaBadDateAndTimeframe() throws IOException {
        Path path = DatasetSamples.write(dir, "views.csv",
                "session_id;user_id;item_id;timeframe;eventdate",
                "1;NA;81766;526309;2016-13-09",
                "1;NA;81766;-5;2016-05-09",
                "1;NA;81766;526309",
                "1;NA;;526309;2016-05-09",
                "1;NA;81766;526309;2016-05-09");

        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.DIGINETICA, path);

        assertRejected(rows.get(0), 2, RejectReason.INVALID_FIELD);
        assertRejected(rows.get(1), 3, RejectReason.INVALID_FIELD);
        assertRejected(rows.get(2), 4, RejectReason.UNDECODABLE);
        assertRejected(rows.get(3), 5, RejectReason.MISSING_FIELD);
        assertAccepted(rows.get(4), 6);
    }

    @Test
    void tianchiUnknownBehaviourAndBadHour() throws IOException {
        Path path = DatasetSamples.write(dir, "tianchi.csv",
                "user_id,item_id,behavior_type,user_geohash,item_category,time",
                "98047837,232431562,5,,4245,2014-12-06 02",
                "98047837,232431562,1,,4245,2014-12-06 25",
                "98047837,232431562,1,,4245,1989-12-06 02",
                "98047837,232431562,1,96nn52n,4245,2014-12-06 02");

        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.TIANCHI, path);

        assertRejected(rows.get(0), 2, RejectReason.UNKNOWN_EVENT_TYPE);
        assertRejected(rows.get(1), 3, RejectReason.INVALID_FIELD);
        assertRejected(rows.get(2), 4, RejectReason.TIMESTAMP_OUT_OF_RANGE);
        assertAccepted(rows.get(3), 5);
        assertEquals(Map.of(TianchiReader.GEOHASH, "96nn52n"), rows.get(3).event().getContext());
    }

    @Test
    void movieLensRatingOutOfScale() throws IOException {
        Path path = DatasetSamples.write(dir, "u.data", "196\t242\t7\t881250949", "196\t242\tfive\t881250949");

        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.MOVIELENS, path);

        assertRejected(rows.get(0), 1, RejectReason.INVALID_FIELD);
        assertRejected(rows.get(1), 2, RejectReason.INVALID_FIELD);
    }

    @Test
    void yoochooseWrongColumnCount() throws IOException {
        Path path = DatasetSamples.write(dir, "clicks.txt",
                "SessionId\tItemId\tTime", "1\t214536502", "1,2014-04-07T10:51:09.277Z", "1\t214536502\tnoon");

        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.YOOCHOOSE, path);

        assertRejected(rows.get(0), 2, RejectReason.UNDECODABLE);
        assertRejected(rows.get(1), 3, RejectReason.UNDECODABLE);
        assertRejected(rows.get(2), 4, RejectReason.INVALID_FIELD);
    }

    @Test
    void invalidUtf8DoesNotStopReading() throws IOException {
        Path path = dir.resolve("taobao.csv");
        byte[] bad = {'1', ',', (byte) 0xff, (byte) 0xfe, ',', '3', ',', 'p', 'v', ',', 'x', '\n'};
        Files.write(path, bad);
        Files.writeString(path, TAOBAO_GOOD + "\n", StandardOpenOption.APPEND);

        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.TAOBAO, path);

        assertEquals(2, rows.size());
        assertFalse(rows.get(0).isAccepted());
        assertAccepted(rows.get(1), 2);
    }

    private static void assertAccepted(ParsedRow row, long lineNumber) {
        assertTrue(row.isAccepted(), () -> "line " + lineNumber + " rejected: " + row.reason() + " " + row.detail());
        assertEquals(lineNumber, row.lineNumber());
    }

    private static void assertRejected(ParsedRow row, long lineNumber, RejectReason reason) {
        assertFalse(row.isAccepted(), () -> "line " + lineNumber + " was accepted: " + row.event());
        assertEquals(reason, row.reason(), () -> "line " + lineNumber + ": " + row.detail());
        assertEquals(lineNumber, row.lineNumber());
    }
}
