package io.streamrec.jobs.evaluation.report;

import io.streamrec.jobs.evaluation.Segments;
import io.streamrec.jobs.evaluation.report.SnapshotIndex.Group;
import io.streamrec.schemas.MetricsScope;
import io.streamrec.schemas.MetricsSnapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Writes one self-contained HTML page from {@link MetricsSnapshot}s: inline CSS and inline SVG
 * charts, no script and no external reference, so the file opens offline and can be attached to
 * a ticket.
 *
 * <p>The page contains the final table per model (all events and next-new-item events, with their
 * counts), HR@K, MRR and NDCG over event time, metrics by event type, coverage with the fallback
 * share, latency, every segment's totals and, when present, the train job's log loss and AUC.
 * Final values come from the latest TOTAL snapshot of each model, variant and segment. Curves show the
 * TOTAL snapshots at the end of each window.
 */
public final class HtmlReport {

    private static final String CSS = """
            body { font-family: Helvetica, Arial, sans-serif; color: #222; margin: 24px auto; max-width: 1180px; padding: 0 16px; }
            h1 { font-size: 24px; margin-bottom: 4px; }
            h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
            h3 { font-size: 14px; margin: 8px 0 2px 0; }
            p.note { color: #555; font-size: 13px; margin: 4px 0 10px 0; }
            table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
            th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: right; white-space: nowrap; }
            th { background: #f4f6f8; }
            td.label, th.label { text-align: left; }
            tr.next td { background: #fafafa; }
            .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 12px 24px; }
            .grid > div { min-width: 0; }
            svg.chart { width: 100%; height: auto; display: block; }
            """;

    /** Latency from which the latency bars show seconds instead of milliseconds. */
    static final double SECONDS_ABOVE_MS = 10_000.0;

    /** Tested events a running total needs before its curve starts. */
    static final long MIN_TESTED_FOR_CURVE = 100;

    private HtmlReport() {}

    /** Writes the report of {@code snapshots} to {@code file} in UTF-8, replacing it. */
    public static void write(List<MetricsSnapshot> snapshots, String title, Path file) throws IOException {
        Files.writeString(file, render(snapshots, title), StandardCharsets.UTF_8);
    }

    /** Returns the report of {@code snapshots} as an HTML document. */
    public static String render(List<MetricsSnapshot> snapshots, String title) {
        // The train job's snapshots count training examples, not ranked events: only its own section shows them.
        SnapshotIndex index = new SnapshotIndex(snapshots.stream()
                .filter(s -> !"train".equals(s.getJob()))
                .toList());
        SnapshotIndex all = new SnapshotIndex(snapshots);
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Svg.escape(title)).append("</title><style>").append(CSS).append("</style></head><body>\n");
        html.append("<h1>").append(Svg.escape(title)).append("</h1>\n");
        long[] range = index.timeRange();
        html.append("<p class=\"note\">");
        if (range != null) {
            html.append("Event time ").append(Formats.time(range[0])).append(" to ").append(Formats.time(range[1])).append(". ");
        }
        html.append("Prequential evaluation over the full catalogue: each event is scored against the list the model last "
                + "showed that user, then the model learns from it. Rates are over <b>tested</b> events, the events of users "
                + "the model had already shown a list; a user's first event is never tested.</p>\n");

