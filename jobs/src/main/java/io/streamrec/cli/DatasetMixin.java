package io.streamrec.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Option;

/**
 * Options that choose the events of a local run: a dataset file with its format, or the built-in
 * simulator when no file is given. The {@code --csv.*} options map a generic delimited file and
 * are passed to the reader under the same keys; docs/datasets.md describes them.
 */
public final class DatasetMixin {

    @Option(names = "--format", paramLabel = "NAME",
            description = "Dataset format of --file: taobao, retailrocket, yoochoose, otto, diginetica, tianchi, "
                    + "movielens or csv.")
    String format;

    @Option(names = "--file", paramLabel = "PATH", description = "Dataset file to replay (gzip is read transparently).")
    Path file;

    @Option(names = "--events", paramLabel = "N", defaultValue = "0",
            description = "Maximum number of events to replay; 0 means all of the file, or 50000 for the simulator.")
    long maxEvents;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of the simulator. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--event-id-prefix", paramLabel = "TEXT",
            description = "Prefix of the event ids made from line numbers; defaults to the format name.")
    String eventIdPrefix;

    @Option(names = "--csv.user-column", paramLabel = "COLUMN", description = "csv: column of the user id (name or 0-based index).")
    String csvUserColumn;

    @Option(names = "--csv.item-column", paramLabel = "COLUMN", description = "csv: column of the item id.")
    String csvItemColumn;

    @Option(names = "--csv.time-column", paramLabel = "COLUMN", description = "csv: column of the event time.")
    String csvTimeColumn;

    @Option(names = "--csv.type-column", paramLabel = "COLUMN", description = "csv: column of the event type.")
    String csvTypeColumn;

    @Option(names = "--csv.session-column", paramLabel = "COLUMN", description = "csv: column of the session id.")
    String csvSessionColumn;

    @Option(names = "--csv.category-column", paramLabel = "COLUMN", description = "csv: column of the category.")
    String csvCategoryColumn;

    @Option(names = "--csv.price-column", paramLabel = "COLUMN", description = "csv: column of the price.")
    String csvPriceColumn;

    @Option(names = "--csv.quantity-column", paramLabel = "COLUMN", description = "csv: column of the quantity.")
    String csvQuantityColumn;

    @Option(names = "--csv.delimiter", paramLabel = "CHAR",
            description = "csv: field delimiter: a character, or tab, comma, semicolon, pipe, space.")
    String csvDelimiter;

    @Option(names = "--csv.header", paramLabel = "BOOL", description = "csv: whether the first line is a header.")
    String csvHeader;

    @Option(names = "--csv.time-format", paramLabel = "FORMAT",
            description = "csv: auto, epoch-seconds, epoch-millis, iso-8601 or a DateTimeFormatter pattern.")
    String csvTimeFormat;

    @Option(names = "--csv.time-zone", paramLabel = "ZONE", description = "csv: zone of pattern times, such as UTC.")
    String csvTimeZone;

    @Option(names = "--csv.type-map", paramLabel = "MAP", description = "csv: VALUE=TYPE pairs, such as pv=VIEW,buy=PURCHASE.")
    String csvTypeMap;

    @Option(names = "--csv.unmapped-type", paramLabel = "TYPE",
            description = "csv: reject, or the event type of values the type map lacks.")
    String csvUnmappedType;

    @Option(names = "--csv.default-type", paramLabel = "TYPE", description = "csv: event type when there is no type column.")
    String csvDefaultType;

    /** True when a dataset file was given. */
    public boolean hasFile() {
        return file != null;
    }

    /** Returns the reader options that were set, keyed as the dataset readers expect them. */
    public Map<String, String> readerOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        put(options, "event-id-prefix", eventIdPrefix);
        put(options, "csv.user-column", csvUserColumn);
        put(options, "csv.item-column", csvItemColumn);
        put(options, "csv.time-column", csvTimeColumn);
        put(options, "csv.type-column", csvTypeColumn);
        put(options, "csv.session-column", csvSessionColumn);
        put(options, "csv.category-column", csvCategoryColumn);
        put(options, "csv.price-column", csvPriceColumn);
        put(options, "csv.quantity-column", csvQuantityColumn);
        put(options, "csv.delimiter", csvDelimiter);
        put(options, "csv.header", csvHeader);
        put(options, "csv.time-format", csvTimeFormat);
        put(options, "csv.time-zone", csvTimeZone);
        put(options, "csv.type-map", csvTypeMap);
        put(options, "csv.unmapped-type", csvUnmappedType);
        put(options, "csv.default-type", csvDefaultType);
        return options;
    }

    /**
     * Opens the chosen input.
     *
     * @param requireFile true for commands that only replay files
     * @throws IllegalArgumentException if --format and --file are not given together, or invalid
     */
    public EventInput open(boolean requireFile) throws IOException {
        if (maxEvents < 0) {
            throw new IllegalArgumentException("Invalid value " + maxEvents
                    + " for option '--events': expected 0 (all) or a positive count.");
        }
        if (file == null && format == null) {
            if (requireFile) {
                throw new IllegalArgumentException("Missing options '--format NAME --file PATH': this command "
                        + "replays a dataset file.");
            }
            return EventInput.simulator(maxEvents > 0 ? maxEvents : 50_000, seed);
        }
        if (file == null || format == null) {
            throw new IllegalArgumentException("Options '--format' and '--file' go together: got "
                    + (file == null ? "--format " + format + " without --file" : "--file " + file + " without --format")
                    + ".");
        }
        return EventInput.dataset(format, file, readerOptions(), maxEvents);
    }

    private static void put(Map<String, String> options, String key, String value) {
        if (value != null) {
            options.put(key, value);
        }
    }
}
