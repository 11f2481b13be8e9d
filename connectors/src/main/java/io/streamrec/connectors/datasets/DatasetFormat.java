package io.streamrec.connectors.datasets;

import org.apache.flink.configuration.ConfigOption;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The dataset formats streamrec can replay, by the name used on the command line
 * ({@code --format NAME}). Files may be gzip-compressed whatever their name.
 */
public enum DatasetFormat {
    TAOBAO("taobao",
            "Taobao UserBehavior.csv: user,item,category,pv|cart|fav|buy,epoch seconds; no header"),
    RETAILROCKET("retailrocket",
            "RetailRocket events.csv: timestamp ms,visitorid,view|addtocart|transaction,itemid,transactionid"),
    YOOCHOOSE("yoochoose",
            "YOOCHOOSE clicks: prepared TSV SessionId,ItemId,Time (epoch s) or yoochoose-clicks/buys.dat; session = user"),
    OTTO("otto",
            "OTTO jsonl sessions: {session, events:[{aid, ts ms, type clicks|carts|orders}]}; session = user"),
    DIGINETICA("diginetica",
            "DIGINETICA CIKM 2016 train-item-views.csv or train-purchases.csv (;-separated, date + ms offset)"),
    TIANCHI("tianchi",
            "Tianchi mobile train_user.csv: user,item,behavior 1-4,geohash,category,'yyyy-MM-dd HH' China time"),
    MOVIELENS("movielens",
            "MovieLens ratings (u.data, ratings.dat, ratings.csv): rating >= 4 is FAVORITE, lower is VIEW"),
    CSV("csv",
            "Any delimited file, mapped by the csv.* options (columns, time format, type map)");

    private final String formatName;
    private final String description;

    DatasetFormat(String formatName, String description) {
        this.formatName = formatName;
        this.description = description;
    }

    /** Returns the name used on the command line, such as {@code taobao}. */
    public String formatName() {
        return formatName;
    }

    /** Returns a one-line description of the files this format reads. */
    public String description() {
        return description;
    }

    /** Returns the options this format accepts. */
    public List<ConfigOption<?>> options() {
        if (this != CSV) {
            return DatasetOptions.COMMON_OPTIONS;
        }
        List<ConfigOption<?>> options = new ArrayList<>(DatasetOptions.COMMON_OPTIONS);
        options.addAll(DatasetOptions.CSV_OPTIONS);
        return Collections.unmodifiableList(options);
    }

    /**
     * Returns the format with this name, ignoring case.
     *
     * @throws IllegalArgumentException naming the value and listing the known formats
     */
    public static DatasetFormat fromName(String name) {
        for (DatasetFormat format : values()) {
            if (format.formatName.equalsIgnoreCase(Objects.requireNonNull(name, "name").trim())) {
                return format;
            }
        }
        throw new IllegalArgumentException("Unknown dataset format '" + name + "'; known formats: " + names());
    }

    /** Returns the names of all formats, comma-separated. */
    public static String names() {
        return Arrays.stream(values()).map(DatasetFormat::formatName).collect(Collectors.joining(", "));
    }

    /** Opens a reader with default options; see {@link #open(Path, Map)}. */
    public DatasetReader open(Path path) throws IOException {
        return open(path, Map.of());
    }

    /**
     * Opens a reader over {@code path}. Options are validated here, before the first row is read.
     *
     * @param options option keys of {@link #options()} to values; unknown keys are an error
     * @throws IllegalArgumentException when an option is unknown or invalid, with a message naming
     *     the option, the value and what is accepted
     * @throws IOException when the file cannot be opened
     */
    public DatasetReader open(Path path, Map<String, String> options) throws IOException {
        Objects.requireNonNull(path, "path");
        DatasetOptions.checkKeys(this, options);
        String prefix = DatasetOptions.eventIdPrefix(this, options);
        switch (this) {
            case TAOBAO:
                return new TaobaoReader(path, prefix);
            case RETAILROCKET:
                return new RetailRocketReader(path, prefix);
            case YOOCHOOSE:
                return new YoochooseReader(path, prefix);
            case OTTO:
                return new OttoReader(path, prefix);
            case DIGINETICA:
                return new DigineticaReader(path, prefix);
            case TIANCHI:
                return new TianchiReader(path, prefix);
            case MOVIELENS:
                return new MovieLensReader(path, prefix);
            case CSV:
                // Validate the options before the file is opened, so a typo fails even for a missing file.
                CsvMapping.fromOptions(options);
                return new GenericCsvReader(path, prefix, options);
            default:
                throw new IllegalStateException("no reader for format " + formatName);
        }
    }

    @Override
    public String toString() {
        return formatName;
    }
}
