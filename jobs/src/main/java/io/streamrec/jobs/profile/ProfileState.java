package io.streamrec.jobs.profile;

import io.streamrec.jobs.recommend.BoundedTopList;
import io.streamrec.jobs.recommend.ForwardDecay;

import java.util.ArrayList;
import java.util.List;

/** The profile of one user as {@link ProfileFunction} keeps it. A Flink POJO. */
public class ProfileState {

    /** Recent interactions in arrival order, newest first, at most {@code profile.recent-items}. */
    public List<RecentItem> recent = new ArrayList<>();

    /** Distinct purchased items, newest first, at most {@code profile.purchased-items}. */
    public List<String> purchased = new ArrayList<>();

    /** Clock of the category affinities. */
    public ForwardDecay affinityClock;

    /**
     * Category affinities as forward-decayed values ({@link io.streamrec.jobs.recommend.ScoredItem#itemId}
     * contains the category id), at most {@code profile.categories}. A full list drops the weakest.
     */
    public BoundedTopList affinities;

    /** Largest event time seen, in milliseconds. */
    public long lastEventTimeMillis;

    /** Number of events this profile has taken in since it was created; numbers the events. */
    public long eventCount;

    /** Time of the pending expiry timer, or {@link Long#MIN_VALUE} if none is pending. */
    public long expiryTimerMillis = Long.MIN_VALUE;

    /** Creates an empty profile, for Flink's POJO serializer. */
    public ProfileState() {}
}
