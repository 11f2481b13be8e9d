package io.streamrec.connectors.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.schemas.EventType;
import io.streamrec.schemas.StorefrontEvent;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

class DigineticaReaderTest {
    private static final String VIEWS_SAMPLE = "diginetica-cikm2016/train-item-views_sample12k.csv";
    private static final String PURCHASES_FILE = "diginetica-cikm2016/train-purchases.csv";

    @Test
    void viewsSampleMatchesPlainCount() throws IOException {
        Path path = DatasetSamples.sample(VIEWS_SAMPLE);
        List<String> lines = DatasetSamples.plainLines(path);
        long knownUserRows = lines.stream().skip(1).filter(line -> !line.split(";")[1].equals("NA")).count();

        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.DIGINETICA, path);

        assertEquals(lines.size() - 1, rows.size(), "rows without the header");
        assertTrue(DatasetSamples.rejections(rows).isEmpty(), () -> "rejections: " + DatasetSamples.rejections(rows));
        assertEquals(Map.of(EventType.VIEW, (long) rows.size()), DatasetSamples.countTypes(rows));
        long anonymousRows = rows.stream()
                .filter(row -> row.event().getUserId().startsWith(DigineticaReader.ANONYMOUS_USER_PREFIX))
                .count();
        assertEquals(rows.size() - knownUserRows, anonymousRows);
    }

    @Test
    void purchasesFileMatchesPlainCount() throws IOException {
        Path path = DatasetSamples.sample(PURCHASES_FILE);
        List<String> lines = DatasetSamples.plainLines(path);

        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.DIGINETICA, path);

        assertEquals(lines.size() - 1, rows.size(), "rows without the header");
        assertTrue(DatasetSamples.rejections(rows).isEmpty(), () -> "rejections: " + DatasetSamples.rejections(rows));
        assertEquals(Map.of(EventType.PURCHASE, (long) rows.size()), DatasetSamples.countTypes(rows));
    }

    @Test
    void firstViewAddsTimeframeToDate() throws IOException {
        Path path = DatasetSamples.sample(VIEWS_SAMPLE);
        String[] first = DatasetSamples.plainLines(path).get(1).split(";");

        StorefrontEvent event = DatasetSamples.readAll(DatasetFormat.DIGINETICA, path).get(0).event();

        assertEquals("diginetica:views:2", event.getEventId());
        assertEquals(first[0], event.getSessionId());
        assertEquals("NA", first[1], "the first view is anonymous");
        assertEquals("session-" + first[0], event.getUserId());
        assertEquals(first[2], event.getItemId());
        Instant expected = LocalDate.parse(first[4]).atStartOfDay(ZoneOffset.UTC).toInstant()
                .plusMillis(Long.parseLong(first[3]));
        assertEquals(expected, event.getEventTime());
        // Hand-checked: 2016-05-09 plus 526309 ms is 00:08:46.309.
        assertEquals(Instant.parse("2016-05-09T00:08:46.309Z"), event.getEventTime());
    }

    @Test
    void firstPurchaseKeepsUserAndOrder() throws IOException {
        Path path = DatasetSamples.sample(PURCHASES_FILE);
        String[] first = DatasetSamples.plainLines(path).get(1).split(";");

        StorefrontEvent event = DatasetSamples.readAll(DatasetFormat.DIGINETICA, path).get(0).event();

        assertEquals("diginetica:purchases:2", event.getEventId());
        assertEquals(first[0], event.getSessionId());
        assertEquals(first[1], event.getUserId(), "a known user id is the user");
        assertEquals(first[5], event.getItemId());
        assertEquals(Map.of(DigineticaReader.ORDER_NUMBER, first[4]), event.getContext());
        // Hand-checked: 2016-05-06 plus 17100868 ms is 04:45:00.868.
        assertEquals(Instant.parse("2016-05-06T04:45:00.868Z"), event.getEventTime());
    }
}
