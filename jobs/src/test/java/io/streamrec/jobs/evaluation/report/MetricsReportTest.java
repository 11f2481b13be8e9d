package io.streamrec.jobs.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.jobs.evaluation.Segments;
import io.streamrec.schemas.CutoffMetrics;
import io.streamrec.schemas.MetricsScope;
import io.streamrec.schemas.MetricsSnapshot;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Tests of {@link HtmlReport} and {@link MetricsTable}. */
class MetricsReportTest {

    private static final List<String> MODELS = List.of("popularity", "cooccurrence", "cooccurrence-affinity");

    /** HR@1, 5, 10 and 20, MRR, NDCG, HR and MRR of next new items, 2 by event type, 2 coverage, 2 latency. */
    private static final int CHARTS = 4 + 4 + 2 + 2 + 2;

    @Test
    void reportShowsEveryModelAndFinalNumbers() throws Exception {
        List<MetricsSnapshot> snapshots = SyntheticSnapshots.build(MODELS, 18, 300, 7);

        String html = HtmlReport.render(snapshots, "streamrec evaluation");

        for (String model : MODELS) {
            assertTrue(html.contains(">" + model + "<"), "model " + model);
            MetricsSnapshot all = finalTotal(snapshots, model, Segments.ALL);
            MetricsSnapshot next = finalTotal(snapshots, model, Segments.NEXT_NEW_ITEM);
            assertTrue(html.contains(">" + Formats.rate(hitRate(all, 20)) + "<"), model + " HR@20 over all events");
            assertTrue(html.contains(">" + Formats.rate(hitRate(next, 20)) + "<"), model + " HR@20 over next new items");
            assertTrue(html.contains(">" + Formats.count(all.getEventsEvaluated()) + "<"), model + " tested events");
        }
        Files.writeString(Path.of("target", "evaluation-report-sample.html"), html);
    }

    @Test
    void reportIsSelfContained() {
        String html = HtmlReport.render(SyntheticSnapshots.build(MODELS, 6, 100, 3), "report");

        assertEquals(CHARTS, count(html, "<svg"));
        assertEquals(CHARTS, count(html, "</svg>"));
        assertFalse(html.contains("http"), "external reference");
        assertFalse(html.contains("<script"), "script");
        assertFalse(html.contains("NaN"), "undefined number");
    }

    @Test
    void handBuiltSnapshotShowsItsValues() {
        MetricsSnapshot total = snapshot("pop<ular>", Segments.ALL, MetricsScope.TOTAL, 8, 0.5, 0.25);

        String html = HtmlReport.render(List.of(total), "one model");
        String table = MetricsTable.format(List.of(total));

        assertTrue(html.contains("pop&lt;ular&gt;"));
        assertFalse(html.contains("pop<ular>"));
        assertTrue(html.contains(">0.5000<"));
        assertTrue(html.contains(">0.2500<"));
        assertTrue(table.contains("pop<ular>"));
        assertTrue(table.contains("0.5000"));
        assertTrue(table.contains("0.2500"));
    }

    @Test
    void tableLabelsBothSegmentsWithCounts() {
        List<MetricsSnapshot> snapshots = new ArrayList<>();
        snapshots.add(snapshot("popularity", Segments.ALL, MetricsScope.TOTAL, 1_200, 0.125, 0.05));
        snapshots.add(snapshot("popularity", Segments.NEXT_NEW_ITEM, MetricsScope.TOTAL, 900, 0.1875, 0.07));

        String table = MetricsTable.format(snapshots);

        String[] blocks = table.split("\n\n");
        assertEquals(3, blocks.length, table);
        assertTrue(blocks[1].startsWith("all events\n"), table);
        assertTrue(blocks[1].contains("1,200"), blocks[1]);
        assertTrue(blocks[1].contains("0.1250"), blocks[1]);
        assertTrue(blocks[2].startsWith("next new item"), table);
        assertTrue(blocks[2].contains("900"), blocks[2]);
        assertTrue(blocks[2].contains("0.1875"), blocks[2]);
        for (String column : List.of("HR@1", "HR@5", "HR@10", "HR@20", "MRR@20", "NDCG@20", "tested")) {
            assertTrue(blocks[1].contains(column), column + " in " + blocks[1]);
        }
    }

