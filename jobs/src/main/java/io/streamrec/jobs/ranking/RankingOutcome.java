package io.streamrec.jobs.ranking;

import io.streamrec.schemas.EventType;

import java.util.ArrayList;
import java.util.List;

/**
 * The test-then-train outcome of one event for one model: where the event's item stood in the
 * list that model last showed the user, and the list that replaced it. The ranking stage emits one
 * per (event, model), so prequential evaluation only consumes these. A Flink POJO.
 */
public class RankingOutcome {

    public String model;

    /** A/B variant of the user. */
    public String variant;

    /** Version of the model that made the new list; 0 for fixed models and built-in weights. */
    public long modelVersion;

    public String userId;

    public String eventId;

    /** Item of the event that was tested. */
    public String eventItemId;

    public EventType eventType;

    /** Event time in milliseconds. */
    public long eventTimeMillis;

    /** 1-based rank of the event's item in the model's previous list; 0 for a miss or no list. */
    public int rank;

    /** Size of the model's previous list; 0 when the user had none. */
    public int previousListSize;

    /** Whether the user had no profile before this event. */
    public boolean newUser;

    /** Whether the event's item differs from the item of the user's previous event (true without one). */
    public boolean nextNewItem;

    /** Whether more than half of the new list came from the popularity fallback. */
    public boolean mostlyFallback;

    /** Processing time in milliseconds when the record reached the job. */
    public long arrivalMillis;

    /** Processing time in milliseconds when the new list was made. */
    public long emittedAtMillis;

    /** The new list's item ids, best first. */
    public List<String> newListItemIds = new ArrayList<>();

    /** Creates an empty record, for Flink's POJO serializer. */
    public RankingOutcome() {}

    /** Returns whether the event's item was in the previous list. */
    public boolean hit() {
        return rank > 0;
    }

    @Override
    public String toString() {
        return "RankingOutcome{" + model + ", user=" + userId + ", event=" + eventId + ", item=" + eventItemId
                + ", rank=" + rank + "/" + previousListSize + ", new=" + newList() + '}';
    }

    private String newList() {
        return newListItemIds.toString();
    }
}
