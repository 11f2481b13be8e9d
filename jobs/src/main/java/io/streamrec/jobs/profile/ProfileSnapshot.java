package io.streamrec.jobs.profile;

import io.streamrec.jobs.recommend.ScoredItem;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of a user's profile the ranking stage uses, taken right after the event it travels
 * with updated the profile. A Flink POJO.
 */
public class ProfileSnapshot {

    /** Recent interactions, newest first; the first one is the current event. */
    public List<RecentItem> recentItems = new ArrayList<>();

    /**
     * Items of the current session paired with the current event's item: distinct, newest first,
     * without the event's own item, at most {@code cooccurrence.session-items}.
     */
    public List<RecentItem> sessionItems = new ArrayList<>();

    /** Items the user purchased, newest first. */
    public List<String> purchasedItems = new ArrayList<>();

    /**
     * Category affinities, strongest first. {@link ScoredItem#itemId} contains the category id and
     * the score is the affinity decayed to the event time.
     */
    public List<ScoredItem> topCategories = new ArrayList<>();

    /** Whether the user had no profile before this event (first event, or state expired). */
    public boolean newUser;

    /**
     * Position of this event in the user's profile, from 1 for the first event after the profile
     * was created. The ranking stage uses it to restore each user's order after the item stage.
     */
    public long sequence;

    /** Item of the user's previous event, or null for a new user. */
    public String previousItemId;

    /** Creates an empty snapshot, for Flink's POJO serializer. */
    public ProfileSnapshot() {}
}
