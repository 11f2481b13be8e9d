package io.streamrec.jobs.evaluation;

import io.streamrec.jobs.ranking.RankingOutcome;

import org.apache.flink.api.java.tuple.Tuple2;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-memory aggregates of one model and variant inside a {@link MetricsAggregator}: one
 * {@link SegmentAccumulator} per open window and segment, one per segment for the running totals,
 * the seen-items sketch and the start of the first window.
 *
 * <p>Not thread-safe: only the task thread touches it, between checkpoints and at them.
 */
final class KeyAggregates {

    private final int[] cutoffs;
    private final int coveragePrecision;

    /** Open windows by start, each with its accumulators by segment. */
    private final Map<Long, Map<String, SegmentAccumulator>> openWindows = new HashMap<>();

    /** Running totals by segment. */
    private final Map<String, SegmentAccumulator> totals = new HashMap<>();

    private final HyperLogLog seenItems;

    /** Start of the earliest window that received an outcome, or null before the first one. */
    private Long firstWindowStart;

    /**
     * Largest watermark this key's outcomes and timers saw, kept across restores. Flink restarts
     * the watermark after a restore, and without this bound an outcome of a window that closed
     * before the checkpoint would open that window again.
     */
    private long watermarkSeen = Long.MIN_VALUE;

    KeyAggregates(int[] cutoffs, int coveragePrecision) {
        this.cutoffs = cutoffs;
        this.coveragePrecision = coveragePrecision;
        this.seenItems = new HyperLogLog(coveragePrecision);
    }

    /** Records the current watermark of an outcome or timer of this key. */
    void observeWatermark(long watermark) {
        watermarkSeen = Math.max(watermarkSeen, watermark);
    }

    /** Returns whether the window that ends at {@code windowEnd} closed, given the current watermark. */
    boolean isClosed(long windowEnd, long currentWatermark) {
        return windowEnd - 1 <= Math.max(currentWatermark, watermarkSeen);
    }

    /** Adds the event item to the seen-items sketch. */
    void recordSeenItem(RankingOutcome event) {
        seenItems.add(event.eventItemId);
    }

    /** Adds {@code event} to its segments of the window that starts at {@code windowStart}. */
    void addToWindow(long windowStart, RankingOutcome event, List<String> segments) {
        Map<String, SegmentAccumulator> window = openWindows.computeIfAbsent(windowStart, start -> new HashMap<>());
        for (String segment : segments) {
            window.computeIfAbsent(segment, this::newAccumulator).add(event, cutoffs);
        }
        if (firstWindowStart == null || windowStart < firstWindowStart) {
            firstWindowStart = windowStart;
        }
    }

    /** Adds a late {@code event} straight to the running totals of its segments. */
    void addToTotals(RankingOutcome event, List<String> segments) {
        for (String segment : segments) {
            totals.computeIfAbsent(segment, this::newAccumulator).add(event, cutoffs);
        }
    }

    /**
     * Removes the window that starts at {@code windowStart}, merges it into the running totals and
     * returns its accumulators by segment. The map is empty if the window received no outcome.
     */
    Map<String, SegmentAccumulator> closeWindow(long windowStart) {
        Map<String, SegmentAccumulator> window = openWindows.remove(windowStart);
        if (window == null) {
            return Collections.emptyMap();
        }
        for (Map.Entry<String, SegmentAccumulator> entry : window.entrySet()) {
            totals.computeIfAbsent(entry.getKey(), this::newAccumulator).merge(entry.getValue());
        }
        return window;
    }

    /** Returns the running total of {@code segment}, or null if no outcome of it arrived yet. */
    SegmentAccumulator total(String segment) {
        return totals.get(segment);
    }

    /** Returns the estimated number of distinct event items since the start. */
    long itemsSeen() {
        return seenItems.estimate();
    }

    /** Returns the start of the first window that received an outcome, or {@code fallback} if none did. */
    long firstWindowStartOr(long fallback) {
        return firstWindowStart == null ? fallback : firstWindowStart;
    }

    /** Returns the number of accumulators of open windows, over all windows and segments. */
    int openWindowAccumulators() {
        int count = 0;
        for (Map<String, SegmentAccumulator> window : openWindows.values()) {
            count += window.size();
        }
        return count;
    }

    /** Appends this key's state to {@code out} as checkpoint entries. */
    void writeEntries(Tuple2<String, String> key, List<AggregateStateEntry> out) {
        out.add(AggregateStateEntry.keySummary(key, seenItems, firstWindowStart, watermarkSeen));
        for (Map.Entry<String, SegmentAccumulator> total : totals.entrySet()) {
            out.add(AggregateStateEntry.total(key, total.getKey(), total.getValue()));
        }
        for (Map.Entry<Long, Map<String, SegmentAccumulator>> window : openWindows.entrySet()) {
            for (Map.Entry<String, SegmentAccumulator> segment : window.getValue().entrySet()) {
                out.add(AggregateStateEntry.window(key, window.getKey(), segment.getKey(), segment.getValue()));
            }
        }
    }

    /**
     * Restores one checkpoint entry of this key. Entries of the same window and segment are merged,
     * so the caller must restore each entry once, or its outcomes count twice.
     */
    void restore(AggregateStateEntry entry) {
        switch (entry.kind) {
            case KEY_SUMMARY -> {
                seenItems.merge(entry.seenItems);
                if (entry.watermarkSeen != null) {
                    observeWatermark(entry.watermarkSeen);
                }
                if (entry.firstWindowStart != null
                        && (firstWindowStart == null || entry.firstWindowStart < firstWindowStart)) {
                    firstWindowStart = entry.firstWindowStart;
                }
            }
            case TOTAL -> totals.computeIfAbsent(entry.segment, this::newAccumulator).merge(entry.accumulator);
            case WINDOW -> openWindows.computeIfAbsent(entry.windowStart, start -> new HashMap<>())
                    .computeIfAbsent(entry.segment, this::newAccumulator)
                    .merge(entry.accumulator);
        }
    }

    private SegmentAccumulator newAccumulator(String segment) {
        // Only the "all" segment keeps latency and coverage: see SegmentAccumulator's light form.
        return new SegmentAccumulator(cutoffs.length, coveragePrecision, Segments.ALL.equals(segment));
    }
}
