package io.streamrec.connectors.datasets;

import io.streamrec.schemas.EventType;
import io.streamrec.schemas.StorefrontEvent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Reads the Tianchi mobile recommendation file ({@code tianchi_mobile_recommend_train_user.csv}):
 * comma-separated with the header
 * {@code user_id,item_id,behavior_type,user_geohash,item_category,time}.
 *
 * <p>The time is {@code yyyy-MM-dd HH}, an hour in China Standard Time (UTC+8), so every event of
 * one hour gets the same time. Behaviour types: 1 (click) is VIEW, 2 (collect) is FAVORITE, 3 is
 * ADD_TO_CART, 4 is PURCHASE. A non-empty geohash goes to the event context under
 * {@value #GEOHASH}.
 */
final class TianchiReader extends LineDatasetReader {
    static final String GEOHASH = "userGeohash";
    static final ZoneId CHINA_TIME = ZoneId.of("Asia/Shanghai");

    private static final String SHAPE = "user_id,item_id,behavior_type,user_geohash,item_category,time";
    private static final TimeFormat HOUR_FORMAT = TimeFormat.pattern("yyyy-MM-dd HH", CHINA_TIME);

    TianchiReader(Path path, String eventIdPrefix) throws IOException {
        super(DatasetFormat.TIANCHI, path, eventIdPrefix);
        if (firstLine() != null && firstLine().trim().startsWith("user_id")) {
            skipFirstLine();
        }
    }

    @Override
    StorefrontEvent parseEvent(long lineNumber, String line) throws RowRejectedException {
        List<String> fields = CsvLineSplitter.split(line, ',');
        Fields.requireColumnCount(fields, 6, SHAPE);

        String user = Fields.requireId(fields.get(0), "user_id");
        String item = Fields.requireId(fields.get(1), "item_id");
        EventType type = behaviorType(Fields.require(fields.get(2), "behavior_type"));
        String geohash = Fields.optional(fields.get(3));
        String category = Fields.optional(fields.get(4));
        Instant time = HOUR_FORMAT.toInstant(fields.get(5), "time");
        Map<String, String> context = geohash == null ? null : Map.of(GEOHASH, geohash);

        return new StorefrontEvent(eventId(lineNumber), user, null, item, type, time, category, null, 1, context);
    }

    private static EventType behaviorType(String value) throws RowRejectedException {
        switch (value) {
            case "1":
                return EventType.VIEW;
            case "2":
                return EventType.FAVORITE;
            case "3":
                return EventType.ADD_TO_CART;
            case "4":
                return EventType.PURCHASE;
            default:
                throw Fields.unknownType("behavior_type", value, "1 (click), 2 (collect), 3 (cart), 4 (buy)");
        }
    }
}
