package io.streamrec.connectors.datasets;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The options of {@link DatasetFormat#open}, as key, default and description. Every format
 * accepts {@link #EVENT_ID_PREFIX}; the generic {@code csv} format also takes the
 * {@code csv.*} options. The command line passes them as {@code --KEY VALUE}.
 */
public final class DatasetOptions {

    public static final ConfigOption<String> EVENT_ID_PREFIX =
            ConfigOptions.key("event-id-prefix")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Prefix of the event ids, which are PREFIX:LINE (OTTO: PREFIX:LINE:INDEX)."
                            + " Defaults to the format name. Give files replayed into the same topic"
                            + " different prefixes, so that deduplication does not drop events of"
                            + " the second file.");

    public static final ConfigOption<String> CSV_DELIMITER =
            ConfigOptions.key("csv.delimiter")
                    .stringType()
                    .defaultValue(",")
                    .withDescription("Column delimiter: one character, or one of the names tab, comma,"
                            + " semicolon, pipe, space.");

    public static final ConfigOption<Boolean> CSV_HEADER =
            ConfigOptions.key("csv.header")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription("Whether line 1 is a header with the column names (true or false).");

    public static final ConfigOption<String> CSV_USER_COLUMN = column("csv.user-column", "the user id", true);
    public static final ConfigOption<String> CSV_ITEM_COLUMN = column("csv.item-column", "the item id", true);
    public static final ConfigOption<String> CSV_TIME_COLUMN = column("csv.time-column", "the event time", true);
    public static final ConfigOption<String> CSV_TYPE_COLUMN =
            column("csv.type-column", "the event type; without it every row gets csv.default-type", false);
    public static final ConfigOption<String> CSV_SESSION_COLUMN = column("csv.session-column", "the session id", false);
    public static final ConfigOption<String> CSV_CATEGORY_COLUMN = column("csv.category-column", "the item category", false);
    public static final ConfigOption<String> CSV_PRICE_COLUMN =
            column("csv.price-column", "the unit price, a number >= 0", false);
    public static final ConfigOption<String> CSV_QUANTITY_COLUMN =
            column("csv.quantity-column", "the quantity, an integer >= 1", false);

    public static final ConfigOption<String> CSV_TIME_FORMAT =
            ConfigOptions.key("csv.time-format")
                    .stringType()
                    .defaultValue(TimeFormat.AUTO)
                    .withDescription("How the time column is written: " + TimeFormat.EPOCH_SECONDS
                            + " (a fraction is allowed), " + TimeFormat.EPOCH_MILLIS + ", "
                            + TimeFormat.ISO_8601 + " (such as 2014-04-07T10:51:09.277Z), "
                            + TimeFormat.AUTO + " (epoch seconds below 10^11, else epoch"
                            + " milliseconds), or a java.time.format.DateTimeFormatter pattern such"
                            + " as 'yyyy-MM-dd HH:mm:ss'.");

    public static final ConfigOption<String> CSV_TIME_ZONE =
            ConfigOptions.key("csv.time-zone")
                    .stringType()
                    .defaultValue("UTC")
                    .withDescription("Zone of times written without an offset, such as UTC, +08:00 or"
                            + " Asia/Shanghai. Epoch times ignore it.");

    public static final ConfigOption<String> CSV_TYPE_MAP =
            ConfigOptions.key("csv.type-map")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Comma-separated VALUE=TYPE pairs mapping the type column's values"
                            + " (compared case-insensitively) to event types, such as"
                            + " pv=VIEW,cart=ADD_TO_CART,fav=FAVORITE,buy=PURCHASE. Without it the"
                            + " values must be event type names. Types: " + CsvMapping.EVENT_TYPE_NAMES + ".");

    public static final ConfigOption<String> CSV_UNMAPPED_TYPE =
            ConfigOptions.key("csv.unmapped-type")
                    .stringType()
                    .defaultValue(CsvMapping.REJECT)
                    .withDescription("What a type value outside csv.type-map becomes: '" + CsvMapping.REJECT
                            + "' (the row is rejected as UNKNOWN_EVENT_TYPE) or an event type name.");

    public static final ConfigOption<String> CSV_DEFAULT_TYPE =
            ConfigOptions.key("csv.default-type")
                    .stringType()
                    .defaultValue("VIEW")
                    .withDescription("Event type of every row when csv.type-column is not set.");

    /** The options every format accepts. */
    public static final List<ConfigOption<?>> COMMON_OPTIONS = List.of(EVENT_ID_PREFIX);

    /** The options of the generic csv format, in addition to {@link #COMMON_OPTIONS}. */
    public static final List<ConfigOption<?>> CSV_OPTIONS = List.of(
            CSV_DELIMITER, CSV_HEADER,
            CSV_USER_COLUMN, CSV_ITEM_COLUMN, CSV_TIME_COLUMN, CSV_TYPE_COLUMN,
            CSV_SESSION_COLUMN, CSV_CATEGORY_COLUMN, CSV_PRICE_COLUMN, CSV_QUANTITY_COLUMN,
            CSV_TIME_FORMAT, CSV_TIME_ZONE, CSV_TYPE_MAP, CSV_UNMAPPED_TYPE, CSV_DEFAULT_TYPE);

    private DatasetOptions() {}

    private static ConfigOption<String> column(String key, String content, boolean required) {
        return ConfigOptions.key(key)
                .stringType()
                .noDefaultValue()
                .withDescription("Column of " + content + ": a 0-based index, or a name from the"
                        + " header when csv.header is true." + (required ? " Required." : " Optional."));
    }

    /**
     * Rejects option keys that {@code format} does not accept.
     *
     * @throws IllegalArgumentException naming the key and listing the accepted keys
     */
    static void checkKeys(DatasetFormat format, Map<String, String> options) {
        List<String> accepted = format.options().stream().map(ConfigOption::key).collect(Collectors.toList());
        List<String> unknown = new ArrayList<>();
        for (String key : options.keySet()) {
            if (!accepted.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unknown option(s) " + unknown + " for format '"
                    + format.formatName() + "'; accepted: " + accepted);
        }
    }

    /** Returns the value of a string option, or its default (null when it has none). */
    static String get(Map<String, String> options, ConfigOption<String> option) {
        String value = options.get(option.key());
        if (value == null) {
            return option.hasDefaultValue() ? option.defaultValue() : null;
        }
        return value;
    }

    /** Returns the value of a boolean option, accepting true/false/yes/no in any case. */
    static boolean getBoolean(Map<String, String> options, ConfigOption<Boolean> option) {
        String value = options.get(option.key());
        if (value == null) {
            return option.defaultValue();
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true":
            case "yes":
                return true;
            case "false":
            case "no":
                return false;
            default:
                throw invalid(option, value, "true or false");
        }
    }

    /** Returns the event id prefix: the option's value, else the format name. */
    static String eventIdPrefix(DatasetFormat format, Map<String, String> options) {
        String value = options.get(EVENT_ID_PREFIX.key());
        if (value == null) {
            return format.formatName();
        }
        if (value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
            throw invalid(EVENT_ID_PREFIX, value, "a non-empty text without spaces");
        }
        return value;
    }

    /** Creates the exception for an invalid option value, naming the option, the value and what is accepted. */
    static IllegalArgumentException invalid(ConfigOption<?> option, String value, String accepted) {
        return new IllegalArgumentException(
                "Invalid value '" + value + "' for option '" + option.key() + "': expected " + accepted);
    }
}
