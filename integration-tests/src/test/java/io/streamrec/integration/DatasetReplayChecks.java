package io.streamrec.integration;

import io.streamrec.connectors.datasets.DatasetFiles;
import io.streamrec.connectors.datasets.DatasetFormat;
import io.streamrec.connectors.datasets.ParsedRow;
import io.streamrec.connectors.replay.ReplayProducer;
import io.streamrec.connectors.replay.ReplayStats;
import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.schemas.Recommendation;
import io.streamrec.schemas.RecommendedItem;
import io.streamrec.schemas.RejectedEvent;
import io.streamrec.schemas.StorefrontEvent;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays a real dataset sample through Kafka into the recommend job on a {@link StreamrecTestCluster}
 * and checks the output against what the input alone implies ({@link InputHistory}). Subclasses
 * name the sample and how many of its events to send.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DatasetReplayChecks {

    /** Time allowed for the job to publish every list. */
    private static final Duration OUTPUT_TIMEOUT = Duration.ofMinutes(2);

    /** Extra polling after the expected count, to see records beyond it. */
    private static final Duration SETTLE = Duration.ofSeconds(3);

    /** A state TTL longer than the time span of any sample. */
    private static final Duration NO_EXPIRY = Duration.ofDays(365);

    private static final String POPULAR_REASON = "popular";
    private static final String COOCCURRENCE_REASON_PREFIX = "viewed with ";

    private StreamrecTestCluster cluster;
    private JobID job;
    private List<StorefrontEvent> validEvents;
    private int badRows;
    private InputHistory history;
    private ReplayStats replayStats;
    private List<Recommendation> recommendations;
    private List<RejectedEvent> rejects;
    private int listSize;
    private String publishedModel;

    /** Returns the sample's path relative to the data folder. */
    abstract String samplePath();

    abstract DatasetFormat format();

    /** Returns how many events of the sample to send, in event-time order, or 0 to send them all. */
    abstract int maxEvents();

    @BeforeAll
    void replaySample(@TempDir Path workDir) throws Exception {
        Path sample = DataFolder.requireFile(samplePath());
        List<StorefrontEvent> input = readInput(sample);

        cluster = StreamrecTestCluster.start(workDir);
        String prefix = format().formatName();
        Configuration options = cluster.jobOptions(prefix);
        // NOTE: the job assigns watermarks after parsing, per source subtask rather than per Kafka
        // partition. A subtask that reads one partition days ahead of another can push the watermark
        // past a user's next event, so the user's state can expire between two events. With the
        // default TTL of 7 days the 4-week OTTO sample sometimes loses a purchase this way. A TTL
        // longer than any sample keeps these checks exact.
        options.set(RecommendOptions.STATE_TTL, NO_EXPIRY);
        listSize = options.get(RecommendOptions.LIST_SIZE);
        publishedModel = options.get(RecommendOptions.PUBLISHED_MODEL);
        cluster.createTopics(options);
        job = cluster.submitRecommendJob(options, null);

        // A row the reader rejected travels as null, which the replay producer sends to the DLQ.
        replayStats = ReplayProducer.builder(cluster.clientProperties(), options.get(RecommendOptions.TOPIC_EVENTS))
                .dlqTopic(options.get(RecommendOptions.TOPIC_DLQ))
                .quiet(true)
                .build()
                .run(input.iterator());

        TopicReader reader = new TopicReader(cluster.clientProperties());
        recommendations = reader.readValues(options.get(RecommendOptions.TOPIC_RECOMMENDATIONS), Recommendation.class,
                validEvents.size(), OUTPUT_TIMEOUT, SETTLE);
        rejects = reader.readValues(options.get(RecommendOptions.TOPIC_DLQ), RejectedEvent.class,
                badRows, OUTPUT_TIMEOUT, SETTLE);
    }

    /** Reads the sample in event-time order, keeps the first {@link #maxEvents()}, and fills the expectations. */
    private List<StorefrontEvent> readInput(Path sample) throws Exception {
        DatasetFiles.TimeSortedRows rows = DatasetFiles.readSortedByEventTime(format(), sample, Map.of());
        List<ParsedRow> accepted = rows.accepted();
        if (maxEvents() > 0 && accepted.size() > maxEvents()) {
            accepted = accepted.subList(0, maxEvents());
        }
        long lastLine = accepted.stream().mapToLong(ParsedRow::lineNumber).max().orElse(0);

        List<StorefrontEvent> input = new ArrayList<>();
        validEvents = new ArrayList<>();
        for (ParsedRow row : accepted) {
            input.add(row.event());
            validEvents.add(row.event());
        }
        for (ParsedRow row : rows.rejected()) {
            if (row.lineNumber() <= lastLine) {
                input.add(null);
                badRows++;
            }
        }
        history = new InputHistory(validEvents);
        return input;
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void replayAcceptsEveryValidEvent() {
        assertEquals(validEvents.size(), replayStats.sent(), "events acknowledged by the broker");
        assertEquals(badRows, replayStats.rejected(), "rows rejected by the replay");
    }

    @Test
    void oneListPerValidEvent() {
        Map<String, Long> listsPerEvent = recommendations.stream()
                .collect(Collectors.groupingBy(Recommendation::getTriggerEventId, Collectors.counting()));
        Set<String> validIds = validEvents.stream().map(StorefrontEvent::getEventId).collect(Collectors.toSet());

        assertEquals(validEvents.size(), recommendations.size(), "recommendations published");
        assertEquals(validIds, listsPerEvent.keySet(), "trigger event ids");
        for (Recommendation recommendation : recommendations) {
            assertEquals(publishedModel, recommendation.getModel(), () -> "model of " + recommendation);
        }
    }

    @Test
    void badRowsInDeadLetterTopic() {
        assertEquals(badRows, rejects.size(), "dead-letter records");
        for (RejectedEvent reject : rejects) {
            assertFalse(reject.getReason().isBlank(), "reason of " + reject);
            assertFalse(reject.getDetail().isBlank(), "detail of " + reject);
        }
    }

    @Test
    void listsExcludeTriggerAndPurchases() {
        for (Recommendation recommendation : recommendations) {
            StorefrontEvent trigger = history.event(recommendation.getTriggerEventId());
            Set<String> purchased = history.purchasedUpTo(trigger.getEventId());
            assertEquals(trigger.getUserId(), recommendation.getUserId(), () -> "user of " + recommendation);
            assertTrue(recommendation.getItems().size() <= listSize, () -> "list size of " + recommendation);
            for (RecommendedItem item : recommendation.getItems()) {
                assertFalse(item.getItemId().equals(trigger.getItemId()), () -> "trigger item in " + recommendation);
                assertFalse(purchased.contains(item.getItemId()),
                        () -> "purchased item " + item.getItemId() + " in " + recommendation);
            }
        }
    }

    @Test
    void usersWithHistoryGetCooccurrence() {
        Map<String, Recommendation> byTrigger = byTrigger();
        Set<String> expected = history.eventsFollowingOtherItem();
        assertFalse(expected.isEmpty(), "the sample has no event that follows another item in a session");

        List<String> withoutCooccurrence = new ArrayList<>();
        for (String eventId : expected) {
            boolean cooccurrence = byTrigger.get(eventId).getItems().stream()
                    .anyMatch(item -> item.getReason().startsWith(COOCCURRENCE_REASON_PREFIX));
            if (!cooccurrence) {
                withoutCooccurrence.add(eventId);
            }
        }
        assertEquals(List.of(), withoutCooccurrence,
                "events following another item whose list has no co-occurrence item, of " + expected.size());
    }

    @Test
    void newUsersGetPopularFallback() {
        Map<String, Recommendation> byTrigger = byTrigger();
        int unpaired = 0;
        int unpairedNonEmpty = 0;
        for (String eventId : history.firstEventIds()) {
            String triggerItem = history.event(eventId).getItemId();
            Recommendation recommendation = byTrigger.get(eventId);
            List<RecommendedItem> items = recommendation.getItems();

            // The only item a new user has is the trigger item, so only its neighbours may be named.
            for (RecommendedItem item : items) {
                String reason = item.getReason();
                assertTrue(reason.equals(POPULAR_REASON) || reason.equals(COOCCURRENCE_REASON_PREFIX + triggerItem),
                        () -> "reason '" + reason + "' in first list " + recommendation);
            }
            for (int i = 1; i < items.size(); i++) {
                if (items.get(i - 1).getReason().equals(POPULAR_REASON)) {
                    assertPopularityOrder(items.get(i - 1), items.get(i), recommendation);
                }
            }

            if (history.neverPaired(triggerItem)) {
                unpaired++;
                unpairedNonEmpty += items.isEmpty() ? 0 : 1;
                for (RecommendedItem item : items) {
                    assertEquals(POPULAR_REASON, item.getReason(),
                            () -> "unpaired trigger item, list " + recommendation);
                }
            }
        }
        if (sampleHasUnpairedNewUsers()) {
            assertTrue(unpaired > 0, "the sample has no new user whose first item is never paired");
            assertTrue(unpairedNonEmpty > 0, "every unpaired new user's first list is empty");
        }
    }

    /** Returns whether some user's first item shares no session with another item in the sample. */
    boolean sampleHasUnpairedNewUsers() {
        return true;
    }

    @Test
    void jobKeepsRunning() throws Exception {
        assertEquals(JobStatus.RUNNING, cluster.jobStatus(job));
    }

    /** Checks that two adjacent popular items keep the popularity order: score descending, then item id. */
    private static void assertPopularityOrder(RecommendedItem before, RecommendedItem after, Recommendation list) {
        assertTrue(before.getScore() >= after.getScore(), () -> "scores not descending in " + list);
        if (before.getScore() == after.getScore()) {
            assertTrue(before.getItemId().compareTo(after.getItemId()) < 0,
                    () -> "tie not ordered by item id in " + list);
        }
    }

    private Map<String, Recommendation> byTrigger() {
        return recommendations.stream()
                .collect(Collectors.toMap(Recommendation::getTriggerEventId, Function.identity(), (a, b) -> a, HashMap::new));
    }
}
