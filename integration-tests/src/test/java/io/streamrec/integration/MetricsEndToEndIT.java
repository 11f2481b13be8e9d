package io.streamrec.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrec.connectors.replay.ReplayProducer;
import io.streamrec.connectors.replay.ReplayStats;
import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.jobs.evaluation.EvaluationMetricNames;
import io.streamrec.jobs.evaluation.EvaluationOptions;
import io.streamrec.jobs.evaluation.EvaluationPipeline;
import io.streamrec.jobs.evaluation.Segments;
import io.streamrec.schemas.MetricsScope;
import io.streamrec.schemas.MetricsSnapshot;
import io.streamrec.schemas.Recommendation;
import io.streamrec.schemas.StorefrontEvent;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the recommend job with two A/B variants on the first {@value #EVENTS} Taobao UserBehavior
 * events through Kafka, and checks its evaluation output: the {@link MetricsSnapshot} records on the
 * metrics topic (read with {@code read_committed}), the variant and model of every
 * {@link Recommendation}, and the evaluation gauges served by the MiniCluster's REST API.
 *
 * <p>The variant of each user is computed here from the documented rule (32-bit FNV-1a of the
 * UTF-8 user id, unsigned, modulo the total weight, variants owning consecutive ranges in listed
 * order), without the job's classes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsEndToEndIT {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndToEndIT.class);

    /** The first 5,000 Taobao events: 4,286 users over the first 417 seconds of the sample. */
    private static final int EVENTS = 5_000;

    private static final String CONTROL = "control";
    private static final String CONTROL_MODEL = "cooccurrence";
    private static final int CONTROL_WEIGHT = 50;
    private static final String TREATMENT = "treatment";
    private static final String TREATMENT_MODEL = "popularity";
    private static final int TREATMENT_WEIGHT = 50;

    /** About 14 windows over the 417 seconds of input, so that several close while the job runs. */
    private static final Duration EVALUATION_WINDOW = Duration.ofSeconds(30);

    /** The cut-off of the gauge read through the REST API; one of the default cut-offs. */
    private static final int GAUGE_CUTOFF = 20;

    private static final Duration OUTPUT_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final Duration GAUGE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();

    private StreamrecTestCluster cluster;
    private Configuration options;
    private List<StorefrontEvent> events;
    private ReplayStats replayStats;
    private List<Recommendation> recommendations;
    private List<MetricsSnapshot> snapshots;
    private Map<String, String> gauges;

    @BeforeAll
    void runJob(@TempDir Path workDir) throws Exception {
        events = SampleEvents.firstTaobaoEvents(EVENTS);

        cluster = StreamrecTestCluster.start(workDir);
        options = cluster.jobOptions("metrics");
        options.set(RecommendOptions.AB_VARIANTS, CONTROL + ":" + CONTROL_MODEL + ":" + CONTROL_WEIGHT + ";"
                + TREATMENT + ":" + TREATMENT_MODEL + ":" + TREATMENT_WEIGHT);
        options.set(EvaluationOptions.WINDOW, EVALUATION_WINDOW);
        cluster.createTopics(options);
        JobID job = cluster.submitRecommendJob(options, null);

        replayStats = ReplayProducer.builder(cluster.clientProperties(), options.get(RecommendOptions.TOPIC_EVENTS))
                .quiet(true)
                .build()
                .run(events.iterator());

        TopicReader reader = new TopicReader(cluster.clientProperties());
        recommendations = reader.readValues(options.get(RecommendOptions.TOPIC_RECOMMENDATIONS), Recommendation.class,
                events.size(), OUTPUT_TIMEOUT, SETTLE);

        // The gauges live only while the job runs, so they are read before it stops.
        gauges = readEvaluationGauges(job);

        // Draining advances event time to the end: the last windows close and their totals are committed.
        cluster.stopWithSavepoint(job, "metrics", true);
        snapshots = reader.readValuesToEnd(options.get(RecommendOptions.TOPIC_METRICS), MetricsSnapshot.class,
                OUTPUT_TIMEOUT);
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void replaySendsEveryEvent() {
        assertEquals(EVENTS, events.size(), "valid events in the sample's first rows");
        assertEquals(events.size(), replayStats.sent(), "events acknowledged by the broker");
    }

    @Test
    void snapshotsForEveryModelAndVariant() {
        assertFalse(snapshots.isEmpty(), "no MetricsSnapshot committed to the metrics topic");
        for (String model : options.get(RecommendOptions.MODELS)) {
            for (String variant : List.of(CONTROL, TREATMENT)) {
                for (MetricsScope scope : MetricsScope.values()) {
                    boolean found = snapshots.stream().anyMatch(s -> s.getModel().equals(model)
                            && s.getVariant().equals(variant)
                            && s.getScope() == scope
                            && s.getSegment().equals(Segments.ALL));
                    assertTrue(found, "no " + scope + " snapshot of segment all for model " + model
                            + " and variant " + variant);
                }
            }
        }
    }

    @Test
    void snapshotsComeFromRecommendJob() {
        Set<String> jobs = snapshots.stream().map(MetricsSnapshot::getJob).collect(Collectors.toSet());
        assertEquals(Set.of(options.get(EvaluationOptions.JOB_NAME)), jobs, "job names in the snapshots");
    }

    @Test
    void totalsCountEveryValidEvent() {
        // Snapshots of one model and variant share a key, hence a partition, so the last one read is the newest.
        Map<String, MetricsSnapshot> lastTotals = new LinkedHashMap<>();
        for (MetricsSnapshot snapshot : snapshots) {
            if (snapshot.getScope() == MetricsScope.TOTAL && snapshot.getSegment().equals(Segments.ALL)) {
                lastTotals.put(snapshot.getModel() + "/" + snapshot.getVariant(), snapshot);
            }
        }

        for (String model : options.get(RecommendOptions.MODELS)) {
            long received = 0;
            for (String variant : List.of(CONTROL, TREATMENT)) {
                MetricsSnapshot total = lastTotals.get(model + "/" + variant);
                assertNotNull(total, "no TOTAL snapshot for " + model + "/" + variant);
                received += total.getEventsReceived();
            }
            assertEquals(events.size(), received, "events received by model " + model + " over both variants");
        }
    }

    @Test
    void totalsSplitEventsLikeTheAssignment() {
        Map<String, Long> eventsPerVariant = events.stream()
                .collect(Collectors.groupingBy(e -> expectedVariant(e.getUserId()), Collectors.counting()));
        Map<String, Long> lastReceived = new HashMap<>();
        for (MetricsSnapshot snapshot : snapshots) {
            if (snapshot.getScope() == MetricsScope.TOTAL && snapshot.getSegment().equals(Segments.ALL)
                    && snapshot.getModel().equals(TREATMENT_MODEL)) {
                lastReceived.put(snapshot.getVariant(), snapshot.getEventsReceived());
            }
        }
        assertEquals(eventsPerVariant, lastReceived, "events per variant in the " + TREATMENT_MODEL + " totals");
    }

    @Test
    void recommendationsCarryAssignedVariant() {
        assertEquals(events.size(), recommendations.size(), "one list per valid event");
        Map<String, Long> perVariant = new HashMap<>();
        for (Recommendation recommendation : recommendations) {
            String variant = expectedVariant(recommendation.getUserId());
            assertEquals(variant, recommendation.getVariant(), "variant of user " + recommendation.getUserId());
            assertEquals(modelOf(variant), recommendation.getModel(), "model of user " + recommendation.getUserId());
            perVariant.merge(variant, 1L, Long::sum);
        }
        assertEquals(Set.of(CONTROL, TREATMENT), perVariant.keySet(), "variants among the lists");
    }

    @Test
    void dashboardGaugesForEveryModelAndVariant() {
        for (String model : options.get(RecommendOptions.MODELS)) {
            for (String variant : List.of(CONTROL, TREATMENT)) {
                String suffix = gaugeSuffix(model, variant);
                List<String> ids = gauges.keySet().stream().filter(id -> id.endsWith(suffix)).toList();
                assertEquals(1, ids.size(), "REST metric ids ending in " + suffix + " among " + gauges.keySet());
                String value = gauges.get(ids.get(0));
                assertNotNull(value, "no value for " + ids.get(0));
                double hitRate = Double.parseDouble(value);
                assertTrue(hitRate >= 0, ids.get(0) + " = " + value + " is not a rate");
                assertTrue(hitRate <= 1, ids.get(0) + " = " + value + " is not a rate");
            }
        }
    }

    /** Returns the variant of a user by the documented rule, computed here without the job's classes. */
    private static String expectedVariant(String userId) {
        int hash = 0x811C9DC5;
        for (byte b : userId.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= 0x01000193;
        }
        long bucket = Integer.toUnsignedLong(hash) % (CONTROL_WEIGHT + TREATMENT_WEIGHT);
        return bucket < CONTROL_WEIGHT ? CONTROL : TREATMENT;
    }

    private static String modelOf(String variant) {
        return variant.equals(CONTROL) ? CONTROL_MODEL : TREATMENT_MODEL;
    }

    /** Returns the end of the REST metric id of the HR gauge of a model and variant. */
    private static String gaugeSuffix(String model, String variant) {
        return "." + EvaluationMetricNames.MODEL_GROUP + "." + model + "." + EvaluationMetricNames.VARIANT_GROUP
                + "." + variant + "." + EvaluationMetricNames.HIT_RATE_PREFIX + GAUGE_CUTOFF;
    }

    /**
     * Finds the evaluation operator's vertex through the REST API and returns the values of its
     * HR gauges, by metric id. Polls until every model and variant has one, because the REST API
     * refreshes its metrics only every {@link StreamrecTestCluster#METRIC_FETCH_INTERVAL}.
     *
     * @throws IllegalStateException if no such vertex exists or the gauges miss after {@link #GAUGE_TIMEOUT}
     */
    private Map<String, String> readEvaluationGauges(JobID job) throws Exception {
        URI rest = cluster.restAddress();
        String vertexId = evaluationVertexId(rest, job);
        String metricsPath = "/jobs/" + job + "/vertices/" + vertexId + "/metrics";
        int expected = options.get(RecommendOptions.MODELS).size() * 2;

        long deadline = System.nanoTime() + GAUGE_TIMEOUT.toNanos();
        List<String> hitRateIds = List.of();
        while (System.nanoTime() < deadline) {
            assertEquals(JobStatus.RUNNING, cluster.jobStatus(job), "status of the recommend job");
            List<String> ids = new ArrayList<>();
            for (JsonNode metric : getJson(rest, metricsPath)) {
                ids.add(metric.get("id").asText());
            }
            String hitRate = "." + EvaluationMetricNames.HIT_RATE_PREFIX + GAUGE_CUTOFF;
            hitRateIds = ids.stream()
                    .filter(id -> id.contains(EvaluationPipeline.METRICS_OPERATOR) && id.endsWith(hitRate))
                    .toList();
            if (hitRateIds.size() >= expected) {
                break;
            }
            Thread.sleep(500);
        }
        LOG.info("HR gauges of the evaluation operator: {}", hitRateIds);
        if (hitRateIds.isEmpty()) {
            throw new IllegalStateException("No " + EvaluationMetricNames.HIT_RATE_PREFIX + GAUGE_CUTOFF
                    + " gauge on vertex " + vertexId + " within " + GAUGE_TIMEOUT);
        }

        String query = URLEncoder.encode(String.join(",", hitRateIds), StandardCharsets.UTF_8);
        Map<String, String> values = new HashMap<>();
        for (JsonNode metric : getJson(rest, metricsPath + "?get=" + query)) {
            values.put(metric.get("id").asText(), metric.path("value").isMissingNode() ? null : metric.get("value").asText());
        }
        return values;
    }

    /** Returns the id of the job vertex whose name contains the evaluation operator's name. */
    private String evaluationVertexId(URI rest, JobID job) throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        for (JsonNode vertex : getJson(rest, "/jobs/" + job).get("vertices")) {
            String name = vertex.get("name").asText();
            names.add(name);
            if (name.contains(EvaluationPipeline.METRICS_OPERATOR)) {
                return vertex.get("id").asText();
            }
        }
        throw new IllegalStateException("No vertex named after " + EvaluationPipeline.METRICS_OPERATOR
                + " in job " + job + "; vertices: " + names);
    }

    private JsonNode getJson(URI rest, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(rest.resolve(path)).timeout(HTTP_TIMEOUT).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " returned HTTP " + response.statusCode() + ": "
                    + response.body());
        }
        return json.readTree(response.body());
    }
}
