package io.streamrec.jobs.ranking;

import io.streamrec.schemas.EventType;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The test-then-train outcome of one event for one model: where the event's item stood in the
 * list that model last showed the user, and the list that replaced it. The ranking stage emits one
 * per (event, model), and the evaluation (`EvaluationPipeline`) consumes only these. A Flink POJO:
 * public no-argument constructor and public fields, so that Flink serializes it without Kryo.
 *
 * <p>An event is <em>tested</em> when {@link #newUser} is false, that is when the model had shown
 * this user a list before. Events of new users are counted, and their new lists feed coverage,
 * fallback share and latency, but they never enter HR, MRR or NDCG.
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

    /** Whether the user had no profile before this event, so that no model had shown the user a list. */
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

    /** Returns true when the event is scored: the model had shown the user a list before. */
    public boolean tested() {
        return !newUser;
    }

    /** Returns the recommendation latency in milliseconds: emission minus arrival, at least 0. */
    public long latencyMillis() {
        return Math.max(0L, emittedAtMillis - arrivalMillis);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RankingOutcome other)) {
            return false;
        }
        return modelVersion == other.modelVersion
                && eventTimeMillis == other.eventTimeMillis
                && rank == other.rank
                && previousListSize == other.previousListSize
                && newUser == other.newUser
                && nextNewItem == other.nextNewItem
                && mostlyFallback == other.mostlyFallback
                && arrivalMillis == other.arrivalMillis
                && emittedAtMillis == other.emittedAtMillis
                && Objects.equals(model, other.model)
                && Objects.equals(variant, other.variant)
                && Objects.equals(userId, other.userId)
                && Objects.equals(eventId, other.eventId)
                && Objects.equals(eventItemId, other.eventItemId)
                && eventType == other.eventType
                && Objects.equals(newListItemIds, other.newListItemIds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, variant, userId, eventId, eventTimeMillis);
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
