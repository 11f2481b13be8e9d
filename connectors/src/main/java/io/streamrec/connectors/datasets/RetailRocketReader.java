package io.streamrec.connectors.datasets;

import io.streamrec.schemas.EventType;
import io.streamrec.schemas.StorefrontEvent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Reads the RetailRocket {@code events.csv} (Kaggle): comma-separated with the header
 * {@code timestamp,visitorid,event,itemid,transactionid}; the timestamp is Unix epoch
 * milliseconds.
 *
 * <p>Events: {@code view} is VIEW, {@code addtocart} is ADD_TO_CART, {@code transaction} is
 * PURCHASE. The visitor id is the user. A transaction id, when present, goes to the event context
 * under {@value #TRANSACTION_ID}; a trailing {@code .0} (written by pandas exports) is removed.
 */
final class RetailRocketReader extends LineDatasetReader {
    static final String TRANSACTION_ID = "transactionId";

    private static final String SHAPE = "timestamp,visitorid,event,itemid,transactionid";

    RetailRocketReader(Path path, String eventIdPrefix) throws IOException {
        super(DatasetFormat.RETAILROCKET, path, eventIdPrefix);
        if (firstLine() != null && firstLine().trim().regionMatches(true, 0, "timestamp", 0, 9)) {
            skipFirstLine();
        }
    }

    @Override
    StorefrontEvent parseEvent(long lineNumber, String line) throws RowRejectedException {
        List<String> fields = CsvLineSplitter.split(line, ',');
        Fields.requireColumnCount(fields, 5, SHAPE);

        Instant time = EventTimes.fromEpochMillis(fields.get(0), "timestamp");
        String visitor = Fields.requireId(fields.get(1), "visitorid");
        EventType type = eventType(Fields.require(fields.get(2), "event"));
        String item = Fields.requireId(fields.get(3), "itemid");
        String transaction = Fields.optional(fields.get(4));
        Map<String, String> context = null;
        if (transaction != null) {
            if (transaction.endsWith(".0")) {
                transaction = transaction.substring(0, transaction.length() - 2);
            }
            context = Map.of(TRANSACTION_ID, transaction);
        }

        return new StorefrontEvent(eventId(lineNumber), visitor, null, item, type, time, null, null, 1, context);
    }

    private static EventType eventType(String value) throws RowRejectedException {
        switch (value) {
            case "view":
                return EventType.VIEW;
            case "addtocart":
                return EventType.ADD_TO_CART;
            case "transaction":
                return EventType.PURCHASE;
            default:
                throw Fields.unknownType("event", value, "view, addtocart, transaction");
        }
    }
}
