package io.streamrec.connectors.datasets;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamrec.schemas.EventType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Test access to the public dataset samples, and plain helpers that read them without the
 * readers' code, so that tests can compare the readers against an independent count.
 */
final class DatasetSamples {
    static final String DATA_DIR_PROPERTY = "streamrec.data.dir";
    static final String DATA_DIR_VARIABLE = "STREAMREC_DATA_DIR";

    private DatasetSamples() {}

    /**
     * Returns the sample file at {@code relative} under the data folder, or skips the test when
     * the folder or the file is absent.
     */
    static Path sample(String relative) {
        String dir = System.getProperty(DATA_DIR_PROPERTY);
        if (dir == null || dir.isBlank()) {
            dir = System.getenv(DATA_DIR_VARIABLE);
        }
        assumeTrue(dir != null && !dir.isBlank(),
                "Skipping: no dataset folder given; set -D" + DATA_DIR_PROPERTY + " or " + DATA_DIR_VARIABLE);
        Path path = Paths.get(dir).resolve(relative);
        assumeTrue(Files.isRegularFile(path),
                "Skipping: dataset sample " + relative + " not found under " + dir
                        + "; set -D" + DATA_DIR_PROPERTY + " or " + DATA_DIR_VARIABLE + " to the data folder");
        return path;
    }

    /** Reads all lines with java.util.zip for names ending in .gz, independently of DatasetFiles. */
    static List<String> plainLines(Path path) throws IOException {
        InputStream in = Files.newInputStream(path);
        if (path.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in);
        }
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Reads every row of a file through the reader of {@code format}. */
    static List<ParsedRow> readAll(DatasetFormat format, Path path, Map<String, String> options) throws IOException {
        List<ParsedRow> rows = new ArrayList<>();
        try (DatasetReader reader = format.open(path, options)) {
            reader.forEachRemaining(rows::add);
        }
        return rows;
    }

    static List<ParsedRow> readAll(DatasetFormat format, Path path) throws IOException {
        return readAll(format, path, Map.of());
    }

    /** Counts accepted rows per event type. */
    static Map<EventType, Long> countTypes(List<ParsedRow> rows) {
        Map<EventType, Long> counts = new EnumMap<>(EventType.class);
        for (ParsedRow row : rows) {
            if (row.isAccepted()) {
                counts.merge(row.event().getEventType(), 1L, Long::sum);
            }
        }
        return counts;
    }

    /** Returns the rejected rows. */
    static List<ParsedRow> rejections(List<ParsedRow> rows) {
        List<ParsedRow> rejected = new ArrayList<>();
        for (ParsedRow row : rows) {
            if (!row.isAccepted()) {
                rejected.add(row);
            }
        }
        return rejected;
    }

    /** Writes {@code lines} to a new file in {@code dir}, joined by newlines. */
    static Path write(Path dir, String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }
}
