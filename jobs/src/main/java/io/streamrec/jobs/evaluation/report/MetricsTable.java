package io.streamrec.jobs.evaluation.report;

import io.streamrec.jobs.evaluation.Segments;
import io.streamrec.jobs.evaluation.report.SnapshotIndex.Group;
import io.streamrec.schemas.MetricsScope;
import io.streamrec.schemas.MetricsSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A plain-text table of the latest running totals per model and variant, for the console: one
 * block over all events and one over next-new-item events, each with the number of events and of
 * tested events behind the rates.
 */
public final class MetricsTable {

    private MetricsTable() {}

    /** Formats the latest TOTAL snapshots found in {@code snapshots}; window snapshots are ignored. */
    public static String format(List<MetricsSnapshot> snapshots) {
        SnapshotIndex index = new SnapshotIndex(snapshots);
        StringBuilder out = new StringBuilder();
        long[] range = index.timeRange();
        out.append("Prequential evaluation, running totals");
        if (range != null) {
            out.append(" from ").append(Formats.time(range[0])).append(" to ").append(Formats.time(range[1]));
        }
        out.append('\n');
        out.append("Rates are over tested events: events of users the model had already shown a list.\n");
        appendBlock(out, index, Segments.ALL, "all events");
        appendBlock(out, index, Segments.NEXT_NEW_ITEM, "next new item (the item differs from the user's previous one)");
        return out.toString();
    }

    /**
     * Formats HR@K, MRR and NDCG at the largest K over the WINDOW snapshots that start in the
     * second half of the event-time range, for all events and next-new-item events: the models
     * after they had half the stream to learn from. Window rates are combined weighted by their
     * tested events. Returns an empty string when there are no such windows.
     */
    public static String formatSecondHalf(List<MetricsSnapshot> snapshots) {
        SnapshotIndex index = new SnapshotIndex(snapshots);
        long[] range = index.timeRange();
        if (range == null) {
            return "";
        }
        long middle = range[0] + (range[1] - range[0]) / 2;
        StringBuilder out = new StringBuilder();
        out.append("Second half of event time (windows starting at or after ").append(Formats.time(middle)).append("), after warm-up\n");
        boolean any = false;
        for (String segment : List.of(Segments.ALL, Segments.NEXT_NEW_ITEM)) {
            List<List<String>> rows = new ArrayList<>();
            List<String> header = new ArrayList<>(List.of("model", "tested"));
            index.cutoffs().forEach(k -> header.add("HR@" + k));
            header.add("MRR@" + index.maxCutoff());
            header.add("NDCG@" + index.maxCutoff());
            rows.add(header);
            for (Group group : index.groups()) {
                List<String> row = secondHalfRow(index, group, segment, middle);
                if (row != null) {
                    rows.add(row);
                }
            }
            if (rows.size() > 1) {
                any = true;
                appendRows(out, rows, Segments.ALL.equals(segment) ? "all events" : "next new item");
            }
        }
        return any ? out.toString() : "";
    }

    /** Returns one row of {@link #formatSecondHalf}, or null when the group tested nothing then. */
    static List<String> secondHalfRow(SnapshotIndex index, Group group, String segment, long middle) {
        long tested = 0;
        int[] cutoffs = index.cutoffs().stream().mapToInt(Integer::intValue).toArray();
        long[] hits = new long[cutoffs.length];
        double reciprocalRanks = 0.0;
        double gains = 0.0;
        int max = index.maxCutoff();
        for (MetricsSnapshot s : index.series(group, MetricsScope.WINDOW, segment)) {
            if (s.getWindowStart().toEpochMilli() < middle || s.getEventsEvaluated() == 0) {
                continue;
            }
            tested += s.getEventsEvaluated();
            for (int i = 0; i < cutoffs.length; i++) {
                hits[i] += SnapshotIndex.at(s, cutoffs[i]).map(c -> c.getHits()).orElse(0L);
            }
            reciprocalRanks += SnapshotIndex.at(s, max).map(c -> c.getMrr()).orElse(0.0) * s.getEventsEvaluated();
            gains += SnapshotIndex.at(s, max).map(c -> c.getNdcg()).orElse(0.0) * s.getEventsEvaluated();
        }
        if (tested == 0) {
            return null;
        }
        List<String> row = new ArrayList<>(List.of(group.label(), Formats.count(tested)));
        for (long hit : hits) {
            row.add(Formats.rate((double) hit / tested));
        }
        row.add(Formats.rate(reciprocalRanks / tested));
        row.add(Formats.rate(gains / tested));
        return row;
    }

    /** Returns the header cells: model, events, tested, HR@K per cut-off, MRR and NDCG at the largest K, and the rest. */
    static List<String> header(SnapshotIndex index) {
        List<String> header = new ArrayList<>(List.of("model", "events", "tested"));
        for (int k : index.cutoffs()) {
            header.add("HR@" + k);
        }
        int max = index.maxCutoff();
        header.add("MRR@" + max);
        header.add("NDCG@" + max);
        header.addAll(List.of("coverage", "fallback", "p50 ms", "p99 ms"));
        return header;
    }

    /** Returns the cells of one row in the order of {@link #header}, with "-" for undefined rates. */
    static List<String> row(SnapshotIndex index, Group group, String segment) {
        List<String> row = new ArrayList<>();
        row.add(group.label());
        Optional<MetricsSnapshot> found = index.finalTotal(group, segment);
        int width = header(index).size();
        if (found.isEmpty()) {
            while (row.size() < width) {
                row.add(Formats.NONE);
            }
            return row;
        }
        MetricsSnapshot s = found.get();
        boolean tested = s.getEventsEvaluated() > 0;
        row.add(Formats.count(s.getEventsReceived()));
        row.add(Formats.count(s.getEventsEvaluated()));
        for (int k : index.cutoffs()) {
            row.add(SnapshotIndex.at(s, k).filter(c -> tested).map(c -> Formats.rate(c.getHitRate())).orElse(Formats.NONE));
        }
        int max = index.maxCutoff();
        row.add(SnapshotIndex.at(s, max).filter(c -> tested).map(c -> Formats.rate(c.getMrr())).orElse(Formats.NONE));
        row.add(SnapshotIndex.at(s, max).filter(c -> tested).map(c -> Formats.rate(c.getNdcg())).orElse(Formats.NONE));
        row.add(Formats.rate(s.getCoverage()));
        row.add(Formats.rate(s.getFallbackShare()));
        row.add(Formats.millis(s.getLatencyP50Ms()));
        row.add(Formats.millis(s.getLatencyP99Ms()));
        return row;
    }

    private static void appendBlock(StringBuilder out, SnapshotIndex index, String segment, String title) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(header(index));
        for (Group group : index.groups()) {
            rows.add(row(index, group, segment));
        }
        appendRows(out, rows, title);
    }

    private static void appendRows(StringBuilder out, List<List<String>> rows, String title) {
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }

        out.append('\n').append(title).append('\n');
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                String pad = " ".repeat(widths[i] - cell.length());
                // The model name reads best left-aligned, numbers right-aligned.
                line.append(i == 0 ? cell + pad : pad + cell);
                if (i < row.size() - 1) {
                    line.append("  ");
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
