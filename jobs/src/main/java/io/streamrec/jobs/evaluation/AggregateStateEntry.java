package io.streamrec.jobs.evaluation;

import org.apache.flink.api.java.tuple.Tuple2;

/**
 * One piece of a {@link MetricsAggregator}'s in-memory state, as written to its operator state at a
 * checkpoint: an open window's accumulator of one segment, a running total of one segment, or the
 * seen-items sketch and first window start of one model and variant.
 *
 * <p>A Flink POJO (public fields, no-argument constructor), so the operator state needs no Kryo.
 * Fields that a {@link Kind} does not use stay null.
 */
public class AggregateStateEntry {

    /** Content type of an entry. */
    public enum Kind {
        /** {@link #windowStart}, {@link #segment} and {@link #accumulator} of one open window. */
        WINDOW,
        /** {@link #segment} and {@link #accumulator} of the running totals. */
        TOTAL,
        /** {@link #seenItems}, {@link #firstWindowStart} and {@link #watermarkSeen} of the model and variant. */
        KEY_SUMMARY
    }

    /** Model of the key. */
    public String model;

    /** A/B variant of the key. */
    public String variant;

    public Kind kind;

    /** WINDOW only: start of the window in epoch milliseconds. */
    public Long windowStart;

    /** WINDOW and TOTAL: the segment name. */
    public String segment;

    /** WINDOW and TOTAL: the segment's sums. */
    public SegmentAccumulator accumulator;

    /** KEY_SUMMARY only: distinct event items since the start. */
    public HyperLogLog seenItems;

    /** KEY_SUMMARY only: start of the earliest window that received an outcome, or null if none did. */
    public Long firstWindowStart;

    /** KEY_SUMMARY only: largest watermark the key's outcomes and timers saw. */
    public Long watermarkSeen;

    /** For Flink's POJO serializer only. */
    public AggregateStateEntry() {}

    static AggregateStateEntry window(Tuple2<String, String> key, long windowStart, String segment, SegmentAccumulator accumulator) {
        AggregateStateEntry entry = forKey(key, Kind.WINDOW);
        entry.windowStart = windowStart;
        entry.segment = segment;
        entry.accumulator = accumulator;
        return entry;
    }

    static AggregateStateEntry total(Tuple2<String, String> key, String segment, SegmentAccumulator accumulator) {
        AggregateStateEntry entry = forKey(key, Kind.TOTAL);
        entry.segment = segment;
        entry.accumulator = accumulator;
        return entry;
    }

    static AggregateStateEntry keySummary(Tuple2<String, String> key, HyperLogLog seenItems, Long firstWindowStart, long watermarkSeen) {
        AggregateStateEntry entry = forKey(key, Kind.KEY_SUMMARY);
        entry.seenItems = seenItems;
        entry.firstWindowStart = firstWindowStart;
        entry.watermarkSeen = watermarkSeen;
        return entry;
    }

    /** Returns the (model, variant) key this entry belongs to. */
    Tuple2<String, String> key() {
        return Tuple2.of(model, variant);
    }

    private static AggregateStateEntry forKey(Tuple2<String, String> key, Kind kind) {
        AggregateStateEntry entry = new AggregateStateEntry();
        entry.model = key.f0;
        entry.variant = key.f1;
        entry.kind = kind;
        return entry;
    }
}
