package io.streamrec.integration;

import io.streamrec.connectors.replay.ReplayProducer;
import io.streamrec.connectors.replay.ReplayStats;
import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.jobs.training.LearnedRankerModel;
import io.streamrec.jobs.training.TrainOptions;
import io.streamrec.jobs.training.TrainingSnapshots;
import io.streamrec.schemas.MetricsSnapshot;
import io.streamrec.schemas.ModelUpdate;
import io.streamrec.schemas.Recommendation;
import io.streamrec.schemas.StorefrontEvent;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the recommend and train jobs on one MiniCluster through one broker, so that the learned
 * ranker's loop closes through Kafka: recommend job, {@code training-examples}, train job,
 * {@code model-updates}, recommend job. The recommend job publishes the learned ranker's lists.
 *
 * <p>The first {@value #EVENTS} Taobao UserBehavior events are sent in two halves. The test waits
 * for the first model update after the first half, so the second half is ranked by a trained model
 * while the first lists were ranked by the built-in weights (version 0).
 *
 * <p>NOTE: the recommend job does not keep a user's events in order when one of them is delayed
 * more than 2 s between its stages (the user-order stage then skips the gap), so a user's list
 * versions can go back on a loaded machine, and this test does not check them per user.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LearningLoopIT {

    /** The first 10,000 Taobao events: 7,862 users over 824 seconds of the sample. */
    private static final int EVENTS = 10_000;

    /** Small, so that the first half's few thousand training examples make several versions. */
    private static final int PUBLISH_EVERY_EXAMPLES = 200;

    private static final Duration PUBLISH_INTERVAL = Duration.ofSeconds(1);

    /** Two jobs at parallelism {@value StreamrecTestCluster#PARALLELISM} each. */
    private static final int SLOTS = 2 * StreamrecTestCluster.PARALLELISM;

    private static final String MODEL = LearnedRankerModel.DEFAULT_MODEL_NAME;

    private static final Duration OUTPUT_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration FIRST_UPDATE_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration SETTLE = Duration.ofSeconds(3);

    /**
     * Time given to the recommend job to read the first model update before the second half is sent.
     * NOTE: the update travels through its own Kafka source, so nothing orders it before the second
     * half's events. The pause is far longer than the source's poll interval.
     */
    private static final Duration MODEL_PICKUP_PAUSE = Duration.ofSeconds(5);

    private StreamrecTestCluster cluster;
    private List<StorefrontEvent> firstHalf;
    private List<StorefrontEvent> secondHalf;
    private List<ModelUpdate> updatesAfterFirstHalf;
    /** Every model update read, sorted by version. */
    private List<ModelUpdate> updates;
    /** Versions of the model updates per partition, in offset order. */
    private Map<Integer, List<Long>> updatePartitions;
    private List<Recommendation> recommendations;
    private List<MetricsSnapshot> trainingSnapshots;

    @BeforeAll
    void runLoop(@TempDir Path workDir) throws Exception {
        List<StorefrontEvent> events = SampleEvents.firstTaobaoEvents(EVENTS);
        firstHalf = events.subList(0, events.size() / 2);
        secondHalf = events.subList(events.size() / 2, events.size());

        cluster = StreamrecTestCluster.start(workDir, SLOTS);
        Configuration options = cluster.jobOptions("loop");
        options.set(RecommendOptions.PUBLISHED_MODEL, MODEL);
        options.set(TrainOptions.PUBLISH_EVERY_EXAMPLES, PUBLISH_EVERY_EXAMPLES);
        options.set(TrainOptions.PUBLISH_INTERVAL, PUBLISH_INTERVAL);
        cluster.createTopics(options);
        JobID recommendJob = cluster.submitRecommendJob(options, null);
        JobID trainJob = cluster.submitTrainJob(options);

        String eventsTopic = options.get(RecommendOptions.TOPIC_EVENTS);
        String updatesTopic = options.get(RecommendOptions.TOPIC_MODEL_UPDATES);
        String recommendationsTopic = options.get(RecommendOptions.TOPIC_RECOMMENDATIONS);
        TopicReader reader = new TopicReader(cluster.clientProperties());

        send(eventsTopic, firstHalf);
        updatesAfterFirstHalf = reader.readValues(updatesTopic, ModelUpdate.class, 1, FIRST_UPDATE_TIMEOUT, Duration.ZERO);
        assertFalse(updatesAfterFirstHalf.isEmpty(),
                "no model update within " + FIRST_UPDATE_TIMEOUT + " of sending the first half");
        Thread.sleep(MODEL_PICKUP_PAUSE.toMillis());

        send(eventsTopic, secondHalf);
        recommendations = reader.readValues(recommendationsTopic, Recommendation.class, events.size(),
                OUTPUT_TIMEOUT, SETTLE);
        assertEquals(JobStatus.RUNNING, cluster.jobStatus(recommendJob), "status of the recommend job");
        assertEquals(JobStatus.RUNNING, cluster.jobStatus(trainJob), "status of the train job");

        // The train job publishes after the last examples within the publish interval.
        Thread.sleep(PUBLISH_INTERVAL.plus(SETTLE).toMillis());
        updatePartitions = new TreeMap<>();
        updates = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : reader.readToEnd(updatesTopic, OUTPUT_TIMEOUT)) {
            ModelUpdate update = TopicReader.decode(ModelUpdate.class, record.value());
            updates.add(update);
            updatePartitions.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(update.getVersion());
        }
        updates.sort(Comparator.comparingLong(ModelUpdate::getVersion));
        trainingSnapshots = readTrainingSnapshots(reader, options.get(RecommendOptions.TOPIC_METRICS));
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * Checks the versions read from the compacted topic. NOTE: the update records carry the event
     * time of the examples (2017 for Taobao) as their Kafka timestamp, so the broker rolls segments
     * at once and its log cleaner may remove all but the newest versions during the run. The test
     * therefore checks version 1 in the read after the first half, and increasing versions in the
     * read at the end, not that every version is still there.
     */
    @Test
    void modelUpdateVersionsStrictlyIncrease() {
        assertEquals(1, updatesAfterFirstHalf.get(0).getVersion(), "version of the first update");
        assertTrue(updates.get(updates.size() - 1).getVersion() >= 2,
                "newest version " + updates.get(updates.size() - 1).getVersion());
        for (Map.Entry<Integer, List<Long>> partition : updatePartitions.entrySet()) {
            List<Long> versions = partition.getValue();
            for (int i = 1; i < versions.size(); i++) {
                assertTrue(versions.get(i) > versions.get(i - 1), "partition " + partition.getKey()
                        + ": version " + versions.get(i) + " follows " + versions.get(i - 1));
            }
        }
        for (ModelUpdate update : updates) {
            assertEquals(MODEL, update.getModelName(), "model name of version " + update.getVersion());
            assertEquals(update.getFeatureNames().size(), update.getWeights().size(),
                    "weights per feature name of version " + update.getVersion());
        }
    }

    /** Checks that every update of the model, keyed by its name, went to one partition of the compacted topic. */
    @Test
    void modelUpdatesShareOnePartition() {
        assertEquals(1, updatePartitions.size(), "partitions containing model updates: " + updatePartitions.keySet());
    }

    /**
     * Checks that every user has a learned-ranker list and no event has two. NOTE: recommendations
     * go to a compacted topic with 2017 record timestamps, so the log cleaner can remove a user's
     * older lists during the run (118 of 10,000 in one run), and the count is not checked exactly.
     */
    @Test
    void learnedRankerListForEveryUser() {
        Set<String> eventIds = new HashSet<>();
        Set<String> users = new HashSet<>();
        for (Recommendation recommendation : recommendations) {
            assertEquals(MODEL, recommendation.getModel(), "model of list " + recommendation.getTriggerEventId());
            assertTrue(eventIds.add(recommendation.getTriggerEventId()),
                    "two lists for event " + recommendation.getTriggerEventId());
            users.add(recommendation.getUserId());
        }
        for (StorefrontEvent event : firstHalf) {
            assertTrue(users.contains(event.getUserId()), "no list for user " + event.getUserId());
        }
        for (StorefrontEvent event : secondHalf) {
            assertTrue(users.contains(event.getUserId()), "no list for user " + event.getUserId());
        }
    }

    /**
     * Checks that the first half has lists of the built-in weights. The job does not rank events in
     * input order (partitions are read at different speeds), so the sample's first event need not
     * be among them, but the lists made before any training example existed are.
     */
    @Test
    void firstHalfStartsWithBuiltInWeights() {
        Set<String> firstHalfIds = firstHalf.stream().map(StorefrontEvent::getEventId).collect(Collectors.toSet());
        long builtIn = recommendations.stream()
                .filter(r -> firstHalfIds.contains(r.getTriggerEventId()))
                .filter(r -> r.getModelVersion() == 0)
                .count();
        assertTrue(builtIn > 0, "first-half lists ranked by version 0: " + builtIn);
    }

    @Test
    void secondHalfUsesTrainedModels() {
        Map<String, Recommendation> byEvent = recommendations.stream()
                .collect(Collectors.toMap(Recommendation::getTriggerEventId, r -> r, (a, b) -> a));
        long lastVersion = updates.get(updates.size() - 1).getVersion();
        long trained = 0;
        long seen = 0;
        for (StorefrontEvent event : secondHalf) {
            Recommendation recommendation = byEvent.get(event.getEventId());
            if (recommendation == null) {
                // Removed by compaction, see learnedRankerListForEveryUser.
                continue;
            }
            seen++;
            if (recommendation.getModelVersion() >= 1) {
                trained++;
            }
            assertTrue(recommendation.getModelVersion() <= lastVersion,
                    "list of event " + event.getEventId() + " names unpublished version "
                            + recommendation.getModelVersion());
        }
        // NOTE: nothing orders a broadcast model update ahead of later events, so a few second-half
        // events can still be ranked by the built-in weights; most must use a trained model.
        assertTrue(trained * 2 > seen, trained + " of " + seen + " second-half lists used a trained model");
    }

    @Test
    void trainJobReportsLogLossAndAuc() {
        assertFalse(trainingSnapshots.isEmpty(), "no MetricsSnapshot of job train on the metrics topic");
        for (MetricsSnapshot snapshot : trainingSnapshots) {
            assertEquals(MODEL, snapshot.getModel(), "model of a training snapshot");
            assertNotNull(snapshot.getLogLoss(), "logLoss of a training snapshot");
            assertTrue(snapshot.getLogLoss() > 0, "logLoss " + snapshot.getLogLoss());
            assertTrue(Double.isFinite(snapshot.getLogLoss()), "logLoss " + snapshot.getLogLoss());
            assertNotNull(snapshot.getExamples(), "examples of a training snapshot");
            assertTrue(snapshot.getExamples() > 0, "examples " + snapshot.getExamples());
        }
        MetricsSnapshot last = trainingSnapshots.get(trainingSnapshots.size() - 1);
        assertNotNull(last.getAuc(), "AUC of the last training snapshot, over " + last.getExamples() + " examples");
        assertTrue(last.getAuc() >= 0, "AUC " + last.getAuc());
        assertTrue(last.getAuc() <= 1, "AUC " + last.getAuc());
    }

    private void send(String topic, List<StorefrontEvent> events) {
        ReplayStats stats = ReplayProducer.builder(cluster.clientProperties(), topic)
                .quiet(true)
                .build()
                .run(events.iterator());
        assertEquals(0, stats.failed(), "events whose send failed: " + stats);
        assertEquals(events.size(), stats.sent(), "events acknowledged by the broker: " + stats);
    }

    /**
     * Reads the train job's committed snapshots, polling until there is one: its metrics sink
     * commits with each checkpoint.
     */
    private static List<MetricsSnapshot> readTrainingSnapshots(TopicReader reader, String topic)
            throws InterruptedException {
        long deadline = System.nanoTime() + OUTPUT_TIMEOUT.toNanos();
        List<MetricsSnapshot> training = List.of();
        while (training.isEmpty() && System.nanoTime() < deadline) {
            training = reader.readValuesToEnd(topic, MetricsSnapshot.class, OUTPUT_TIMEOUT).stream()
                    .filter(s -> s.getJob().equals(TrainingSnapshots.JOB))
                    .toList();
            if (training.isEmpty()) {
                Thread.sleep(1_000);
            }
        }
        return training;
    }
}
