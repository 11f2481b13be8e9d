package io.streamrec.jobs.cooccurrence;

/**
 * One half of a co-occurrence pair: the stage keyed by {@link #itemId} adds {@link #neighbourId},
 * seen in the same session, to that item's neighbours with the given weight. A Flink POJO.
 */
public class PairUpdate {

    /** Item whose neighbour list is updated; the record is keyed by it. */
    public String itemId;

    /** Item of the event that formed the pair. */
    public String neighbourId;

    /** Category of the neighbour, or null where unknown. */
    public String neighbourCategory;

    /** Event-type weight of the pair, before decay. */
    public double weight;

    /** Event time of the event that formed the pair, in milliseconds. */
    public long eventTimeMillis;

    /** Creates an empty record, for Flink's POJO serializer. */
    public PairUpdate() {}

    public PairUpdate(String itemId, String neighbourId, String neighbourCategory, double weight, long eventTimeMillis) {
        this.itemId = itemId;
        this.neighbourId = neighbourId;
        this.neighbourCategory = neighbourCategory;
        this.weight = weight;
        this.eventTimeMillis = eventTimeMillis;
    }

    @Override
    public String toString() {
        return "PairUpdate{" + itemId + " <- " + neighbourId + ", weight=" + weight + ", time=" + eventTimeMillis + '}';
    }
}
