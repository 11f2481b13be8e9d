package io.streamrec.connectors.datasets;

import java.util.List;
import java.util.regex.Pattern;

/** Field checks shared by the readers. Each one throws a {@link RowRejectedException} with the reason. */
final class Fields {
    /** Maximum length of a user, item or session id, as the event schema states. */
    static final int MAX_ID_LENGTH = 256;

    private static final int MAX_SHOWN_VALUE_LENGTH = 80;
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,3})?");

    private Fields() {}

    /** Returns the trimmed id, rejecting an empty value (MISSING_FIELD) or one over {@link #MAX_ID_LENGTH} (OVERSIZED_ID). */
    static String requireId(String value, String field) throws RowRejectedException {
        String id = optional(value);
        if (id == null) {
            throw new RowRejectedException(RejectReason.MISSING_FIELD, "missing " + field);
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw new RowRejectedException(
                    RejectReason.OVERSIZED_ID,
                    field + " has " + id.length() + " characters, more than the maximum " + MAX_ID_LENGTH);
        }
        return id;
    }

    /** Returns the trimmed id, or null when the value is empty; rejects one over {@link #MAX_ID_LENGTH}. */
    static String optionalId(String value, String field) throws RowRejectedException {
        return optional(value) == null ? null : requireId(value, field);
    }

    /** Returns the trimmed value, or null when it is null or blank. */
    static String optional(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }

    /** Returns the trimmed value, rejecting a null or blank one with MISSING_FIELD. */
    static String require(String value, String field) throws RowRejectedException {
        String trimmed = optional(value);
        if (trimmed == null) {
            throw new RowRejectedException(RejectReason.MISSING_FIELD, "missing " + field);
        }
        return trimmed;
    }

    /** Parses a non-negative price; empty gives null, anything else that is not a finite number >= 0 is INVALID_FIELD. */
    static Double optionalPrice(String value, String field) throws RowRejectedException {
        String trimmed = optional(value);
        if (trimmed == null) {
            return null;
        }
        double price = parseDecimal(trimmed, field);
        if (price < 0) {
            throw invalid(field, trimmed, "must not be negative");
        }
        return price;
    }

    /** Parses a quantity of at least 1; empty gives 1. */
    static int optionalQuantity(String value, String field) throws RowRejectedException {
        String trimmed = optional(value);
        if (trimmed == null) {
            return 1;
        }
        int quantity;
        try {
            quantity = Integer.parseInt(trimmed);
        } catch (NumberFormatException e) {
            throw invalid(field, trimmed, "is not an integer");
        }
        if (quantity < 1) {
            throw invalid(field, trimmed, "must be at least 1");
        }
        return quantity;
    }

    /** Parses a finite decimal number such as {@code 4}, {@code 3.5} or {@code 1.2e3}. */
    static double parseDecimal(String value, String field) throws RowRejectedException {
        String trimmed = require(value, field);
        if (!DECIMAL.matcher(trimmed).matches()) {
            throw invalid(field, trimmed, "is not a number");
        }
        return Double.parseDouble(trimmed);
    }

    /** Rejects the row with UNDECODABLE unless it has exactly {@code expected} columns. */
    static void requireColumnCount(List<String> columns, int expected, String shape)
            throws RowRejectedException {
        if (columns.size() != expected) {
            throw new RowRejectedException(
                    RejectReason.UNDECODABLE,
                    "expected " + expected + " columns (" + shape + ") but found " + columns.size());
        }
    }

    /** Creates an INVALID_FIELD rejection naming the field and the value. */
    static RowRejectedException invalid(String field, String value, String problem) {
        return new RowRejectedException(
                RejectReason.INVALID_FIELD, field + " '" + shorten(value) + "' " + problem);
    }

    /** Creates an UNKNOWN_EVENT_TYPE rejection naming the value and the accepted ones. */
    static RowRejectedException unknownType(String field, String value, String accepted) {
        return new RowRejectedException(
                RejectReason.UNKNOWN_EVENT_TYPE,
                field + " '" + shorten(value) + "' is not a known event type; accepted: " + accepted);
    }

    /** Cuts a value for a message, so one huge field cannot make a huge rejection detail. */
    static String shorten(String value) {
        return value.length() <= MAX_SHOWN_VALUE_LENGTH
                ? value
                : value.substring(0, MAX_SHOWN_VALUE_LENGTH) + "...(" + value.length() + " chars)";
    }
}
