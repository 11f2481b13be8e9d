package io.streamrec.jobs.popularity;

/** An item's forward-decayed popularity value and its last event time. A Flink POJO. */
public class ItemValue {

    public double value;

    /** Largest event time that changed the value, in milliseconds. */
    public long lastEventTimeMillis;

    /** Creates an empty value, for Flink's POJO serializer. */
    public ItemValue() {}

    public ItemValue(double value, long lastEventTimeMillis) {
        this.value = value;
        this.lastEventTimeMillis = lastEventTimeMillis;
    }
}
