package io.streamrec.connectors.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.schemas.EventType;
import io.streamrec.schemas.StorefrontEvent;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

class RetailRocketReaderTest {
    private static final String SAMPLE = "retailrocket/events_sample_1500visitors.csv";
    private static final Map<String, EventType> EVENTS =
            Map.of("view", EventType.VIEW, "addtocart", EventType.ADD_TO_CART, "transaction", EventType.PURCHASE);

    @Test
    void sampleMatchesPlainCount() throws IOException {
        Path path = DatasetSamples.sample(SAMPLE);
        List<String> lines = DatasetSamples.plainLines(path);
        Map<EventType, Long> expected = new EnumMap<>(EventType.class);
        for (String line : lines.subList(1, lines.size())) {
            expected.merge(EVENTS.get(line.split(",")[2]), 1L, Long::sum);
        }

        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.RETAILROCKET, path);

        assertEquals(lines.size() - 1, rows.size(), "rows without the header");
        assertTrue(DatasetSamples.rejections(rows).isEmpty(), () -> "rejections: " + DatasetSamples.rejections(rows));
        assertEquals(expected, DatasetSamples.countTypes(rows));
    }

    @Test
    void firstEventUsesMilliseconds() throws IOException {
        Path path = DatasetSamples.sample(SAMPLE);
        String[] first = DatasetSamples.plainLines(path).get(1).split(",", -1);

        StorefrontEvent event = DatasetSamples.readAll(DatasetFormat.RETAILROCKET, path).get(0).event();

        assertEquals("retailrocket:2", event.getEventId(), "line 1 is the header");
        assertEquals(Instant.ofEpochMilli(Long.parseLong(first[0])), event.getEventTime());
        assertEquals(first[1], event.getUserId());
        assertEquals(EVENTS.get(first[2]), event.getEventType());
        assertEquals(first[3], event.getItemId());
        assertNull(event.getContext(), "a view has no transaction id");
    }

    @Test
    void transactionIdLosesPandasFraction() throws IOException {
        Path path = DatasetSamples.sample(SAMPLE);
        List<String> lines = DatasetSamples.plainLines(path);
        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.RETAILROCKET, path);

        for (ParsedRow row : rows) {
            String[] fields = lines.get((int) row.lineNumber() - 1).split(",", -1);
            if (fields[4].isEmpty()) {
                assertNull(row.event().getContext(), "line " + row.lineNumber());
            } else {
                String expected = fields[4].replaceAll("\\.0$", "");
                assertEquals(Map.of(RetailRocketReader.TRANSACTION_ID, expected), row.event().getContext(),
                        "line " + row.lineNumber());
            }
        }
    }
}
