package io.streamrec.connectors.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

class OttoReaderTest {
    private static final String SAMPLE = "otto-recsys2022/train_first20sessions.jsonl";
    private static final String FLAT_SAMPLE = "otto-recsys2022/train_first20sessions_flat.csv";
    private static final Map<String, EventType> TYPES =
            Map.of("clicks", EventType.VIEW, "carts", EventType.ADD_TO_CART, "orders", EventType.PURCHASE);
    private static final Pattern TYPE_MEMBER = Pattern.compile("\"type\":\"(\\w+)\"");

    @Test
    void sampleMatchesPlainTypeCount() throws IOException {
        Path path = DatasetSamples.sample(SAMPLE);
        Map<EventType, Long> expected = new EnumMap<>(EventType.class);
        for (String line : DatasetSamples.plainLines(path)) {
            Matcher matcher = TYPE_MEMBER.matcher(line);
            while (matcher.find()) {
                expected.merge(TYPES.get(matcher.group(1)), 1L, Long::sum);
            }
        }

        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.OTTO, path);

        assertTrue(DatasetSamples.rejections(rows).isEmpty(), () -> "rejections: " + DatasetSamples.rejections(rows));
        assertEquals(expected, DatasetSamples.countTypes(rows));
    }

    @Test
    void everyEventEqualsFlatExport() throws IOException {
        Path path = DatasetSamples.sample(SAMPLE);
        List<String> flat = DatasetSamples.plainLines(DatasetSamples.sample(FLAT_SAMPLE));
        assertEquals("session,aid,ts,type", flat.get(0));

        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.OTTO, path);

        assertEquals(flat.size() - 1, rows.size(), "one row per event");
        for (int i = 0; i < rows.size(); i++) {
            String[] expected = flat.get(i + 1).split(",");
            StorefrontEvent event = rows.get(i).event();
            assertEquals(expected[0], event.getUserId(), "user of event " + i);
            assertEquals(expected[0], event.getSessionId(), "session of event " + i);
            assertEquals(expected[1], event.getItemId(), "item of event " + i);
            assertEquals(Instant.ofEpochMilli(Long.parseLong(expected[2])), event.getEventTime(), "time of event " + i);
            assertEquals(TYPES.get(expected[3]), event.getEventType(), "type of event " + i);
        }
    }

    @Test
    void eventIdsNameLineAndIndex() throws IOException {
        Path path = DatasetSamples.sample(SAMPLE);

        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.OTTO, path);

        assertEquals("otto:1:0", rows.get(0).event().getEventId());
        assertEquals("otto:1:1", rows.get(1).event().getEventId());
        ParsedRow firstOfLine2 = rows.stream().filter(row -> row.lineNumber() == 2).findFirst().orElseThrow();
        assertEquals("otto:2:0", firstOfLine2.event().getEventId());
        assertEquals(rows.size(), rows.stream().map(row -> row.event().getEventId()).distinct().count(), "unique ids");
        // The first event of session 0 is aid 1517085 at 1659304800025 ms, 2022-07-31 22:00:00.025 UTC.
        assertEquals("1517085", rows.get(0).event().getItemId());
        assertEquals(Instant.parse("2022-07-31T22:00:00.025Z"), rows.get(0).event().getEventTime());
    }
}
