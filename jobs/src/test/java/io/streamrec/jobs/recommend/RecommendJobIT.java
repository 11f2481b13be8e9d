package io.streamrec.jobs.recommend;

import io.streamrec.connectors.codec.RawRecord;
import io.streamrec.connectors.codec.RejectReason;
import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.jobs.evaluation.Segments;
import io.streamrec.jobs.ranking.RankingOutcome;
import io.streamrec.jobs.ranking.models.Candidate;
import io.streamrec.jobs.training.FeatureVector;
import io.streamrec.schemas.EventType;
import io.streamrec.schemas.MetricsScope;
import io.streamrec.schemas.MetricsSnapshot;
import io.streamrec.schemas.Recommendation;
import io.streamrec.schemas.RecommendedItem;
import io.streamrec.schemas.RejectedEvent;
import io.streamrec.schemas.StorefrontEvent;
import io.streamrec.schemas.TrainingExample;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.streamrec.jobs.recommend.TestData.MINUTE;
import static io.streamrec.jobs.recommend.TestData.T0;
import static io.streamrec.jobs.recommend.TestData.avroRecord;
import static io.streamrec.jobs.recommend.TestData.event;
import static io.streamrec.jobs.recommend.TestData.textRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the whole recommend job on a MiniCluster at parallelism 2 over a small story: shoppers who
 * browse in sessions, one duplicate, a few bad records, and new users at the end.
 */
class RecommendJobIT {

