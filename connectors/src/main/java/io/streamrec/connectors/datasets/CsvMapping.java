package io.streamrec.connectors.datasets;

import io.streamrec.schemas.EventType;

import org.apache.flink.configuration.ConfigOption;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The validated {@code csv.*} options of the generic csv format: delimiter, header, which column
 * contains which field, the time format and the event-type mapping.
 *
 * <p>{@link #fromOptions} checks every value and throws an {@link IllegalArgumentException} that
 * names the option, the value and what is accepted. Column names are resolved against the header
 * by {@link #resolveColumns}.
 */
final class CsvMapping {
    static final String REJECT = "reject";
    static final String EVENT_TYPE_NAMES =
            Arrays.stream(EventType.values()).map(Enum::name).collect(Collectors.joining(", "));

    /** Names accepted by csv.delimiter, in the order error messages list them. */
    private static final Map<String, Character> DELIMITER_NAMES = new LinkedHashMap<>();

    static {
        DELIMITER_NAMES.put("tab", '\t');
        DELIMITER_NAMES.put("\\t", '\t');
        DELIMITER_NAMES.put("comma", ',');
        DELIMITER_NAMES.put("semicolon", ';');
        DELIMITER_NAMES.put("pipe", '|');
        DELIMITER_NAMES.put("space", ' ');
    }

    /** A column given by the user: a 0-based index or a header name. */
    record ColumnRef(ConfigOption<String> option, int index, String name) {}

    final char delimiter;
    final boolean header;
    final ColumnRef user;
    final ColumnRef item;
    final ColumnRef time;
    final ColumnRef type;
    final ColumnRef session;
    final ColumnRef category;
    final ColumnRef price;
    final ColumnRef quantity;
    final TimeFormat timeFormat;
    /** Type values, lower-cased, to event types; empty when values are event type names. */
    final Map<String, EventType> typeMap;
    /** The type of values outside the map, or null to reject them. */
    final EventType unmappedType;
    final EventType defaultType;

    private CsvMapping(Map<String, String> options) {
        delimiter = parseDelimiter(DatasetOptions.get(options, DatasetOptions.CSV_DELIMITER));
        header = DatasetOptions.getBoolean(options, DatasetOptions.CSV_HEADER);
        user = column(options, DatasetOptions.CSV_USER_COLUMN, true);
        item = column(options, DatasetOptions.CSV_ITEM_COLUMN, true);
        time = column(options, DatasetOptions.CSV_TIME_COLUMN, true);
        type = column(options, DatasetOptions.CSV_TYPE_COLUMN, false);
        session = column(options, DatasetOptions.CSV_SESSION_COLUMN, false);
        category = column(options, DatasetOptions.CSV_CATEGORY_COLUMN, false);
        price = column(options, DatasetOptions.CSV_PRICE_COLUMN, false);
        quantity = column(options, DatasetOptions.CSV_QUANTITY_COLUMN, false);
        timeFormat = parseTimeFormat(options);
        typeMap = parseTypeMap(DatasetOptions.get(options, DatasetOptions.CSV_TYPE_MAP));
        String unmapped = DatasetOptions.get(options, DatasetOptions.CSV_UNMAPPED_TYPE);
        unmappedType = unmapped.trim().equalsIgnoreCase(REJECT)
                ? null
                : eventType(DatasetOptions.CSV_UNMAPPED_TYPE, unmapped, "'" + REJECT + "' or one of " + EVENT_TYPE_NAMES);
        defaultType = eventType(DatasetOptions.CSV_DEFAULT_TYPE,
                DatasetOptions.get(options, DatasetOptions.CSV_DEFAULT_TYPE), "one of " + EVENT_TYPE_NAMES);
    }

    /**
     * Validates the {@code csv.*} options.
     *
     * @throws IllegalArgumentException naming the option, the value and what is accepted
     */
    static CsvMapping fromOptions(Map<String, String> options) {
        return new CsvMapping(options);
    }

    /**
     * Returns the 0-based index of each given column, in the order user, item, time, type,
     * session, category, price, quantity; -1 for a column not given.
     *
     * @param headerNames the header's column names, or null when the file has no header
     * @throws IllegalArgumentException when a column name is not in the header
     */
    int[] resolveColumns(List<String> headerNames) {
        ColumnRef[] refs = {user, item, time, type, session, category, price, quantity};
        int[] indexes = new int[refs.length];
        for (int i = 0; i < refs.length; i++) {
            indexes[i] = resolve(refs[i], headerNames);
        }
        return indexes;
    }

    private int resolve(ColumnRef ref, List<String> headerNames) {
        if (ref == null) {
            return -1;
        }
        if (ref.name() == null) {
            return ref.index();
        }
        if (headerNames == null) {
            throw DatasetOptions.invalid(ref.option(), ref.name(),
                    "a 0-based column index, because the file is empty and has no header line");
        }
        for (int i = 0; i < headerNames.size(); i++) {
            if (headerNames.get(i).trim().equals(ref.name())) {
                return i;
            }
        }
        for (int i = 0; i < headerNames.size(); i++) {
            if (headerNames.get(i).trim().equalsIgnoreCase(ref.name())) {
                return i;
            }
        }
        throw DatasetOptions.invalid(ref.option(), ref.name(),
                "a 0-based column index or one of the header's column names " + headerNames);
    }

    /** Maps a type column value to an event type, or rejects it with UNKNOWN_EVENT_TYPE. */
    EventType mapType(String value) throws RowRejectedException {
        String key = Fields.require(value, "event type").toLowerCase(Locale.ROOT);
        EventType mapped = typeMap.isEmpty() ? eventTypeOrNull(key) : typeMap.get(key);
        if (mapped != null) {
            return mapped;
        }
        if (unmappedType != null) {
            return unmappedType;
        }
        String accepted = typeMap.isEmpty() ? EVENT_TYPE_NAMES : String.join(", ", typeMap.keySet());
        throw Fields.unknownType("event type", value.trim(), accepted);
    }

    private ColumnRef column(Map<String, String> options, ConfigOption<String> option, boolean required) {
        String value = DatasetOptions.get(options, option);
        if (value == null || value.isBlank()) {
            if (required) {
                throw new IllegalArgumentException("Missing option '" + option.key()
                        + "': the csv format needs a column index or header name for it");
            }
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.chars().allMatch(Character::isDigit)) {
            try {
                return new ColumnRef(option, Integer.parseInt(trimmed), null);
            } catch (NumberFormatException e) {
                throw DatasetOptions.invalid(option, value, "a 0-based column index below 2^31 or a header name");
            }
        }
        if (!header) {
            throw DatasetOptions.invalid(option, value,
                    "a 0-based column index, because csv.header is false and columns have no names");
        }
        return new ColumnRef(option, -1, trimmed);
    }

    private static char parseDelimiter(String value) {
        Character named = DELIMITER_NAMES.get(value.toLowerCase(Locale.ROOT));
        if (named != null) {
            return named;
        }
        if (value.length() != 1 || value.charAt(0) == '"' || value.charAt(0) == '\n' || value.charAt(0) == '\r') {
            throw DatasetOptions.invalid(DatasetOptions.CSV_DELIMITER, value,
                    "one character other than a quote or line break, or one of " + DELIMITER_NAMES.keySet());
        }
        return value.charAt(0);
    }

    private static TimeFormat parseTimeFormat(Map<String, String> options) {
        String zoneValue = DatasetOptions.get(options, DatasetOptions.CSV_TIME_ZONE);
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneValue.trim());
        } catch (DateTimeException e) {
            throw DatasetOptions.invalid(DatasetOptions.CSV_TIME_ZONE, zoneValue,
                    "a zone id such as UTC, +08:00 or Asia/Shanghai (" + e.getMessage() + ")");
        }
        String format = DatasetOptions.get(options, DatasetOptions.CSV_TIME_FORMAT);
        try {
            return TimeFormat.parse(format, zone);
        } catch (IllegalArgumentException e) {
            throw DatasetOptions.invalid(DatasetOptions.CSV_TIME_FORMAT, format,
                    TimeFormat.EPOCH_SECONDS + ", " + TimeFormat.EPOCH_MILLIS + ", " + TimeFormat.ISO_8601 + ", "
                            + TimeFormat.AUTO + " or a valid DateTimeFormatter pattern (" + e.getMessage() + ")");
        }
    }

    private static Map<String, EventType> parseTypeMap(String value) {
        if (value == null || value.isBlank()) {
            return Collections.emptyMap();
        }
        String expected = "comma-separated VALUE=TYPE pairs with TYPE one of " + EVENT_TYPE_NAMES;
        Map<String, EventType> map = new HashMap<>();
        for (String pair : value.split(",")) {
            int equals = pair.indexOf('=');
            if (equals <= 0 || pair.substring(0, equals).isBlank()) {
                throw DatasetOptions.invalid(DatasetOptions.CSV_TYPE_MAP, value,
                        expected + "; '" + pair.trim() + "' is not VALUE=TYPE");
            }
            String source = pair.substring(0, equals).trim().toLowerCase(Locale.ROOT);
            EventType target = eventType(DatasetOptions.CSV_TYPE_MAP, value, expected, pair.substring(equals + 1));
            EventType previous = map.put(source, target);
            if (previous != null && previous != target) {
                throw DatasetOptions.invalid(DatasetOptions.CSV_TYPE_MAP, value,
                        expected + "; '" + source + "' is mapped twice, to " + previous + " and " + target);
            }
        }
        return Collections.unmodifiableMap(map);
    }

    private static EventType eventType(ConfigOption<String> option, String value, String expected) {
        return eventType(option, value, expected, value);
    }

    private static EventType eventType(ConfigOption<String> option, String value, String expected, String name) {
        EventType type = eventTypeOrNull(name.trim());
        if (type == null) {
            throw DatasetOptions.invalid(option, value, expected + "; '" + name.trim() + "' is not an event type");
        }
        return type;
    }

    private static EventType eventTypeOrNull(String name) {
        for (EventType type : EventType.values()) {
            if (type.name().equalsIgnoreCase(name)) {
                return type;
            }
        }
        return null;
    }
}
