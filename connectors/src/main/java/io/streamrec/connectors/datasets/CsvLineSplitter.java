package io.streamrec.connectors.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one delimited line into fields, with RFC 4180 quoting: a field that starts with a
 * double quote runs to the matching closing quote, and a doubled quote inside it stands for one
 * quote. Quotes inside an unquoted field are kept as they are. Fields are not trimmed.
 *
 * <p>NOTE: a quoted field cannot span lines, because readers split the file into lines first.
 * None of the supported datasets has line breaks inside fields.
 */
final class CsvLineSplitter {
    private static final char QUOTE = '"';

    private CsvLineSplitter() {}

    /** Splits {@code line} at {@code delimiter}; broken quoting is rejected as UNDECODABLE. */
    static List<String> split(String line, char delimiter) throws RowRejectedException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int length = line.length();
        while (true) {
            field.setLength(0);
            if (i < length && line.charAt(i) == QUOTE) {
                i = readQuoted(line, i + 1, delimiter, field);
            } else {
                int end = line.indexOf(delimiter, i);
                end = end < 0 ? length : end;
                field.append(line, i, end);
                i = end;
            }
            fields.add(field.toString());

            if (i >= length) {
                return fields;
            }
            i++; // skips the delimiter; a delimiter at the very end adds one empty field
            if (i == length) {
                fields.add("");
                return fields;
            }
        }
    }

    /** Appends the quoted field starting after its opening quote; returns the index after the closing quote. */
    private static int readQuoted(String line, int start, char delimiter, StringBuilder field)
            throws RowRejectedException {
        int i = start;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c != QUOTE) {
                field.append(c);
                i++;
            } else if (i + 1 < line.length() && line.charAt(i + 1) == QUOTE) {
                field.append(QUOTE);
                i += 2;
            } else {
                int next = i + 1;
                if (next < line.length() && line.charAt(next) != delimiter) {
                    throw new RowRejectedException(
                            RejectReason.UNDECODABLE,
                            "unexpected character after the closing quote at position " + next);
                }
                return next;
            }
        }
        throw new RowRejectedException(
                RejectReason.UNDECODABLE, "quoted field opened at position " + (start - 1) + " is not closed");
    }
}
