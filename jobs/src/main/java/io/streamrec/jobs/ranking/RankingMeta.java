package io.streamrec.jobs.ranking;

/** Bookkeeping of one user in {@link RankingFunction}. A Flink POJO. */
public class RankingMeta {

    /** Largest event time seen for the user, in milliseconds. */
    public long lastEventTimeMillis;

    /** Time of the pending expiry timer, or {@link Long#MIN_VALUE} if none is pending. */
    public long expiryTimerMillis = Long.MIN_VALUE;

    /** Creates an empty record, for Flink's POJO serializer. */
    public RankingMeta() {}
}
