package io.streamrec.jobs.ranking;

import io.streamrec.jobs.recommend.ScoredItem;

import java.util.ArrayList;
import java.util.List;

/** An item's neighbour list as it travelled with one event, and that event's time. A Flink POJO. */
public class CachedNeighbours {

    /** Neighbours, scores decayed to {@link #eventTimeMillis}. */
    public List<ScoredItem> neighbours = new ArrayList<>();

    /** Event time the scores are decayed to, in milliseconds. */
    public long eventTimeMillis;

    /** Creates an empty entry, for Flink's POJO serializer. */
    public CachedNeighbours() {}

    public CachedNeighbours(List<ScoredItem> neighbours, long eventTimeMillis) {
        this.neighbours = neighbours;
        this.eventTimeMillis = eventTimeMillis;
    }
}
