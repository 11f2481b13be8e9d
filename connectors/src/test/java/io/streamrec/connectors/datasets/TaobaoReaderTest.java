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

class TaobaoReaderTest {
    private static final String HEAD_SAMPLE = "taobao-userbehavior/UserBehavior_head110k_timeordered.csv.gz";
    private static final String TAIL_SAMPLE = "taobao-userbehavior/UserBehavior_tail10k_usersorted.csv";
    private static final Map<String, EventType> BEHAVIORS =
            Map.of("pv", EventType.VIEW, "cart", EventType.ADD_TO_CART, "fav", EventType.FAVORITE, "buy", EventType.PURCHASE);

    @Test
    void gzippedHeadSampleMatchesPlainCount() throws IOException {
        assertMatchesPlainCount(DatasetSamples.sample(HEAD_SAMPLE));
    }

    @Test
    void userSortedTailSampleMatchesPlainCount() throws IOException {
        assertMatchesPlainCount(DatasetSamples.sample(TAIL_SAMPLE));
    }

    @Test
    void firstEventOfHeadSample() throws IOException {
        Path path = DatasetSamples.sample(HEAD_SAMPLE);
        List<String> lines = DatasetSamples.plainLines(path);
        String[] first = lines.get(0).split(",");

        StorefrontEvent event = DatasetSamples.readAll(DatasetFormat.TAOBAO, path).get(0).event();

        assertEquals("taobao:1", event.getEventId());
        assertEquals(first[0], event.getUserId());
        assertEquals(first[1], event.getItemId());
        assertEquals(first[2], event.getCategory());
        assertEquals(BEHAVIORS.get(first[3]), event.getEventType());
        assertEquals(Instant.ofEpochSecond(Long.parseLong(first[4])), event.getEventTime());
        // Hand-checked: the sample starts at 1511658000 s, 2017-11-26 01:00 UTC.
        assertEquals(Instant.parse("2017-11-26T01:00:00Z"), event.getEventTime());
        assertNull(event.getSessionId());
        assertEquals(1, event.getQuantity());
    }

    private static void assertMatchesPlainCount(Path path) throws IOException {
        Map<EventType, Long> expected = new EnumMap<>(EventType.class);
        List<String> lines = DatasetSamples.plainLines(path);
        for (String line : lines) {
            expected.merge(BEHAVIORS.get(line.split(",")[3]), 1L, Long::sum);
        }

        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.TAOBAO, path);

        assertEquals(lines.size(), rows.size(), "rows");
        assertTrue(DatasetSamples.rejections(rows).isEmpty(), () -> "rejections: " + DatasetSamples.rejections(rows));
        assertEquals(expected, DatasetSamples.countTypes(rows));
        assertEquals(lines.size(), rows.get(rows.size() - 1).lineNumber(), "line number of the last row");
    }
}
