package io.streamrec.connectors.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.schemas.EventType;
import io.streamrec.schemas.StorefrontEvent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

class MovieLensReaderTest {
    private static final String SAMPLE = "movielens-100k/u.data.gz";

    @TempDir
    Path dir;

    @Test
    void ratingsMatchPlainCount() throws IOException {
        Path path = DatasetSamples.sample(SAMPLE);
        List<String> lines = DatasetSamples.plainLines(path);
        Map<EventType, Long> expected = new EnumMap<>(EventType.class);
        for (String line : lines) {
            int rating = Integer.parseInt(line.split("\t")[2]);
            expected.merge(rating >= 4 ? EventType.FAVORITE : EventType.VIEW, 1L, Long::sum);
        }

        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.MOVIELENS, path);

        assertEquals(lines.size(), rows.size());
        assertTrue(DatasetSamples.rejections(rows).isEmpty(), () -> "rejections: " + DatasetSamples.rejections(rows));
        assertEquals(expected, DatasetSamples.countTypes(rows));
    }

    @Test
    void firstRatingIsView() throws IOException {
        Path path = DatasetSamples.sample(SAMPLE);
        String[] first = DatasetSamples.plainLines(path).get(0).split("\t");

        StorefrontEvent event = DatasetSamples.readAll(DatasetFormat.MOVIELENS, path).get(0).event();

        assertEquals("movielens:1", event.getEventId());
        assertEquals(first[0], event.getUserId());
        assertEquals(first[1], event.getItemId());
        assertEquals("3", first[2]);
        assertEquals(EventType.VIEW, event.getEventType());
        assertEquals(Map.of(MovieLensReader.RATING, "3"), event.getContext());
        // Hand-checked: 881250949 s is 1997-12-04 15:55:49 UTC.
        assertEquals(Instant.parse("1997-12-04T15:55:49Z"), event.getEventTime());
    }

    @Test
    void newerShapesAreRead() throws IOException {
        Path csv = DatasetSamples.write(dir, "ratings.csv",
                "userId,movieId,rating,timestamp", "1,1,4.0,964982703", "1,3,3.5,964981247");
        Path dat = DatasetSamples.write(dir, "ratings.dat", "1::1193::5::978300760");

        List<ParsedRow> csvRows = DatasetSamples.readAll(DatasetFormat.MOVIELENS, csv);
        List<ParsedRow> datRows = DatasetSamples.readAll(DatasetFormat.MOVIELENS, dat);

        assertEquals(2, csvRows.size());
        assertEquals(EventType.FAVORITE, csvRows.get(0).event().getEventType(), "4.0 is liked");
        assertEquals(EventType.VIEW, csvRows.get(1).event().getEventType(), "3.5 is below 4");
        assertEquals(Instant.ofEpochSecond(964982703L), csvRows.get(0).event().getEventTime());
        assertEquals(1, datRows.size());
        assertEquals("1193", datRows.get(0).event().getItemId());
        assertEquals(EventType.FAVORITE, datRows.get(0).event().getEventType());
    }
}