    private static final int PARALLELISM = 2;
    private static final int HISTORY_USERS = 12;
    private static final int EVENTS_PER_USER = 5;
    private static final int NEW_USERS = 3;
    private static final long CHECKPOINT_INTERVAL_MILLIS = 500;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(PARALLELISM)
                    .build());

    @TempDir
    static Path checkpoints;

    private static final List<StorefrontEvent> VALID = new ArrayList<>();
    private static final List<RawRecord> INPUT = new ArrayList<>();
    private static final Map<Long, RejectReason> BAD_OFFSETS = new LinkedHashMap<>();
    private static final Set<String> NEW_USER_IDS = new HashSet<>();
    private static List<Recommendation> recommendations;
    private static List<RejectedEvent> rejects;
    private static List<RankingOutcome> outcomes;
    private static List<MetricsSnapshot> metrics;
    private static List<TrainingExample> examples;

    @BeforeAll
    static void runJob() throws Exception {
        buildInput();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(PARALLELISM);
        Configuration types = new Configuration();
        // Fail on any record type that would fall back to Kryo.
        types.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(types);

        Configuration options = new Configuration();
        options.set(RecommendOptions.PARALLELISM, PARALLELISM);
        options.set(RecommendOptions.LIST_SIZE, 5);
        options.set(RecommendOptions.CHECKPOINT_DIR, checkpoints.toUri().toString());
        // Short enough that the state of every stage goes through at least one checkpoint.
        options.set(RecommendOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(CHECKPOINT_INTERVAL_MILLIS));

        CollectingSink<Recommendation> recommendationSink = new CollectingSink<>("recommendations");
        CollectingSink<RejectedEvent> rejectSink = new CollectingSink<>("rejects");
        CollectingSink<RankingOutcome> outcomeSink = new CollectingSink<>("outcomes");
        CollectingSink<MetricsSnapshot> metricsSink = new CollectingSink<>("metrics");
        CollectingSink<TrainingExample> exampleSink = new CollectingSink<>("training-examples");
        RecommendJob.build(
                env,
                env.fromData(INPUT).name("test records").uid("test-records").setParallelism(1),
                new RecommendSinks(recommendationSink, rejectSink, outcomeSink, metricsSink, exampleSink),
                options);
        env.execute("recommend job test");

        recommendations = recommendationSink.records();
        rejects = rejectSink.records();
        outcomes = outcomeSink.records();
        metrics = metricsSink.records();
        examples = exampleSink.records();
    }

    @Test
    void everyRecordAccountedFor() {
        Set<String> validIds = VALID.stream().map(StorefrontEvent::getEventId).collect(Collectors.toSet());
        Map<String, Long> triggers = recommendations.stream()
                .collect(Collectors.groupingBy(Recommendation::getTriggerEventId, Collectors.counting()));

        assertEquals(validIds, triggers.keySet());
        triggers.forEach((id, count) -> assertEquals(1L, count, "recommendations for event " + id));
        assertEquals(INPUT.size(), VALID.size() + 1 + rejects.size(), "valid + one duplicate + rejected");
    }

    @Test
    void rejectsCarryReasonAndOffset() {
        Map<Long, String> reasons = rejects.stream()
                .collect(Collectors.toMap(RejectedEvent::getSourceOffset, RejectedEvent::getReason));
        Map<Long, String> expected = new HashMap<>();
        BAD_OFFSETS.forEach((offset, reason) -> expected.put(offset, reason.name()));

        assertEquals(expected, reasons);
    }

    @Test
    void listsExcludeTriggerAndPurchases() {
        Map<String, StorefrontEvent> byId = VALID.stream()
                .collect(Collectors.toMap(StorefrontEvent::getEventId, Function.identity()));
        for (Recommendation recommendation : recommendations) {
            StorefrontEvent trigger = byId.get(recommendation.getTriggerEventId());
            Set<String> purchased = purchasedUpTo(trigger);
            for (RecommendedItem item : recommendation.getItems()) {
                assertFalse(item.getItemId().equals(trigger.getItemId()), "trigger item in " + recommendation);
                assertFalse(purchased.contains(item.getItemId()), "purchased item in " + recommendation);
            }
        }
    }

    @Test
    void usersWithHistoryGetCooccurrence() {
        // Every history user's second event follows the first within the session on another item.
        for (int user = 0; user < HISTORY_USERS; user++) {
            String eventId = "u" + user + "-e1";
            Recommendation recommendation = recommendationFor(eventId);
            assertTrue(recommendation.getItems().stream().anyMatch(item -> item.getReason().startsWith("viewed with ")),
                    "no co-occurrence item for " + eventId + ": " + recommendation);
        }
    }

    @Test
    void newUsersGetPopularFallback() {
        for (String user : NEW_USER_IDS) {
            Recommendation recommendation = recommendationFor(user + "-e0");
            assertFalse(recommendation.getItems().isEmpty(), user);
            for (RecommendedItem item : recommendation.getItems()) {
                assertEquals(Candidate.POPULAR, item.getReason(), user);
            }
        }
    }

    @Test
    void oneOutcomePerEventAndModel() {
        Map<String, Long> perModel = outcomes.stream()
                .collect(Collectors.groupingBy(outcome -> outcome.model, Collectors.counting()));

        assertEquals(Set.of("popularity", "cooccurrence", "cooccurrence-affinity", "learned-ranker"), perModel.keySet());
        perModel.forEach((model, count) -> assertEquals((long) VALID.size(), count, model));
        assertTrue(outcomes.stream().anyMatch(RankingOutcome::hit), "no model ever hit");
    }

    @Test
    void metricsTotalsCoverEveryModel() {
        Map<String, Long> received = new HashMap<>();
        for (MetricsSnapshot snapshot : metrics) {
            if (snapshot.getScope() == MetricsScope.TOTAL && snapshot.getSegment().equals(Segments.ALL)) {
                received.merge(snapshot.getModel() + "/" + snapshot.getVariant(), snapshot.getEventsReceived(), Math::max);
            }
        }

        Map<String, Long> expected = new HashMap<>();
        for (String model : List.of("popularity", "cooccurrence", "cooccurrence-affinity", "learned-ranker")) {
            expected.put(model + "/default", (long) VALID.size());
        }
        assertEquals(expected, received);
    }

    @Test
    void examplesLabelNextEvent() {
        Map<String, StorefrontEvent> byId = VALID.stream()
                .collect(Collectors.toMap(StorefrontEvent::getEventId, event -> event));
        Map<String, List<TrainingExample>> perEvent = examples.stream()
                .collect(Collectors.groupingBy(TrainingExample::getEventId));

        // Every event whose user the learned ranker had shown a non-empty list labels that list.
        Set<String> labelling = outcomes.stream()
                .filter(o -> o.model.equals("learned-ranker") && o.previousListSize > 0)
                .map(o -> o.eventId)
                .collect(Collectors.toSet());
        assertTrue(labelling.size() >= HISTORY_USERS, "too few labelling events: " + labelling.size());
        assertEquals(labelling, perEvent.keySet());
        int maxExamples = 5 + 1 + RecommendOptions.TRAINING_NEGATIVES.defaultValue();
        long withPositive = perEvent.values().stream().filter(l -> l.stream().anyMatch(e -> e.getLabel() == 1)).count();
        assertTrue(withPositive > 0, "no event gave a positive example");
        perEvent.forEach((eventId, labelled) -> {
            StorefrontEvent event = byId.get(eventId);
            List<TrainingExample> positives = labelled.stream().filter(e -> e.getLabel() == 1).toList();
            // No positive when the item was neither shown nor a candidate.
            assertTrue(positives.size() <= 1, eventId);
            positives.forEach(positive -> assertEquals(event.getItemId(), positive.getItemId(), eventId));
            assertTrue(labelled.size() <= maxExamples, eventId);
            for (TrainingExample example : labelled) {
                assertEquals(event.getUserId(), example.getUserId(), eventId);
                assertEquals(0L, example.getModelVersion(), eventId);
                assertTrue(FeatureVector.validate(example.getFeatures()).isEmpty(), eventId);
            }
        });
    }

    private static Recommendation recommendationFor(String eventId) {
        return recommendations.stream()
                .filter(r -> r.getTriggerEventId().equals(eventId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no recommendation for " + eventId));
    }

    /** Returns the items the trigger's user purchased in events up to and including the trigger. */
    private static Set<String> purchasedUpTo(StorefrontEvent trigger) {
        Set<String> purchased = new HashSet<>();
        for (StorefrontEvent event : VALID) {
            if (event.getUserId().equals(trigger.getUserId()) && event.getEventType() == EventType.PURCHASE) {
                purchased.add(event.getItemId());
            }
            if (event == trigger) {
                break;
            }
        }
        return purchased;
    }

    /**
     * History users browse five items of a shared catalogue one minute apart, a few of them buy the
     * third; then bad records and a duplicate; then new users view items nobody else touched.
     */
    private static void buildInput() {
        long offset = 0;
        for (int user = 0; user < HISTORY_USERS; user++) {
            for (int step = 0; step < EVENTS_PER_USER; step++) {
                String item = "i" + ((user + step * 3) % 10);
                EventType type = step == 2 && user % 3 == 0 ? EventType.PURCHASE : EventType.VIEW;
                long time = T0 + user * MINUTE + step * MINUTE;
                StorefrontEvent event = event("u" + user + "-e" + step, "u" + user, item, type, time, "c" + (item.hashCode() % 3));
                VALID.add(event);
                INPUT.add(avroRecord(event, offset++));
            }
        }

        StorefrontEvent duplicate = VALID.get(3);
        INPUT.add(avroRecord(duplicate, offset++));

        BAD_OFFSETS.put(offset, RejectReason.UNDECODABLE);
        INPUT.add(textRecord("definitely not an event", offset++));
        BAD_OFFSETS.put(offset, RejectReason.MISSING_FIELD);
        INPUT.add(textRecord("{\"eventId\":\"x1\",\"userId\":\"u1\",\"eventType\":\"VIEW\",\"eventTime\":" + T0 + "}", offset++));
        BAD_OFFSETS.put(offset, RejectReason.UNKNOWN_EVENT_TYPE);
        INPUT.add(textRecord("{\"eventId\":\"x2\",\"userId\":\"u1\",\"itemId\":\"i1\",\"eventType\":\"TELEPORT\",\"eventTime\":"
                + T0 + "}", offset++));
        BAD_OFFSETS.put(offset, RejectReason.TIMESTAMP_OUT_OF_RANGE);
        StorefrontEvent ancient = event("x3", "u1", "i1", EventType.VIEW, Instant.parse("1980-01-01T00:00:00Z").toEpochMilli(), null);
        INPUT.add(avroRecord(ancient, offset++));

        for (int user = 0; user < NEW_USERS; user++) {
            String userId = "new" + user;
            NEW_USER_IDS.add(userId);
            StorefrontEvent event = event(userId + "-e0", userId, "lonely" + user, EventType.VIEW, T0 + 30 * MINUTE, "c9");
            VALID.add(event);
            INPUT.add(avroRecord(event, offset++));
        }
    }
}
