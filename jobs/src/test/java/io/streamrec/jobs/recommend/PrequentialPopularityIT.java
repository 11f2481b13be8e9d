package io.streamrec.jobs.recommend;

import io.streamrec.connectors.codec.RawRecord;
import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.jobs.evaluation.IndependentPopularityEvaluator;
import io.streamrec.jobs.evaluation.IndependentPopularityEvaluator.Result;
import io.streamrec.jobs.evaluation.IndependentPopularityEvaluator.Settings;
import io.streamrec.jobs.evaluation.Segments;
import io.streamrec.jobs.ranking.RankingOutcome;
import io.streamrec.jobs.ranking.VariantAssignment;
import io.streamrec.jobs.ranking.models.PopularityRanking;
import io.streamrec.schemas.EventType;
import io.streamrec.schemas.MetricsScope;
import io.streamrec.schemas.MetricsSnapshot;
import io.streamrec.schemas.Recommendation;
import io.streamrec.schemas.RejectedEvent;
import io.streamrec.schemas.StorefrontEvent;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The recommend job's prequential popularity metrics, read from its {@link MetricsSnapshot} output,
 * equal those of {@link IndependentPopularityEvaluator} on real samples, at parallelism 1.
 *
 * <p>Configuration: {@code state.ttl} is 3650 days, so that no user or item state expires inside a
 * sample (OTTO's sessions span four weeks, longer than the default 168 hours); every other option
 * keeps its default, which is what the evaluator's default settings assume. The whole sample is one
 * bounded source of Avro-encoded records, so the final watermark closes every evaluation window.
 * Skipped when the data folder is absent.
 */
class PrequentialPopularityIT {

    private static final String OTTO = "otto-recsys2022/train_first20sessions_flat.csv";
    private static final String TAOBAO = "taobao-userbehavior/UserBehavior_head110k_timeordered.csv.gz";
    private static final int TAOBAO_EVENTS = 10_000;
    private static final int[] CUTOFFS = {1, 5, 10, 20};

    /**
     * Tolerance of MRR in units in the last place. The job adds reciprocal ranks per window and then
     * adds the window sums, the evaluator adds them one by one, and the two orders of floating-point
     * addition can differ in the last bits. Counts and hit rates are compared exactly.
     */
    private static final double MRR_ULPS = 8;
    private static final List<String> ALL_MODELS =
            List.of("popularity", "cooccurrence", "cooccurrence-affinity", "learned-ranker");

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(1)
                    .build());

    @TempDir
    Path checkpoints;

    @Test
    void ottoMetricsEqualIndependentEvaluator() throws Exception {
        Path file = dataFile(OTTO);
        List<StorefrontEvent> events = readOtto(file);

        checkAgainstEvaluator(events, "otto");
    }

    @Test
    void taobaoMetricsEqualIndependentEvaluator() throws Exception {
        Path file = dataFile(TAOBAO);
        List<StorefrontEvent> events = readTaobao(file, TAOBAO_EVENTS);

        checkAgainstEvaluator(events, "taobao");
    }

    private void checkAgainstEvaluator(List<StorefrontEvent> events, String name) throws Exception {
        Result expected = new IndependentPopularityEvaluator(new Settings()).replay(events);
        JobOutput output = runJob(events, name);

        assertEquals(List.of(), output.rejects);
        for (boolean nextNewItemOnly : new boolean[] {false, true}) {
            String segment = nextNewItemOnly ? Segments.NEXT_NEW_ITEM : Segments.ALL;
            MetricsSnapshot total = finalTotal(output.metrics, PopularityRanking.NAME, segment);
            assertEquals(expected.tested(nextNewItemOnly), total.getEventsEvaluated(), segment + " events evaluated");
            for (int i = 0; i < CUTOFFS.length; i++) {
                int k = CUTOFFS[i];
                assertEquals(k, total.getCutoffs().get(i).getK());
                assertEquals(expected.hits(k, nextNewItemOnly), total.getCutoffs().get(i).getHits(), segment + " hits@" + k);
                assertEquals(expected.hitRate(k, nextNewItemOnly), total.getCutoffs().get(i).getHitRate(), segment + " HR@" + k);
                double mrr = expected.mrr(k, nextNewItemOnly);
                assertEquals(mrr, total.getCutoffs().get(i).getMrr(), MRR_ULPS * Math.ulp(mrr), segment + " MRR@" + k);
            }
        }
        assertTrue(expected.hits(20, false) > 0, "the sample has popularity hits, so the comparison means something");

        // Shadow evaluation: every model was scored on every event, all in the default variant.
        for (String model : ALL_MODELS) {
            assertEquals(events.size(), finalTotal(output.metrics, model, Segments.ALL).getEventsReceived(), model);
        }
        assertTrue(output.outcomes.stream().allMatch(o -> o.variant.equals(VariantAssignment.DEFAULT_VARIANT)));
        assertEquals(events.size() * ALL_MODELS.size(), output.outcomes.size());
    }

    private JobOutput runJob(List<StorefrontEvent> events, String name) throws Exception {
        List<RawRecord> records = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            records.add(TestData.avroRecord(events.get(i), i));
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        Configuration options = new Configuration();
        options.set(RecommendOptions.STATE_TTL, Duration.ofDays(3650));
        options.set(RecommendOptions.CHECKPOINT_DIR, checkpoints.toUri().toString());

        CollectingSink<Recommendation> recommendations = new CollectingSink<>(name + "-recommendations");
        CollectingSink<RejectedEvent> rejects = new CollectingSink<>(name + "-rejects");
        CollectingSink<RankingOutcome> outcomes = new CollectingSink<>(name + "-outcomes");
        CollectingSink<MetricsSnapshot> metrics = new CollectingSink<>(name + "-metrics");
        RecommendJob.build(env, env.fromData(records).uid(name + "-records"),
                new RecommendSinks(recommendations, rejects, outcomes, metrics, null), options);
        env.execute("prequential popularity " + name);

        return new JobOutput(metrics.records(), outcomes.records(), rejects.records());
    }

    private record JobOutput(List<MetricsSnapshot> metrics, List<RankingOutcome> outcomes, List<RejectedEvent> rejects) {}

    /** Returns the running totals of a model and segment emitted last, which cover every event. */
    private static MetricsSnapshot finalTotal(List<MetricsSnapshot> snapshots, String model, String segment) {
        List<MetricsSnapshot> totals = snapshots.stream()
                .filter(s -> s.getModel().equals(model))
                .filter(s -> s.getScope() == MetricsScope.TOTAL && s.getSegment().equals(segment))
                .toList();
        assertFalse(totals.isEmpty(), "no TOTAL snapshot of " + model + " " + segment);
        return totals.stream().max(Comparator.comparing(MetricsSnapshot::getWindowEnd)).orElseThrow();
    }

    private static Path dataFile(String relative) {
        String dir = System.getProperty("streamrec.data.dir");
        if (dir == null || dir.isBlank()) {
            dir = System.getenv("STREAMREC_DATA_DIR");
        }
        Path file = Path.of(dir == null ? "../shared/data" : dir).resolve(relative);
        assumeTrue(Files.isRegularFile(file), "Skipping: " + file + " not found; set streamrec.data.dir or STREAMREC_DATA_DIR.");
        return file;
    }

    /**
     * Reads OTTO's session,aid,ts,type rows as events of user {@code otto-<session>} on item
     * {@code otto-<aid>}, ordered by time (ties keep file order), because the job ranks in arrival
     * order and the sessions of the file interleave in time.
     */
    private static List<StorefrontEvent> readOtto(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<StorefrontEvent> events = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] cols = lines.get(i).split(",");
            EventType type = switch (cols[3]) {
                case "clicks" -> EventType.VIEW;
                case "carts" -> EventType.ADD_TO_CART;
                case "orders" -> EventType.PURCHASE;
                default -> EventType.OTHER;
            };
            events.add(TestData.event("otto-line-" + i, "otto-" + cols[0], "otto-" + cols[1], type,
                    Long.parseLong(cols[2]), null));
        }
        events.sort(Comparator.comparing(StorefrontEvent::getEventTime));
        return events;
    }

    /** Reads the first {@code limit} user,item,category,behaviour,epoch-seconds rows; the line number is the event id. */
    private static List<StorefrontEvent> readTaobao(Path file, int limit) throws Exception {
        List<StorefrontEvent> events = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            String line;
            while (events.size() < limit && (line = reader.readLine()) != null) {
                String[] cols = line.split(",");
                EventType type = switch (cols[3]) {
                    case "pv" -> EventType.VIEW;
                    case "cart" -> EventType.ADD_TO_CART;
                    case "fav" -> EventType.FAVORITE;
                    case "buy" -> EventType.PURCHASE;
                    default -> EventType.OTHER;
                };
                events.add(TestData.event("taobao-line-" + (events.size() + 1), cols[0], cols[1], type,
                        Instant.ofEpochSecond(Long.parseLong(cols[4])).toEpochMilli(), cols[2]));
            }
        }
        return events;
    }
}
