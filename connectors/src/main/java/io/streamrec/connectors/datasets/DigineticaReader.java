package io.streamrec.connectors.datasets;

import io.streamrec.schemas.EventType;
import io.streamrec.schemas.StorefrontEvent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Reads the DIGINETICA (CIKM Cup 2016) views or purchases file, semicolon-separated. The column
 * count of line 1 (the header, if present) identifies the file:
 * <ul>
 *   <li>views ({@code train-item-views.csv}):
 *       {@code session_id;user_id;item_id;timeframe;eventdate}, read as VIEW;
 *   <li>purchases ({@code train-purchases.csv}):
 *       {@code sessionId;userId;timeframe;eventdate;ordernumber;itemId}, read as PURCHASE with
 *       the order number in the event context under {@value #ORDER_NUMBER}.
 * </ul>
 * The event time is midnight UTC of {@code eventdate} plus {@code timeframe} milliseconds (the
 * dataset gives no zone). The user is the user id, or {@code session-<session id>} when the user
 * id is {@code NA} or empty; the prefix keeps anonymous sessions apart from user ids, which are
 * numbers too. Event ids are {@code <prefix>:views:<line>} and {@code <prefix>:purchases:<line>},
 * so both files can be replayed into one topic.
 */
final class DigineticaReader extends LineDatasetReader {
    static final String ORDER_NUMBER = "orderNumber";
    static final String ANONYMOUS_USER_PREFIX = "session-";

    private static final String VIEWS_SHAPE = "session_id;user_id;item_id;timeframe;eventdate";
    private static final String PURCHASES_SHAPE = "sessionId;userId;timeframe;eventdate;ordernumber;itemId";
    private static final int VIEWS_COLUMNS = 5;
    private static final int PURCHASES_COLUMNS = 6;
    private static final String ANONYMOUS = "NA";

    private final boolean purchases;
    private final String kindPrefix;

    DigineticaReader(Path path, String eventIdPrefix) throws IOException {
        super(DatasetFormat.DIGINETICA, path, eventIdPrefix);
        String first = firstLine() == null ? "" : firstLine().trim();
        purchases = first.split(";", -1).length == PURCHASES_COLUMNS;
        if (first.regionMatches(true, 0, "session", 0, 7)) {
            skipFirstLine();
        }
        kindPrefix = eventIdPrefix + (purchases ? ":purchases:" : ":views:");
    }

    @Override
    StorefrontEvent parseEvent(long lineNumber, String line) throws RowRejectedException {
        List<String> fields = CsvLineSplitter.split(line, ';');
        String id = kindPrefix + lineNumber;
        if (purchases) {
            Fields.requireColumnCount(fields, PURCHASES_COLUMNS, PURCHASES_SHAPE);
            String session = Fields.requireId(fields.get(0), "sessionId");
            String user = userId(fields.get(1), session);
            Instant time = eventTime(fields.get(3), fields.get(2));
            String order = Fields.require(fields.get(4), "ordernumber");
            String item = Fields.requireId(fields.get(5), "itemId");
            return new StorefrontEvent(id, user, session, item, EventType.PURCHASE, time, null, null, 1,
                    Map.of(ORDER_NUMBER, order));
        }
        Fields.requireColumnCount(fields, VIEWS_COLUMNS, VIEWS_SHAPE);
        String session = Fields.requireId(fields.get(0), "session_id");
        String user = userId(fields.get(1), session);
        String item = Fields.requireId(fields.get(2), "item_id");
        Instant time = eventTime(fields.get(4), fields.get(3));
        return new StorefrontEvent(id, user, session, item, EventType.VIEW, time, null, null, 1, null);
    }

    private static String userId(String value, String session) throws RowRejectedException {
        String user = Fields.optional(value);
        if (user == null || ANONYMOUS.equals(user)) {
            return Fields.requireId(ANONYMOUS_USER_PREFIX + session, "session_id");
        }
        return Fields.requireId(user, "user_id");
    }

    private static Instant eventTime(String dateValue, String timeframeValue) throws RowRejectedException {
        String dateText = Fields.require(dateValue, "eventdate");
        LocalDate date;
        try {
            date = LocalDate.parse(dateText);
        } catch (DateTimeParseException e) {
            throw Fields.invalid("eventdate", dateText, "is not a date yyyy-MM-dd");
        }
        String timeframeText = Fields.require(timeframeValue, "timeframe");
        long timeframe;
        try {
            timeframe = Long.parseLong(timeframeText);
        } catch (NumberFormatException e) {
            throw Fields.invalid("timeframe", timeframeText, "is not an integer number of milliseconds");
        }
        if (timeframe < 0) {
            throw Fields.invalid("timeframe", timeframeText, "must not be negative");
        }
        Instant midnight = date.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant time;
        try {
            time = midnight.plusMillis(timeframe);
        } catch (ArithmeticException | DateTimeException e) {
            throw new RowRejectedException(RejectReason.TIMESTAMP_OUT_OF_RANGE,
                    "eventdate " + dateText + " plus timeframe " + timeframeText + " ms is out of range");
        }
        return EventTimes.checkRange(time, "eventdate+timeframe", dateText + "+" + timeframeText + "ms");
    }
}