    @Test
    void untestedSegmentShowsDashNotZero() {
        MetricsSnapshot none = snapshot("popularity", Segments.ALL, MetricsScope.TOTAL, 0, 0.0, 0.0);

        String table = MetricsTable.format(List.of(none));

        String row = table.lines().filter(l -> l.startsWith("popularity")).findFirst().orElseThrow();
        assertFalse(row.contains("0.0000  0.0000  0.0000"), row);
        assertTrue(row.contains(" - "), row);
    }

    @Test
    void latestTotalWins() {
        MetricsSnapshot early = snapshot("popularity", Segments.ALL, MetricsScope.TOTAL, 10, 0.1, 0.1);
        MetricsSnapshot late = MetricsSnapshot.newBuilder(snapshot("popularity", Segments.ALL, MetricsScope.TOTAL, 20, 0.3, 0.2))
                .setWindowEnd(early.getWindowEnd().plusSeconds(60))
                .build();

        String table = MetricsTable.format(List.of(late, early));

        assertTrue(table.contains("0.3000"), table);
        assertFalse(table.contains("0.1000"), table);
    }

    @Test
    void timeTicksUseRoundSpacing() {
        assertEquals(30 * 60_000L, LineChart.timeStep(3 * 3_600_000.0));
        assertEquals(10_000L, LineChart.timeStep(50_000.0));
        assertEquals(24 * 3_600_000L, LineChart.timeStep(6 * 24 * 3_600_000.0));
    }

    @Test
    void curvesStartOnceEnoughEventsAreTested() {
        List<MetricsSnapshot> large = List.of(
                snapshot("cooccurrence", "all", MetricsScope.TOTAL, 1, 1.0, 1.0),
                snapshot("cooccurrence", "all", MetricsScope.TOTAL, 99, 0.9, 0.5),
                snapshot("cooccurrence", "all", MetricsScope.TOTAL, 100, 0.4, 0.2),
                snapshot("cooccurrence", "all", MetricsScope.TOTAL, 10_000, 0.3, 0.1));
        List<double[]> points = HtmlReport.points(large, MetricsSnapshot::getFallbackShare, true);
        assertEquals(2, points.size(), "100 tested events, as the final count is large");

        List<MetricsSnapshot> small = List.of(
                snapshot("cooccurrence", "all", MetricsScope.TOTAL, 0, 0.0, 0.0),
                snapshot("cooccurrence", "all", MetricsScope.TOTAL, 9, 1.0, 1.0),
                snapshot("cooccurrence", "all", MetricsScope.TOTAL, 10, 0.5, 0.2),
                snapshot("cooccurrence", "all", MetricsScope.TOTAL, 200, 0.3, 0.1));
        assertEquals(2, HtmlReport.points(small, MetricsSnapshot::getFallbackShare, true).size(), "a twentieth of 200");
        assertEquals(4, HtmlReport.points(small, MetricsSnapshot::getFallbackShare, false).size());
    }

    @Test
    void latencyBarsSwitchToSecondsForReplayBacklogs() {
        MetricsSnapshot quick = snapshot("cooccurrence", "all", MetricsScope.TOTAL, 10, 0.5, 0.2);
        MetricsSnapshot backlog = snapshot("cooccurrence", "all", MetricsScope.TOTAL, 10, 0.5, 0.2);
        backlog.setLatencyP50Ms(60_000.0);
        backlog.setLatencyP99Ms(120_000.0);

        String fast = HtmlReport.render(List.of(quick), "fast");
        String slow = HtmlReport.render(List.of(backlog), "slow");

        assertTrue(fast.contains(">milliseconds<"), "17 ms stays in milliseconds");
        assertFalse(fast.contains(">seconds<"));
        assertTrue(slow.contains(">seconds<"), "120 s is shown in seconds");
        assertTrue(slow.contains(">120<"), "the p99 bar is labelled 120");
    }

