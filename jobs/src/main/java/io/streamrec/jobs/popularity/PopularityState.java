package io.streamrec.jobs.popularity;

import io.streamrec.jobs.recommend.BoundedTopList;
import io.streamrec.jobs.recommend.ForwardDecay;

/**
 * The small part of the popularity model kept as one value: the decay clock, the global top list
 * and the number of per-category lists. Item values and per-category lists live in a
 * {@link PopularityModel.Store}. A Flink POJO.
 */
public class PopularityState {

    /** Forward-decay clock shared by every item value. */
    public ForwardDecay clock;

    /** Global top list; scores are forward-decayed values on {@link #clock}. */
    public BoundedTopList global;

    /** Number of categories with a top list in the store. */
    public int categoryCount;

    /** Creates an empty state, for Flink's POJO serializer. */
    public PopularityState() {}

    public PopularityState(long halfLifeMillis, int candidates) {
        this.clock = new ForwardDecay(halfLifeMillis);
        this.global = new BoundedTopList(candidates);
    }
}
