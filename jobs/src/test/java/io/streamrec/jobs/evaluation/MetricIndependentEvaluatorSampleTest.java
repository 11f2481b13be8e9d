package io.streamrec.jobs.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamrec.jobs.evaluation.IndependentPopularityEvaluator.Outcome;
import io.streamrec.jobs.evaluation.IndependentPopularityEvaluator.Result;
import io.streamrec.jobs.evaluation.IndependentPopularityEvaluator.Settings;
import io.streamrec.jobs.ranking.RankingOutcome;
import io.streamrec.schemas.EventType;
import io.streamrec.schemas.MetricsScope;
import io.streamrec.schemas.MetricsSnapshot;
import io.streamrec.schemas.StorefrontEvent;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Replays the first 110,300 events of Taobao UserBehavior through {@link IndependentPopularityEvaluator}
 * and checks counts that follow from the data alone, then checks that {@link MetricsAggregator}
 * turns the replay's outcomes into the same rates. Skipped when the data folder is absent.
 */
class MetricIndependentEvaluatorSampleTest {

    private static final String SAMPLE = "taobao-userbehavior/UserBehavior_head110k_timeordered.csv.gz";
    private static final int[] CUTOFFS = {1, 5, 10, 20};
    private static final double EPS = 1e-9;

    private static List<StorefrontEvent> events;
    private static Result result;

    @BeforeAll
    static void replaySample() throws Exception {
        Path file = dataDir().resolve(SAMPLE);
        assumeTrue(Files.isRegularFile(file), "Skipping: " + file + " not found; set streamrec.data.dir or STREAMREC_DATA_DIR.");
        events = readTaobao(file);
        result = new IndependentPopularityEvaluator(new Settings()).replay(events);
    }

    @Test
    void everyUsersFirstEventIsUntested() {
        Set<String> users = new HashSet<>();
        for (StorefrontEvent e : events) {
            users.add(e.getUserId());
        }

        assertEquals(events.size(), result.outcomes().size());
        assertEquals(0, result.duplicates());
        assertEquals(events.size() - users.size(), result.tested(false));
    }

    @Test
    void nextNewItemCountFollowsData() {
        Map<String, String> previousItem = new HashMap<>();
        long expected = 0;
        for (StorefrontEvent e : events) {
            String previous = previousItem.put(e.getUserId(), e.getItemId());
            if (previous != null && !previous.equals(e.getItemId())) {
                expected++;
            }
        }

        assertEquals(expected, result.tested(true));
    }

    @Test
    void ratesGrowWithCutoff() {
        for (int i = 1; i < CUTOFFS.length; i++) {
            assertTrue(result.hitRate(CUTOFFS[i], false) >= result.hitRate(CUTOFFS[i - 1], false), "HR@" + CUTOFFS[i]);
            assertTrue(result.mrr(CUTOFFS[i], false) >= result.mrr(CUTOFFS[i - 1], false), "MRR@" + CUTOFFS[i]);
        }
        assertTrue(result.hitRate(20, false) > 0, "popularity finds some items");
        for (Outcome o : result.outcomes()) {
            assertTrue(o.rank() <= 20, () -> "rank within the list: " + o);
            assertTrue(o.newList().size() <= 20, () -> "list size: " + o);
        }
    }

    @Test
    void aggregatorReproducesReplayRates() throws Exception {
        MetricsAggregator aggregator = new MetricsAggregator("recommend", CUTOFFS, 60_000L, 11);
        List<MetricsSnapshot> snapshots;
        try (KeyedOneInputStreamOperatorTestHarness<Tuple2<String, String>, RankingOutcome, MetricsSnapshot> harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(aggregator, new EvaluationPipeline.ModelVariantKey(),
                        Types.TUPLE(Types.STRING, Types.STRING))) {
            for (int i = 0; i < events.size(); i++) {
                RankingOutcome outcome = toRankingOutcome(events.get(i), result.outcomes().get(i));
                harness.processElement(outcome, outcome.eventTimeMillis);
            }
            harness.processWatermark(new Watermark(Long.MAX_VALUE));
            snapshots = harness.extractOutputValues();
        }

        for (boolean nextNewItemOnly : new boolean[] {false, true}) {
            String segment = nextNewItemOnly ? Segments.NEXT_NEW_ITEM : Segments.ALL;
            MetricsSnapshot total = snapshots.stream()
                    .filter(s -> s.getScope() == MetricsScope.TOTAL && s.getSegment().equals(segment))
                    .reduce((a, b) -> b)
                    .orElseThrow();
            assertEquals(result.tested(nextNewItemOnly), total.getEventsEvaluated(), segment);
            for (int i = 0; i < CUTOFFS.length; i++) {
                int k = CUTOFFS[i];
                assertEquals(result.hits(k, nextNewItemOnly), total.getCutoffs().get(i).getHits(), segment + " hits@" + k);
                assertEquals(result.hitRate(k, nextNewItemOnly), total.getCutoffs().get(i).getHitRate(), EPS, segment + " HR@" + k);
                assertEquals(result.mrr(k, nextNewItemOnly), total.getCutoffs().get(i).getMrr(), EPS, segment + " MRR@" + k);
            }
        }
    }

    private static RankingOutcome toRankingOutcome(StorefrontEvent event, Outcome outcome) {
        RankingOutcome e = new RankingOutcome();
        e.model = "popularity";
        e.variant = "default";
        e.userId = event.getUserId();
        e.eventId = event.getEventId();
        e.eventItemId = event.getItemId();
        e.eventType = event.getEventType();
        e.eventTimeMillis = event.getEventTime().toEpochMilli();
        e.rank = outcome.rank();
        e.newUser = !outcome.tested();
        e.nextNewItem = outcome.nextNewItem();
        e.mostlyFallback = true;
        e.newListItemIds = new ArrayList<>(outcome.newList());
        return e;
    }

    private static Path dataDir() {
        String dir = System.getProperty("streamrec.data.dir");
        if (dir == null || dir.isBlank()) {
            dir = System.getenv("STREAMREC_DATA_DIR");
        }
        return Path.of(dir == null ? "../shared/data" : dir);
    }

    /** Reads user,item,category,behaviour,epoch-seconds rows; the line number is the event id. */
    private static List<StorefrontEvent> readTaobao(Path file) throws Exception {
        List<StorefrontEvent> read = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String[] cols = line.split(",");
                EventType type = switch (cols[3]) {
                    case "pv" -> EventType.VIEW;
                    case "cart" -> EventType.ADD_TO_CART;
                    case "fav" -> EventType.FAVORITE;
                    case "buy" -> EventType.PURCHASE;
                    default -> EventType.OTHER;
                };
                // The all-arguments constructor, because the Avro builder resolves every default per record.
                read.add(new StorefrontEvent("line-" + (read.size() + 1), cols[0], null, cols[1], type,
                        Instant.ofEpochSecond(Long.parseLong(cols[4])), cols[2], null, 1, null));
            }
        }
        return read;
    }
}
