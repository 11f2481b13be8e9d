package io.streamrec.jobs.recommend;

import io.streamrec.jobs.profile.ProfileSnapshot;
import io.streamrec.schemas.StorefrontEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * A valid, non-duplicate event with what each stage attached to it on the way to ranking: the
 * profile snapshot, the event item's neighbours and the popularity lists. A Flink POJO.
 */
public class EnrichedEvent {

    public StorefrontEvent event;

    /**
     * Processing time in milliseconds when the record reached the job: the source record's
     * timestamp when positive, else the time the parse step saw it.
     */
    public long arrivalMillis;

    /** Set by the profile stage. */
    public ProfileSnapshot profile;

    /** The event item's top neighbours, scores decayed to the event time; set by the co-occurrence stage. */
    public List<ScoredItem> neighbours = new ArrayList<>();

    /** Global top list, scores decayed to the event time; set by the popularity stage. */
    public List<ScoredItem> popularGlobal = new ArrayList<>();

    /** Top list of the event's category (empty without a category); set by the popularity stage. */
    public List<ScoredItem> popularCategory = new ArrayList<>();

    /** Creates an empty record, for Flink's POJO serializer. */
    public EnrichedEvent() {}

    public EnrichedEvent(StorefrontEvent event, long arrivalMillis) {
        this.event = event;
        this.arrivalMillis = arrivalMillis;
    }

    public String userId() {
        return event.getUserId();
    }

    public String itemId() {
        return event.getItemId();
    }

    public long eventTimeMillis() {
        return event.getEventTime().toEpochMilli();
    }
}
