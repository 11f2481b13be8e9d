package io.streamrec.jobs.evaluation.report;

import io.streamrec.schemas.CutoffMetrics;
import io.streamrec.schemas.MetricsScope;
import io.streamrec.schemas.MetricsSnapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Snapshots sorted for reporting: per model and variant, per scope and segment, in windowEnd
 * order. When several snapshots share a group, scope, segment and windowEnd (a restarted job
 * re-emitting a window, say), the one emitted last wins.
 */
final class SnapshotIndex {

    /** A model and A/B variant: one line of every table and one series of every chart. */
    record Group(String model, String variant) implements Comparable<Group> {

        /** Returns the model name, followed by the variant in brackets unless it is "default". */
        String label() {
            return "default".equals(variant) ? model : model + " (" + variant + ")";
        }

        @Override
        public int compareTo(Group other) {
            int byModel = model.compareTo(other.model);
            return byModel != 0 ? byModel : variant.compareTo(other.variant);
        }
    }

    private record SeriesKey(Group group, MetricsScope scope, String segment) {}

    private final Map<SeriesKey, TreeMap<Long, MetricsSnapshot>> series = new LinkedHashMap<>();
    private final TreeSet<Group> groups = new TreeSet<>();
    private final TreeSet<Integer> cutoffs = new TreeSet<>();

    SnapshotIndex(List<MetricsSnapshot> snapshots) {
        for (MetricsSnapshot s : snapshots) {
            Group group = new Group(s.getModel(), s.getVariant());
            groups.add(group);
            for (CutoffMetrics c : s.getCutoffs()) {
                cutoffs.add(c.getK());
            }
            TreeMap<Long, MetricsSnapshot> byEnd =
                    series.computeIfAbsent(new SeriesKey(group, s.getScope(), s.getSegment()), k -> new TreeMap<>());
            long end = s.getWindowEnd().toEpochMilli();
            MetricsSnapshot existing = byEnd.get(end);
            if (existing == null || !existing.getEmittedAt().isAfter(s.getEmittedAt())) {
                byEnd.put(end, s);
            }
        }
    }

    List<Group> groups() {
        return new ArrayList<>(groups);
    }

    /** Returns every cut-off K found in any snapshot, ascending. */
    List<Integer> cutoffs() {
        return new ArrayList<>(cutoffs);
    }

    /** Returns the largest cut-off, or 0 when no snapshot has one. */
    int maxCutoff() {
        return cutoffs.isEmpty() ? 0 : cutoffs.last();
    }

    /** Returns the group's snapshots of one scope and segment in windowEnd order. */
    List<MetricsSnapshot> series(Group group, MetricsScope scope, String segment) {
        TreeMap<Long, MetricsSnapshot> byEnd = series.get(new SeriesKey(group, scope, segment));
        return byEnd == null ? List.of() : new ArrayList<>(byEnd.values());
    }

    /** Returns the group's latest running totals of one segment. */
    Optional<MetricsSnapshot> finalTotal(Group group, String segment) {
        TreeMap<Long, MetricsSnapshot> byEnd = series.get(new SeriesKey(group, MetricsScope.TOTAL, segment));
        return byEnd == null || byEnd.isEmpty() ? Optional.empty() : Optional.of(byEnd.lastEntry().getValue());
    }

    /** Returns the segments starting with {@code prefix} that occur in any snapshot, sorted. */
    List<String> segmentsWithPrefix(String prefix) {
        TreeSet<String> found = new TreeSet<>();
        for (SeriesKey key : series.keySet()) {
            if (key.segment().startsWith(prefix)) {
                found.add(key.segment());
            }
        }
        return new ArrayList<>(found);
    }

    /** Returns the earliest windowStart and latest windowEnd of all snapshots, or null when there are none. */
    long[] timeRange() {
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (TreeMap<Long, MetricsSnapshot> byEnd : series.values()) {
            for (MetricsSnapshot s : byEnd.values()) {
                start = Math.min(start, s.getWindowStart().toEpochMilli());
                end = Math.max(end, s.getWindowEnd().toEpochMilli());
            }
        }
        return start == Long.MAX_VALUE ? null : new long[] {start, end};
    }

    /** Returns the metrics at cut-off {@code k}, if the snapshot has that cut-off. */
    static Optional<CutoffMetrics> at(MetricsSnapshot s, int k) {
        return s.getCutoffs().stream().filter(c -> c.getK() == k).findFirst();
    }

    static Comparator<MetricsSnapshot> byWindowEnd() {
        return Comparator.comparing(MetricsSnapshot::getWindowEnd);
    }
}
