package io.streamrec.jobs.profile;

import io.streamrec.schemas.EventType;

/** One recent interaction of a user: the item, its category, what the user did and when. A Flink POJO. */
public class RecentItem {

    public String itemId;

    /** Category of the item, or null where unknown. */
    public String category;

    public EventType eventType;

    /** Event time in milliseconds since the epoch. */
    public long eventTimeMillis;

    /** Creates an empty entry, for Flink's POJO serializer. */
    public RecentItem() {}

    public RecentItem(String itemId, String category, EventType eventType, long eventTimeMillis) {
        this.itemId = itemId;
        this.category = category;
        this.eventType = eventType;
        this.eventTimeMillis = eventTimeMillis;
    }

    @Override
    public String toString() {
        return eventType + " " + itemId + "@" + eventTimeMillis;
    }
}
