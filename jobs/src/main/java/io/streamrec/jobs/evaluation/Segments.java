package io.streamrec.jobs.evaluation;

import io.streamrec.jobs.ranking.RankingOutcome;
import io.streamrec.schemas.EventType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Names of the segments that metrics are computed over. Every event belongs to {@link #ALL}, to
 * the segment of its event type, to one of {@link #NEW_USER} and {@link #RETURNING_USER}, and to
 * {@link #NEXT_NEW_ITEM} when its item differs from the user's previous item.
 */
public final class Segments {

    /** Every event. */
    public static final String ALL = "all";

    /** Events whose item differs from the item of the same user's previous event. */
    public static final String NEXT_NEW_ITEM = "next-new-item";

    /** Prefix of the per-event-type segments, followed by the {@link EventType} symbol. */
    public static final String EVENT_TYPE_PREFIX = "event-type:";

    /** Events of users that no list had been shown to yet: never tested. */
    public static final String NEW_USER = "new-user";

    /** Events of users that had been shown a list: the tested events. */
    public static final String RETURNING_USER = "returning-user";

    private static final List<String> ORDERED = buildOrdered();

    private Segments() {}

    /** Returns every segment name in a fixed order: all, next-new-item, each event type, new-user, returning-user. */
    public static List<String> ordered() {
        return ORDERED;
    }

    /** Returns the segment of one event type. */
    public static String ofEventType(EventType type) {
        return EVENT_TYPE_PREFIX + (type == null ? EventType.OTHER : type).name();
    }

    /** Returns the segments {@code event} belongs to, in the order of {@link #ordered()}. */
    public static List<String> of(RankingOutcome event) {
        List<String> segments = new ArrayList<>(4);
        segments.add(ALL);
        if (event.nextNewItem) {
            segments.add(NEXT_NEW_ITEM);
        }
        segments.add(ofEventType(event.eventType));
        segments.add(event.newUser ? NEW_USER : RETURNING_USER);
        return segments;
    }

    private static List<String> buildOrdered() {
        List<String> names = new ArrayList<>();
        names.add(ALL);
        names.add(NEXT_NEW_ITEM);
        for (EventType type : EventType.values()) {
            names.add(ofEventType(type));
        }
        names.add(NEW_USER);
        names.add(RETURNING_USER);
        return Collections.unmodifiableList(names);
    }
}
