package io.streamrec.connectors.datasets;

import io.streamrec.schemas.StorefrontEvent;

import java.util.Objects;

/**
 * The result of reading one event from a dataset file: either an event or a rejection with its
 * reason.
 *
 * <p>An accepted row has an event and no raw line, which keeps whole files held in memory small.
 * A rejected row has the raw text it came from, the reason and a detail message naming the field
 * and the value.
 *
 * @param lineNumber 1-based line number in the (decompressed) file
 * @param index position of the event inside its line; 0 except for formats with several events
 *     per line (OTTO)
 * @param event the event, or null for a rejection
 * @param rawLine the text that was rejected (the line, or the JSON element for OTTO), or null
 *     for an accepted row
 * @param reason the rejection reason, or null for an accepted row
 * @param detail a human-readable explanation of the rejection, or null for an accepted row
 */
public record ParsedRow(
        long lineNumber,
        int index,
        StorefrontEvent event,
        String rawLine,
        RejectReason reason,
        String detail) {

    /** Creates an accepted row. */
    public static ParsedRow accepted(long lineNumber, int index, StorefrontEvent event) {
        return new ParsedRow(lineNumber, index, Objects.requireNonNull(event, "event"), null, null, null);
    }

    /** Creates a rejected row. */
    public static ParsedRow rejected(
            long lineNumber, int index, String rawLine, RejectReason reason, String detail) {
        return new ParsedRow(
                lineNumber,
                index,
                null,
                Objects.requireNonNull(rawLine, "rawLine"),
                Objects.requireNonNull(reason, "reason"),
                Objects.requireNonNull(detail, "detail"));
    }

    /** Returns true when the row contains an event, false when it is a rejection. */
    public boolean isAccepted() {
        return event != null;
    }
}
