package io.streamrec.connectors.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.schemas.EventType;
import io.streamrec.schemas.StorefrontEvent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

class YoochooseReaderTest {
    private static final String TRAIN_SAMPLE = "yoochoose-rsc15/yoochoose-clicks-100k_train_full.txt.gz";
    private static final String TEST_SAMPLE = "yoochoose-rsc15/yoochoose-clicks-100k_test.txt.gz";

    @TempDir
    Path dir;

    @Test
    void trainSampleMatchesPlainCount() throws IOException {
        assertMatchesPlainCount(DatasetSamples.sample(TRAIN_SAMPLE));
    }

    @Test
    void testSampleMatchesPlainCount() throws IOException {
        assertMatchesPlainCount(DatasetSamples.sample(TEST_SAMPLE));
    }

    @Test
    void firstEventKeepsMillisecondFraction() throws IOException {
        Path path = DatasetSamples.sample(TEST_SAMPLE);
        String[] first = DatasetSamples.plainLines(path).get(1).split("\t");

        StorefrontEvent event = DatasetSamples.readAll(DatasetFormat.YOOCHOOSE, path).get(0).event();

        assertEquals("yoochoose:2", event.getEventId());
        assertEquals(first[0], event.getUserId(), "the session is the user");
        assertEquals(first[0], event.getSessionId());
        assertEquals(first[1], event.getItemId());
        assertEquals(EventType.VIEW, event.getEventType());
        long millis = new BigDecimal(first[2]).movePointRight(3).longValueExact();
        assertEquals(Instant.ofEpochMilli(millis), event.getEventTime());
        // Hand-checked: the test file starts with 1396860669.277 s.
        assertEquals(Instant.parse("2014-04-07T08:51:09.277Z"), event.getEventTime());
    }

    @Test
    void originalClicksAndBuysShapes() throws IOException {
        Path path = DatasetSamples.write(dir, "yoochoose-original.dat",
                "1,2014-04-07T10:51:09.277Z,214536502,0",
                "1,2014-04-07T10:54:09.868Z,214536500,S",
                "420374,2014-04-06T18:44:58.314Z,214537888,12462,1",
                "420375,2014-04-06T18:44:58.325Z,214537850,0,0");

        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.YOOCHOOSE, path);

        assertTrue(DatasetSamples.rejections(rows).isEmpty(), () -> "rejections: " + DatasetSamples.rejections(rows));
        StorefrontEvent click = rows.get(0).event();
        assertEquals(EventType.VIEW, click.getEventType());
        assertEquals(Instant.parse("2014-04-07T10:51:09.277Z"), click.getEventTime());
        assertNull(click.getCategory(), "category 0 means missing");
        assertEquals("S", rows.get(1).event().getCategory());
        StorefrontEvent buy = rows.get(2).event();
        assertEquals(EventType.PURCHASE, buy.getEventType());
        assertEquals("420374", buy.getUserId());
        assertEquals(12462.0, buy.getPrice());
        assertEquals(1, buy.getQuantity());
        StorefrontEvent unknownPriceBuy = rows.get(3).event();
        assertNull(unknownPriceBuy.getPrice(), "price 0 means unknown");
        assertEquals(1, unknownPriceBuy.getQuantity(), "quantity 0 means unknown");
    }

    private static void assertMatchesPlainCount(Path path) throws IOException {
        List<String> lines = DatasetSamples.plainLines(path);
        Set<String> sessions = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            sessions.add(line.split("\t")[0]);
        }

        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.YOOCHOOSE, path);

        assertEquals(lines.size() - 1, rows.size(), "rows without the header");
        assertTrue(DatasetSamples.rejections(rows).isEmpty(), () -> "rejections: " + DatasetSamples.rejections(rows));
        assertEquals(Map.of(EventType.VIEW, (long) rows.size()), DatasetSamples.countTypes(rows));
        Set<String> users = new HashSet<>();
        rows.forEach(row -> users.add(row.event().getUserId()));
        assertEquals(sessions, users);
    }
}
