package io.streamrec.jobs.cooccurrence;

import io.streamrec.jobs.recommend.EnrichedEvent;

/**
 * A record from the profile stage to the co-occurrence stage: exactly one of an enriched event or
 * a pair update. One record type on one channel keeps the order in which the profile stage emitted
 * them, which two connected inputs would not. A Flink POJO.
 */
public class CooccurrenceInput {

    /** The event, or null when this record is a pair update. */
    public EnrichedEvent event;

    /** The pair update, or null when this record is an event. */
    public PairUpdate pair;

    /** Creates an empty record, for Flink's POJO serializer. */
    public CooccurrenceInput() {}

    public static CooccurrenceInput of(EnrichedEvent event) {
        CooccurrenceInput input = new CooccurrenceInput();
        input.event = event;
        return input;
    }

    public static CooccurrenceInput of(PairUpdate pair) {
        CooccurrenceInput input = new CooccurrenceInput();
        input.pair = pair;
        return input;
    }

    /** Returns the item the record is keyed by. */
    public String itemId() {
        return event != null ? event.itemId() : pair.itemId;
    }
}