        appendFinalTable(html, index);
        String secondHalf = MetricsTable.formatSecondHalf(snapshots.stream().filter(s -> !"train".equals(s.getJob())).toList());
        if (!secondHalf.isEmpty()) {
            html.append("<h3>After warm-up</h3>\n<p class=\"note\">The same rates over the windows of the second half of "
                    + "event time only, combined by tested events: how the models did once they had learned from half "
                    + "the stream.</p>\n<pre>").append(Svg.escape(secondHalf)).append("</pre>\n");
        }
        appendOverTime(html, index);
        appendByEventType(html, index);
        appendCoverage(html, index);
        appendLatency(html, index);
        appendSegments(html, index);
        appendTraining(html, all);
        html.append("</body></html>\n");
        return html.toString();
    }

    private static void appendFinalTable(StringBuilder html, SnapshotIndex index) {
        html.append("<h2>Final metrics per model</h2>\n");
        html.append("<p class=\"note\">Running totals at the end of the last window. <i>next new item</i>: only events whose "
                + "item differs from the user's previous event's item; the list never holds the item just acted on, so a "
                + "repeat can never be a hit.</p>\n");
        List<String> header = MetricsTable.header(index);
        html.append("<table><tr>");
        for (int i = 0; i < header.size(); i++) {
            html.append(i == 0 ? "<th class=\"label\">" : "<th>").append(Svg.escape(header.get(i))).append("</th>");
            if (i == 0) {
                html.append("<th class=\"label\">events counted</th>");
            }
        }
        html.append("</tr>\n");
        for (Group group : index.groups()) {
            appendRow(html, MetricsTable.row(index, group, Segments.ALL), "all events", "");
            appendRow(html, MetricsTable.row(index, group, Segments.NEXT_NEW_ITEM), "next new item", " class=\"next\"");
        }
        html.append("</table>\n");
    }

    private static void appendRow(StringBuilder html, List<String> cells, String segmentLabel, String rowClass) {
        html.append("<tr").append(rowClass).append(">");
        for (int i = 0; i < cells.size(); i++) {
            html.append(i == 0 ? "<td class=\"label\">" : "<td>").append(Svg.escape(cells.get(i))).append("</td>");
            if (i == 0) {
                html.append("<td class=\"label\">").append(segmentLabel).append("</td>");
            }
        }
        html.append("</tr>\n");
    }

    private static void appendOverTime(StringBuilder html, SnapshotIndex index) {
        html.append("<h2>Over event time</h2>\n");
        html.append("<p class=\"note\">Running totals since the start, at the end of each window. A curve starts once it covers 100 tested events (or a twentieth of its final count, if smaller).</p>\n");
        html.append("<div class=\"grid\">\n");
        for (int k : index.cutoffs()) {
            appendTimeChart(html, index, "HR@" + k, "HR@" + k, Segments.ALL,
                    s -> SnapshotIndex.at(s, k).map(c -> c.getHitRate()).orElse(Double.NaN), true);
        }
        int max = index.maxCutoff();
        appendTimeChart(html, index, "MRR@" + max, "MRR@" + max, Segments.ALL,
                s -> SnapshotIndex.at(s, max).map(c -> c.getMrr()).orElse(Double.NaN), true);
        appendTimeChart(html, index, "NDCG@" + max, "NDCG@" + max, Segments.ALL,
                s -> SnapshotIndex.at(s, max).map(c -> c.getNdcg()).orElse(Double.NaN), true);
        appendTimeChart(html, index, "HR@" + max + ", next new item", "HR@" + max, Segments.NEXT_NEW_ITEM,
                s -> SnapshotIndex.at(s, max).map(c -> c.getHitRate()).orElse(Double.NaN), true);
        appendTimeChart(html, index, "MRR@" + max + ", next new item", "MRR@" + max, Segments.NEXT_NEW_ITEM,
                s -> SnapshotIndex.at(s, max).map(c -> c.getMrr()).orElse(Double.NaN), true);
        html.append("</div>\n");
    }

    /** Adds one chart of a snapshot value over time; rates are only plotted where events were tested. */
    private static void appendTimeChart(StringBuilder html, SnapshotIndex index, String title, String yLabel,
            String segment, ToDoubleFunction<MetricsSnapshot> value, boolean needsTested) {
        LineChart chart = new LineChart(yLabel, null);
        List<Group> groups = index.groups();
        for (int g = 0; g < groups.size(); g++) {
            Group group = groups.get(g);
            // Only running totals: a one-minute window often contains a handful of tested events, and
            // its value swings between 0 and 1, which hid the totals and flattened the axis.
            chart.add(new LineChart.Series(group.label(), g, false, true,
                    points(index.series(group, MetricsScope.TOTAL, segment), value, needsTested)));
        }
        html.append("<div><h3>").append(Svg.escape(title)).append("</h3>").append(chart.toSvg()).append("</div>\n");
    }

    /**
     * Returns (window end, value) points. With {@code needsTested}, a running total is drawn only
     * from the window where it covers {@link #MIN_TESTED_FOR_CURVE} tested events, or a twentieth
     * of the final count when that is smaller: the first few events swing a rate between 0 and 1
     * and stretched the axis far above the values that matter.
     */
    static List<double[]> points(List<MetricsSnapshot> series, ToDoubleFunction<MetricsSnapshot> value, boolean needsTested) {
        List<double[]> points = new ArrayList<>();
        long finalTested = series.isEmpty() ? 0 : series.get(series.size() - 1).getEventsEvaluated();
        long minTested = needsTested ? Math.max(1, Math.min(MIN_TESTED_FOR_CURVE, finalTested / 20)) : 0;
        for (MetricsSnapshot s : series) {
            double v = value.applyAsDouble(s);
            if (Double.isNaN(v) || s.getEventsEvaluated() < minTested) {
                continue;
            }
            points.add(new double[] {s.getWindowEnd().toEpochMilli(), v});
        }
        return points;
    }

    private static void appendByEventType(StringBuilder html, SnapshotIndex index) {
        List<String> segments = index.segmentsWithPrefix(Segments.EVENT_TYPE_PREFIX);
        int max = index.maxCutoff();
        html.append("<h2>By event type</h2>\n");
        html.append("<p class=\"note\">Running totals. Under each type: the number of tested events of the first model.</p>\n");
        html.append("<div class=\"grid\">\n");
        html.append("<div><h3>HR@").append(max).append(" by event type</h3>")
                .append(segmentBars(index, segments, Segments.EVENT_TYPE_PREFIX, "HR@" + max,
                        s -> SnapshotIndex.at(s, max).map(c -> c.getHitRate()).orElse(Double.NaN)))
                .append("</div>\n");
        html.append("<div><h3>MRR@").append(max).append(" by event type</h3>")
                .append(segmentBars(index, segments, Segments.EVENT_TYPE_PREFIX, "MRR@" + max,
                        s -> SnapshotIndex.at(s, max).map(c -> c.getMrr()).orElse(Double.NaN)))
                .append("</div>\n");
        html.append("</div>\n");
    }

    /** Draws one bar per model for each segment, skipping segments without tested events. */
    private static String segmentBars(SnapshotIndex index, List<String> segments, String prefix, String yLabel,
            ToDoubleFunction<MetricsSnapshot> value) {
        List<Group> groups = index.groups();
        List<String> testedSegments = new ArrayList<>();
        for (String segment : segments) {
            boolean tested = groups.stream()
                    .map(g -> index.finalTotal(g, segment))
                    .anyMatch(s -> s.isPresent() && s.get().getEventsEvaluated() > 0);
            if (tested) {
                testedSegments.add(segment);
            }
        }
        BarChart chart = new BarChart(yLabel, "%.3f");
        for (String segment : testedSegments) {
            long tested = groups.isEmpty() ? 0
                    : index.finalTotal(groups.get(0), segment).map(MetricsSnapshot::getEventsEvaluated).orElse(0L);
            chart.category(segment.substring(prefix.length()).toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                    "n=" + Formats.count(tested));
        }
        for (Group group : groups) {
            double[] values = new double[testedSegments.size()];
            for (int i = 0; i < testedSegments.size(); i++) {
                Optional<MetricsSnapshot> s = index.finalTotal(group, testedSegments.get(i));
                values[i] = s.isPresent() && s.get().getEventsEvaluated() > 0 ? value.applyAsDouble(s.get()) : Double.NaN;
            }
            chart.series(group.label(), values);
        }
        return chart.toSvg();
    }

    private static void appendCoverage(StringBuilder html, SnapshotIndex index) {
        html.append("<h2>Catalogue coverage and fallback</h2>\n");
        html.append("<p class=\"note\">Coverage: distinct items recommended divided by distinct items seen since the start, both "
                + "HyperLogLog estimates. Fallback: share of lists filled mostly by the popularity fallback.</p>\n");
        html.append("<div class=\"grid\">\n");
        appendTimeChart(html, index, "Coverage over event time", "coverage", Segments.ALL,
                MetricsSnapshot::getCoverage, false);
        List<Group> groups = index.groups();
        BarChart bars = new BarChart("share", "%.3f");
        bars.category("coverage", "").category("fallback share", "");
        for (Group group : groups) {
            Optional<MetricsSnapshot> s = index.finalTotal(group, Segments.ALL);
            bars.series(group.label(), new double[] {
                s.map(MetricsSnapshot::getCoverage).orElse(Double.NaN),
                s.map(MetricsSnapshot::getFallbackShare).orElse(Double.NaN)
            });
        }
        html.append("<div><h3>Final coverage and fallback share</h3>").append(bars.toSvg()).append("</div>\n");
        html.append("</div>\n");
    }

    private static void appendLatency(StringBuilder html, SnapshotIndex index) {
        html.append("<h2>Recommendation latency</h2>\n");
        html.append("<p class=\"note\">Processing time from the event's arrival in the job to the emission of its new list, "
                + "in milliseconds (the bars in seconds when a p99 reaches 10 s). Quantiles from a log-bucket "
                + "histogram, within 6.25% above 15 ms.</p>\n");
        html.append("<div class=\"grid\">\n");
        // Replays of a whole file wait minutes in the backlog: seconds keep the bar labels apart.
        double largest = index.groups().stream()
                .map(group -> index.finalTotal(group, Segments.ALL))
                .flatMap(Optional::stream)
                .mapToDouble(MetricsSnapshot::getLatencyP99Ms)
                .filter(Double::isFinite)
                .max()
                .orElse(0.0);
        boolean seconds = largest >= SECONDS_ABOVE_MS;
        double scale = seconds ? 1000.0 : 1.0;
        BarChart bars = new BarChart(seconds ? "seconds" : "milliseconds", seconds ? "%.0f" : "%.1f");
        bars.category("p50", "").category("p99", "");
        for (Group group : index.groups()) {
            Optional<MetricsSnapshot> s = index.finalTotal(group, Segments.ALL);
            bars.series(group.label(), new double[] {
                s.map(MetricsSnapshot::getLatencyP50Ms).orElse(Double.NaN) / scale,
                s.map(MetricsSnapshot::getLatencyP99Ms).orElse(Double.NaN) / scale
            });
        }
        html.append("<div><h3>Latency since the start</h3>").append(bars.toSvg()).append("</div>\n");
        appendTimeChart(html, index, "p99 latency over event time", "p99 ms", Segments.ALL,
                MetricsSnapshot::getLatencyP99Ms, false);
        html.append("</div>\n");
    }

    private static void appendSegments(StringBuilder html, SnapshotIndex index) {
        int max = index.maxCutoff();
        html.append("<h2>Every segment</h2>\n");
        html.append("<table><tr><th class=\"label\">model</th><th class=\"label\">segment</th><th>events</th><th>tested</th>")
                .append("<th>HR@").append(max).append("</th><th>MRR@").append(max).append("</th><th>NDCG@").append(max)
                .append("</th><th>coverage</th><th>fallback</th></tr>\n");
        for (Group group : index.groups()) {
            for (String segment : Segments.ordered()) {
                Optional<MetricsSnapshot> found = index.finalTotal(group, segment);
                if (found.isEmpty()) {
                    continue;
                }
                MetricsSnapshot s = found.get();
                boolean tested = s.getEventsEvaluated() > 0;
                html.append("<tr><td class=\"label\">").append(Svg.escape(group.label())).append("</td><td class=\"label\">")
                        .append(Svg.escape(segment)).append("</td><td>").append(Formats.count(s.getEventsReceived()))
                        .append("</td><td>").append(Formats.count(s.getEventsEvaluated())).append("</td><td>")
                        .append(SnapshotIndex.at(s, max).filter(c -> tested).map(c -> Formats.rate(c.getHitRate())).orElse(Formats.NONE))
                        .append("</td><td>")
                        .append(SnapshotIndex.at(s, max).filter(c -> tested).map(c -> Formats.rate(c.getMrr())).orElse(Formats.NONE))
                        .append("</td><td>")
                        .append(SnapshotIndex.at(s, max).filter(c -> tested).map(c -> Formats.rate(c.getNdcg())).orElse(Formats.NONE))
                        .append("</td><td>").append(Formats.rate(s.getCoverage())).append("</td><td>")
                        .append(Formats.rate(s.getFallbackShare())).append("</td></tr>\n");
            }
        }
        html.append("</table>\n");
    }

    private static void appendTraining(StringBuilder html, SnapshotIndex index) {
        StringBuilder rows = new StringBuilder();
        for (Group group : index.groups()) {
            Optional<MetricsSnapshot> s = index.finalTotal(group, Segments.ALL);
            if (s.isEmpty() || s.get().getExamples() == null) {
                continue;
            }
            MetricsSnapshot t = s.get();
            rows.append("<tr><td class=\"label\">").append(Svg.escape(group.label())).append("</td><td>")
                    .append(Formats.count(t.getExamples())).append("</td><td>")
                    .append(t.getLogLoss() == null ? Formats.NONE : Formats.rate(t.getLogLoss())).append("</td><td>")
                    .append(t.getAuc() == null ? Formats.NONE : Formats.rate(t.getAuc())).append("</td></tr>\n");
        }
        String versions = modelVersionChart(index);
        if (rows.length() == 0 && versions == null) {
            return;
        }
        html.append("<h2>Learned ranker training</h2>\n");
        if (rows.length() > 0) {
            html.append("<table><tr><th class=\"label\">model</th><th>examples</th><th>log loss</th><th>AUC</th></tr>\n")
                    .append(rows).append("</table>\n");
        }
        if (versions != null) {
            html.append("<p class=\"note\">The newest model version that had ranked any list up to each window's end. "
                    + "Events of one window can be ranked at different moments, because the source reads several partitions "
                    + "at their own pace, so a window alone can show an older version.</p>\n");
            html.append("<div class=\"grid\"><div><h3>Newest model version used for ranking</h3>").append(versions)
                    .append("</div></div>\n");
        }
    }

    /**
     * Draws, per window end, the highest model version of that window and every earlier one. Only
     * groups that ever used a trained model get a line, and null is returned if none did.
     */
    private static String modelVersionChart(SnapshotIndex index) {
        LineChart chart = new LineChart("model version", null);
        List<Group> groups = index.groups();
        boolean any = false;
        for (int g = 0; g < groups.size(); g++) {
            List<MetricsSnapshot> windows = index.series(groups.get(g), MetricsScope.WINDOW, Segments.ALL);
            if (windows.stream().noneMatch(s -> s.getModelVersion() > 0)) {
                continue;
            }
            any = true;
            List<double[]> points = points(windows, s -> s.getModelVersion(), false);
            double newest = 0;
            for (double[] point : points) {
                newest = Math.max(newest, point[1]);
                point[1] = newest;
            }
            chart.add(new LineChart.Series(groups.get(g).label(), g, false, true, points));
        }
        return any ? chart.toSvg() : null;
    }
}
