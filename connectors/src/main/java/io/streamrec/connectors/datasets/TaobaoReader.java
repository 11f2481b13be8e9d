package io.streamrec.connectors.datasets;

import io.streamrec.schemas.EventType;
import io.streamrec.schemas.StorefrontEvent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Reads the Taobao UserBehavior file ({@code UserBehavior.csv}, Alibaba Tianchi): comma-separated,
 * no header, columns {@code user_id,item_id,category_id,behavior_type,timestamp}, where the
 * timestamp is Unix epoch seconds.
 *
 * <p>Behaviours: {@code pv} (item page view) is VIEW, {@code cart} is ADD_TO_CART, {@code fav} is
 * FAVORITE, {@code buy} is PURCHASE. The file has no sessions.
 */
final class TaobaoReader extends LineDatasetReader {
    private static final String SHAPE = "user_id,item_id,category_id,behavior_type,timestamp";

    TaobaoReader(Path path, String eventIdPrefix) throws IOException {
        super(DatasetFormat.TAOBAO, path, eventIdPrefix);
    }

    @Override
    StorefrontEvent parseEvent(long lineNumber, String line) throws RowRejectedException {
        List<String> fields = CsvLineSplitter.split(line, ',');
        Fields.requireColumnCount(fields, 5, SHAPE);

        String user = Fields.requireId(fields.get(0), "user_id");
        String item = Fields.requireId(fields.get(1), "item_id");
        String category = Fields.optional(fields.get(2));
        EventType type = behaviorType(Fields.require(fields.get(3), "behavior_type"));
        Instant time = EventTimes.fromEpochSeconds(fields.get(4), "timestamp");

        return new StorefrontEvent(eventId(lineNumber), user, null, item, type, time, category, null, 1, null);
    }

    private static EventType behaviorType(String value) throws RowRejectedException {
        switch (value) {
            case "pv":
                return EventType.VIEW;
            case "cart":
                return EventType.ADD_TO_CART;
            case "fav":
                return EventType.FAVORITE;
            case "buy":
                return EventType.PURCHASE;
            default:
                throw Fields.unknownType("behavior_type", value, "pv, cart, fav, buy");
        }
    }
}
