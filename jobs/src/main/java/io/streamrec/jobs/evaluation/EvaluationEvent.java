package io.streamrec.jobs.evaluation;

import io.streamrec.schemas.EventType;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The prequential outcome of one event for one model: how the event's item ranked in the list the
 * model last showed the user, and facts about the new list the model made after the event.
 *
 * <p>The ranking stage emits one per event and model. A plain Flink POJO: public no-argument
 * constructor and public fields, so that Flink serializes it without Kryo.
 *
 * <p>An event is <em>tested</em> when {@link #newUser} is false, that is when the model had shown
 * this user a list before. Events of new users are counted, and their new lists feed coverage,
 * fallback share and latency, but they never enter HR, MRR or NDCG.
 */
public class EvaluationEvent {

    /** Model name, such as {@code popularity} or {@code cooccurrence}. */
    public String model;

    /** A/B variant of the user. */
    public String variant;

    public String userId;

    public String eventId;

    /** Item the event acted on: the item that is looked up in the previous list. */
    public String eventItem;

    public EventType eventType;

    /** Event time in milliseconds since the Unix epoch. Windows are assigned by this time. */
    public long eventTime;

    /** 1-based rank of {@link #eventItem} in the model's previous list for the user; 0 for a miss or no list. */
    public int rank;

    /** Length of the model's previous list for the user; 0 when there was none. */
    public int previousListSize;

    /** True when the model had shown the user no list before this event, so the event is not tested. */
    public boolean newUser;

    /** True when {@link #eventItem} differs from the item of the user's previous event. */
    public boolean nextNewItem;

    /** True when most of the new list came from the popularity fallback. */
    public boolean fallbackList;

    /** Processing time in milliseconds when the job received the event. */
    public long arrivedAt;

    /** Processing time in milliseconds when the new list was emitted. */
    public long emittedAt;

    /** Item ids of the new list, best first. */
    public List<String> recommendedItems = new ArrayList<>();

    public EvaluationEvent() {}

    /** Returns the recommendation latency in milliseconds: emission minus arrival, at least 0. */
    public long latencyMillis() {
        return Math.max(0L, emittedAt - arrivedAt);
    }

    /** Returns true when the event is scored: the model had shown the user a list before. */
    public boolean tested() {
        return !newUser;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof EvaluationEvent other)) {
            return false;
        }
        return eventTime == other.eventTime
                && rank == other.rank
                && previousListSize == other.previousListSize
                && newUser == other.newUser
                && nextNewItem == other.nextNewItem
                && fallbackList == other.fallbackList
                && arrivedAt == other.arrivedAt
                && emittedAt == other.emittedAt
                && Objects.equals(model, other.model)
                && Objects.equals(variant, other.variant)
                && Objects.equals(userId, other.userId)
                && Objects.equals(eventId, other.eventId)
                && Objects.equals(eventItem, other.eventItem)
                && eventType == other.eventType
                && Objects.equals(recommendedItems, other.recommendedItems);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, variant, userId, eventId, eventTime);
    }

    @Override
    public String toString() {
        return "EvaluationEvent{model=" + model + ", variant=" + variant + ", userId=" + userId
                + ", eventId=" + eventId + ", eventItem=" + eventItem + ", eventType=" + eventType
                + ", eventTime=" + eventTime + ", rank=" + rank + ", newUser=" + newUser
                + ", nextNewItem=" + nextNewItem + ", fallbackList=" + fallbackList + "}";
    }
}
