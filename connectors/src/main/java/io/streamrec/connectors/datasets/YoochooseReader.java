package io.streamrec.connectors.datasets;

import io.streamrec.schemas.EventType;
import io.streamrec.schemas.StorefrontEvent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Reads YOOCHOOSE (RecSys Challenge 2015) clicks in either of two shapes, chosen per line:
 * <ul>
 *   <li>the tab-separated file prepared by session-rec and GRU4Rec, header
 *       {@code SessionId ItemId Time}, time in Unix epoch seconds with a decimal fraction;
 *   <li>the original comma-separated {@code yoochoose-clicks.dat}
 *       ({@code session,timestamp,item,category}, ISO-8601 time such as
 *       {@code 2014-04-07T10:51:09.277Z}); category {@code 0} means missing and is dropped,
 *       {@code S} (special offer) and brand numbers are kept as the category. Lines of the
 *       original {@code yoochoose-buys.dat} ({@code session,timestamp,item,price,quantity}) are
 *       read as PURCHASE.
 * </ul>
 * Clicks are VIEW. The dataset has no user ids, so the session id is both the user and the
 * session of each event.
 */
final class YoochooseReader extends LineDatasetReader {
    private static final String PREPARED_SHAPE = "SessionId<TAB>ItemId<TAB>Time";
    private static final TimeFormat ISO_TIME = TimeFormat.parse(TimeFormat.ISO_8601, ZoneOffset.UTC);
    private static final String MISSING_CATEGORY = "0";

    YoochooseReader(Path path, String eventIdPrefix) throws IOException {
        super(DatasetFormat.YOOCHOOSE, path, eventIdPrefix);
        if (firstLine() != null && firstLine().trim().startsWith("SessionId")) {
            skipFirstLine();
        }
    }

    @Override
    StorefrontEvent parseEvent(long lineNumber, String line) throws RowRejectedException {
        if (line.indexOf('\t') >= 0) {
            return parsePrepared(lineNumber, CsvLineSplitter.split(line, '\t'));
        }
        List<String> fields = CsvLineSplitter.split(line, ',');
        if (fields.size() == 4) {
            return parseClick(lineNumber, fields);
        }
        if (fields.size() == 5) {
            return parseBuy(lineNumber, fields);
        }
        throw new RowRejectedException(RejectReason.UNDECODABLE, "expected 3 tab-separated columns ("
                + PREPARED_SHAPE + "), or 4 (click) or 5 (buy) comma-separated columns, but found "
                + fields.size() + " comma-separated columns");
    }

    private StorefrontEvent parsePrepared(long lineNumber, List<String> fields) throws RowRejectedException {
        Fields.requireColumnCount(fields, 3, PREPARED_SHAPE);
        String session = Fields.requireId(fields.get(0), "SessionId");
        String item = Fields.requireId(fields.get(1), "ItemId");
        Instant time = EventTimes.fromEpochSeconds(fields.get(2), "Time");
        return new StorefrontEvent(eventId(lineNumber), session, session, item, EventType.VIEW, time, null, null, 1, null);
    }

    private StorefrontEvent parseClick(long lineNumber, List<String> fields) throws RowRejectedException {
        String session = Fields.requireId(fields.get(0), "session id");
        Instant time = ISO_TIME.toInstant(fields.get(1), "timestamp");
        String item = Fields.requireId(fields.get(2), "item id");
        String category = Fields.optional(fields.get(3));
        if (MISSING_CATEGORY.equals(category)) {
            category = null;
        }
        return new StorefrontEvent(eventId(lineNumber), session, session, item, EventType.VIEW, time, category, null, 1, null);
    }

    private StorefrontEvent parseBuy(long lineNumber, List<String> fields) throws RowRejectedException {
        String session = Fields.requireId(fields.get(0), "session id");
        Instant time = ISO_TIME.toInstant(fields.get(1), "timestamp");
        String item = Fields.requireId(fields.get(2), "item id");
        Double price = Fields.optionalPrice(fields.get(3), "price");
        // The original buys file writes 0 where price or quantity is unknown; the schema needs a quantity >= 1.
        if (price != null && price == 0) {
            price = null;
        }
        String quantityText = Fields.optional(fields.get(4));
        int quantity = "0".equals(quantityText) ? 1 : Fields.optionalQuantity(quantityText, "quantity");
        return new StorefrontEvent(eventId(lineNumber), session, session, item, EventType.PURCHASE, time, null, price, quantity, null);
    }
}