    @Test
    void secondHalfCombinesLaterWindowsByTestedEvents() {
        long[] tested = {1_000, 1_000, 100, 300};
        double[] hitRates = {0.9, 0.9, 0.5, 0.1};
        double[] mrrs = {0.9, 0.9, 0.4, 0.2};
        List<MetricsSnapshot> windows = new ArrayList<>();
        for (int i = 0; i < tested.length; i++) {
            MetricsSnapshot s = snapshot("cooccurrence", "all", MetricsScope.WINDOW, tested[i], hitRates[i], mrrs[i]);
            s.setWindowStart(Instant.ofEpochMilli(SyntheticSnapshots.T0 + i * SyntheticSnapshots.WINDOW));
            s.setWindowEnd(Instant.ofEpochMilli(SyntheticSnapshots.T0 + (i + 1) * SyntheticSnapshots.WINDOW));
            windows.add(s);
        }
        SnapshotIndex index = new SnapshotIndex(windows);
        long middle = SyntheticSnapshots.T0 + 2 * SyntheticSnapshots.WINDOW;

        List<String> row = MetricsTable.secondHalfRow(index, index.groups().get(0), "all", middle);

        // Only the last two windows: hits@20 50 + 30 of 400 tested; reciprocal ranks 40 + 60.
        assertEquals(List.of("cooccurrence", "400"), row.subList(0, 2));
        assertEquals("0.2000", row.get(5), "HR@20");
        assertEquals("0.2500", row.get(6), "MRR@20");
        assertTrue(MetricsTable.formatSecondHalf(windows).contains("cooccurrence"));
        assertEquals("", MetricsTable.formatSecondHalf(List.of()));
    }

    private static MetricsSnapshot snapshot(String model, String segment, MetricsScope scope, long tested, double hitRate20, double mrr20) {
        List<CutoffMetrics> cutoffs = new ArrayList<>();
        for (int k : new int[] {1, 5, 10, 20}) {
            double rate = k == 20 ? hitRate20 : hitRate20 * k / 40.0;
            cutoffs.add(CutoffMetrics.newBuilder().setK(k).setHits(Math.round(rate * tested)).setHitRate(rate)
                    .setMrr(k == 20 ? mrr20 : mrr20 / 2).setNdcg(k == 20 ? 0.3 : 0.1).build());
        }
        return MetricsSnapshot.newBuilder()
                .setJob("recommend")
                .setModel(model)
                .setVariant("default")
                .setScope(scope)
                .setSegment(segment)
                .setWindowStart(Instant.ofEpochMilli(SyntheticSnapshots.T0))
                .setWindowEnd(Instant.ofEpochMilli(SyntheticSnapshots.T0 + SyntheticSnapshots.WINDOW))
                .setEventsReceived(tested + 5)
                .setEventsEvaluated(tested)
                .setCutoffs(cutoffs)
                .setCoverage(0.42)
                .setItemsRecommended(42)
                .setItemsSeen(100)
                .setFallbackShare(0.3)
                .setLatencyP50Ms(3.0)
                .setLatencyP99Ms(17.0)
                .setEmittedAt(Instant.ofEpochMilli(SyntheticSnapshots.T0 + SyntheticSnapshots.WINDOW + 1))
                .build();
    }

    private static MetricsSnapshot finalTotal(List<MetricsSnapshot> snapshots, String model, String segment) {
        return snapshots.stream()
                .filter(s -> s.getModel().equals(model) && s.getSegment().equals(segment) && s.getScope() == MetricsScope.TOTAL)
                .max((a, b) -> a.getWindowEnd().compareTo(b.getWindowEnd()))
                .orElseThrow();
    }

    private static double hitRate(MetricsSnapshot s, int k) {
        return s.getCutoffs().stream().filter(c -> c.getK() == k).findFirst().orElseThrow().getHitRate();
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
