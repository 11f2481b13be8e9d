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

class TianchiReaderTest {
    private static final String SAMPLE = "tianchi-mobile-2014/tianchi_mobile_recommend_train_user_sample2k.csv";
    private static final Map<String, EventType> BEHAVIORS = Map.of(
            "1", EventType.VIEW, "2", EventType.FAVORITE, "3", EventType.ADD_TO_CART, "4", EventType.PURCHASE);
    private static final long MILLIS_PER_HOUR = 3_600_000L;

    @Test
    void sampleMatchesPlainCount() throws IOException {
        Path path = DatasetSamples.sample(SAMPLE);
        List<String> lines = DatasetSamples.plainLines(path);
        Map<EventType, Long> expected = new EnumMap<>(EventType.class);
        for (String line : lines.subList(1, lines.size())) {
            expected.merge(BEHAVIORS.get(line.split(",")[2]), 1L, Long::sum);
        }

        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.TIANCHI, path);

        assertEquals(lines.size() - 1, rows.size(), "rows without the header");
        assertTrue(DatasetSamples.rejections(rows).isEmpty(), () -> "rejections: " + DatasetSamples.rejections(rows));
        assertEquals(expected, DatasetSamples.countTypes(rows));
        for (ParsedRow row : rows) {
            assertEquals(0, row.event().getEventTime().toEpochMilli() % MILLIS_PER_HOUR,
                    "line " + row.lineNumber() + " has hour resolution");
        }
    }

    @Test
    void firstEventIsInChinaTime() throws IOException {
        Path path = DatasetSamples.sample(SAMPLE);
        String[] first = DatasetSamples.plainLines(path).get(1).split(",", -1);

        StorefrontEvent event = DatasetSamples.readAll(DatasetFormat.TIANCHI, path).get(0).event();

        assertEquals("tianchi:2", event.getEventId());
        assertEquals(first[0], event.getUserId());
        assertEquals(first[1], event.getItemId());
        assertEquals(BEHAVIORS.get(first[2]), event.getEventType());
        assertEquals(first[4], event.getCategory(), "no carriage return left from the CRLF line end");
        // Hand-checked: "2014-12-06 02" at UTC+8 is 2014-12-05 18:00 UTC.
        assertEquals("2014-12-06 02", first[5].trim());
        assertEquals(Instant.parse("2014-12-05T18:00:00Z"), event.getEventTime());
    }
}
