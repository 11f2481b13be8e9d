package io.streamrec.jobs.cooccurrence;

import io.streamrec.jobs.recommend.BoundedTopList;
import io.streamrec.jobs.recommend.ForwardDecay;

/** The neighbours of one item as {@link CooccurrenceFunction} keeps them. A Flink POJO. */
public class NeighbourState {

    /** Clock of this item's pair weights. */
    public ForwardDecay clock;

    /** Neighbours with forward-decayed pair weights, at most {@code cooccurrence.neighbours}. */
    public BoundedTopList neighbours;

    /** Largest event time seen for this item, in milliseconds. */
    public long lastEventTimeMillis;

    /** Time of the pending expiry timer, or {@link Long#MIN_VALUE} if none is pending. */
    public long expiryTimerMillis = Long.MIN_VALUE;

    /** Creates an empty state, for Flink's POJO serializer. */
    public NeighbourState() {}

    public NeighbourState(long halfLifeMillis, int capacity) {
        this.clock = new ForwardDecay(halfLifeMillis);
        this.neighbours = new BoundedTopList(capacity);
    }

    /** Adds a forward-decayed pair weight for {@code neighbourId} at {@code eventTimeMillis}. */
    public void addPair(String neighbourId, String neighbourCategory, double weight, long eventTimeMillis) {
        double factor = clock.rebaseFactor(eventTimeMillis);
        if (factor != 1.0) {
            neighbours.scale(factor);
        }
        neighbours.add(neighbourId, neighbourCategory, weight * clock.growth(eventTimeMillis));
        lastEventTimeMillis = Math.max(lastEventTimeMillis, eventTimeMillis);
    }
}
