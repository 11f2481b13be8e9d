package io.streamrec.connectors.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

class DatasetFormatTest {
    private static final String MOVIELENS = "movielens-100k/u.data.gz";
    private static final String[] TAOBAO_LINES = {
        "1,20,3,pv,1511658003",
        "1,21,3,pv,1511658001",
        "2,22,3,buy,1511658002",
        "3,23,3,pv,1511658001",
        "4,24,3,fav,1511658000"
    };

    @TempDir
    Path dir;

    @Test
    void namesAreUniqueAndLowerCase() {
        List<String> names = Arrays.stream(DatasetFormat.values()).map(DatasetFormat::formatName).collect(Collectors.toList());

        assertEquals(List.of("taobao", "retailrocket", "yoochoose", "otto", "diginetica", "tianchi", "movielens", "csv"), names);
        for (DatasetFormat format : DatasetFormat.values()) {
            assertEquals(format, DatasetFormat.fromName(format.formatName().toUpperCase()));
            assertFalse(format.description().isBlank(), format.formatName());
            assertTrue(format.options().contains(DatasetOptions.EVENT_ID_PREFIX), format.formatName());
        }
    }

    @Test
    void unknownNameListsKnownNames() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> DatasetFormat.fromName("jdata"));

        assertTrue(error.getMessage().contains("'jdata'"), error.getMessage());
        assertTrue(error.getMessage().contains(DatasetFormat.names()), error.getMessage());
    }

    @Test
    void gzipIsDetectedByMagicBytesNotName() throws IOException {
        Path gzippedWithoutSuffix = dir.resolve("taobao.csv");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzippedWithoutSuffix))) {
            out.write((String.join("\n", TAOBAO_LINES) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Path plainWithSuffix = DatasetSamples.write(dir, "plain.csv.gz", TAOBAO_LINES);

        List<ParsedRow> fromGzip = DatasetSamples.readAll(DatasetFormat.TAOBAO, gzippedWithoutSuffix);
        List<ParsedRow> fromPlain = DatasetSamples.readAll(DatasetFormat.TAOBAO, plainWithSuffix);

        assertEquals(TAOBAO_LINES.length, fromGzip.size());
        assertTrue(DatasetSamples.rejections(fromGzip).isEmpty(), () -> "rejections: " + DatasetSamples.rejections(fromGzip));
        assertEquals(fromPlain, fromGzip);
    }

    @Test
    void truncatedGzipFailsTheRead() throws IOException {
        Path gz = dir.resolve("taobao.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            for (int i = 0; i < 20_000; i++) {
                out.write((TAOBAO_LINES[0] + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] bytes = Files.readAllBytes(gz);
        Files.write(gz, Arrays.copyOf(bytes, bytes.length / 2));

        assertThrows(UncheckedIOException.class, () -> DatasetSamples.readAll(DatasetFormat.TAOBAO, gz));
    }

    @Test
    void sortKeepsFileOrderOnTies() throws IOException {
        Path path = DatasetSamples.write(dir, "taobao.csv", TAOBAO_LINES);

        DatasetFiles.TimeSortedRows sorted = DatasetFiles.readSortedByEventTime(DatasetFormat.TAOBAO, path, Map.of());

        List<Long> lineOrder = new ArrayList<>();
        sorted.accepted().forEach(row -> lineOrder.add(row.lineNumber()));
        // Times 3, 1, 2, 1, 0 (seconds after 1511658000): line 5 first, then the tie 2 before 4.
        assertEquals(List.of(5L, 2L, 4L, 3L, 1L), lineOrder);
        assertTrue(sorted.rejected().isEmpty());
    }

    @Test
    void sortKeepsRejections() throws IOException {
        Path path = DatasetSamples.write(dir, "taobao.csv", TAOBAO_LINES[0], "bad", TAOBAO_LINES[1]);

        DatasetFiles.TimeSortedRows sorted = DatasetFiles.readSortedByEventTime(DatasetFormat.TAOBAO, path, Map.of());

        assertEquals(2, sorted.accepted().size());
        assertEquals(1, sorted.rejected().size());
        assertEquals(2, sorted.rejected().get(0).lineNumber());
    }

    @Test
    void movieLensSortedByTime() throws IOException {
        Path path = DatasetSamples.sample(MOVIELENS);
        long lines = DatasetSamples.plainLines(path).size();

        DatasetFiles.TimeSortedRows sorted = DatasetFiles.readSortedByEventTime(DatasetFormat.MOVIELENS, path, Map.of());

        assertEquals(lines, sorted.accepted().size());
        ParsedRow previous = null;
        for (ParsedRow row : sorted.accepted()) {
            if (previous != null) {
                Instant before = previous.event().getEventTime();
                Instant time = row.event().getEventTime();
                assertFalse(time.isBefore(before), "line " + row.lineNumber() + " is out of order");
                if (time.equals(before)) {
                    assertTrue(row.lineNumber() > previous.lineNumber(), "tie at line " + row.lineNumber());
                }
            }
            previous = row;
        }
    }

    @Test
    void streamClosesReader() throws IOException {
        Path path = DatasetSamples.write(dir, "taobao.csv", TAOBAO_LINES);
        DatasetReader reader = DatasetFormat.TAOBAO.open(path);

        long count;
        try (Stream<ParsedRow> rows = reader.stream()) {
            count = rows.limit(2).count();
        }

        assertEquals(2, count);
        assertThrows(IllegalStateException.class, reader::hasNext, "the reader is closed");
    }

    @Test
    void eventIdPrefixOption() throws IOException {
        Path path = DatasetSamples.write(dir, "taobao.csv", TAOBAO_LINES);

        List<ParsedRow> rows = DatasetSamples.readAll(DatasetFormat.TAOBAO, path, Map.of("event-id-prefix", "day2"));

        assertEquals("day2:1", rows.get(0).event().getEventId());
    }

    @Test
    void emptyFileHasNoRows() throws IOException {
        Path path = Files.createFile(dir.resolve("empty.csv"));

        for (DatasetFormat format : DatasetFormat.values()) {
            Map<String, String> options = format == DatasetFormat.CSV
                    ? Map.of("csv.user-column", "0", "csv.item-column", "1", "csv.time-column", "2")
                    : Map.of();
            assertTrue(DatasetSamples.readAll(format, path, options).isEmpty(), format.formatName());
        }
    }
}
