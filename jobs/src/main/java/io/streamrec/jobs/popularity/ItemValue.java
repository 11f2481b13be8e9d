package io.streamrec.jobs.popularity;

/** An item's forward-decayed popularity value and its last event time. A Flink POJO. */
public class ItemValue {

    public double value;

    /** Largest event time that changed the value, in milliseconds. */
    public long lastEventTimeMillis;

    /** Smallest event time that changed the value since the item was last swept, in milliseconds. */
    public long firstSeenMillis;

    /** Creates an empty value, for Flink's POJO serializer. */
    public ItemValue() {}

    public ItemValue(double value, long lastEventTimeMillis, long firstSeenMillis) {
        this.value = value;
        this.lastEventTimeMillis = lastEventTimeMillis;
        this.firstSeenMillis = firstSeenMillis;
    }
}
