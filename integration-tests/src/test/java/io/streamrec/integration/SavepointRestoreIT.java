package io.streamrec.integration;

import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.schemas.EventType;
import io.streamrec.schemas.Recommendation;
import io.streamrec.schemas.RecommendedItem;
import io.streamrec.schemas.StorefrontEvent;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import static io.streamrec.integration.TestEvents.MINUTE;
import static io.streamrec.integration.TestEvents.T0;
import static io.streamrec.integration.TestEvents.avro;
import static io.streamrec.integration.TestEvents.event;
import static io.streamrec.integration.TestEvents.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stops the recommend job with a savepoint, restores a new job from it, and checks that the users'
 * state came back: profiles, the ranking stage's neighbour lists and the remembered event ids.
 *
 * <p>Before the stop each history user views three items of their own in one session. After the
 * restart each sends a repeat of their first event and then a REMOVE_FROM_CART event on a new item.
 * That event has weight 0, so it adds no pair and its own item scores nothing. Its list can
 * therefore get co-occurrence items only from the user's items before the stop. A user who first appears after
 * the restart, with the same kind of event, is the control: that list has no co-occurrence item.
 *
 * <p>All event times lie within {@value #SPAN_MINUTES} minutes, less than the 10-minute dedupe
 * window, so no remembered id is forgotten by event time during the test.
 */
class SavepointRestoreIT {

    private static final Duration OUTPUT_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final int HISTORY_USERS = 4;
    private static final int ITEMS_BEFORE_STOP = 3;
    private static final int SPAN_MINUTES = 5;
    private static final String CONTROL_USER = "new-user";
    private static final String COOCCURRENCE_REASON_PREFIX = "viewed with ";

    private static StreamrecTestCluster cluster;
    private static JobID restored;
    private static String eventsTopic;
    private static List<Recommendation> recommendations;

    @BeforeAll
    static void stopAndRestore(@TempDir Path workDir) throws Exception {
        cluster = StreamrecTestCluster.start(workDir);
        Configuration options = cluster.jobOptions("restore");
        cluster.createTopics(options);
        eventsTopic = options.get(RecommendOptions.TOPIC_EVENTS);
        String recommendationsTopic = options.get(RecommendOptions.TOPIC_RECOMMENDATIONS);
        TopicReader reader = new TopicReader(cluster.clientProperties());

        JobID first = cluster.submitRecommendJob(options, null);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int user = 0; user < HISTORY_USERS; user++) {
                for (int i = 0; i < ITEMS_BEFORE_STOP; i++) {
                    send(producer, view(firstPhaseEventId(user, i), userId(user), itemId(user, i),
                            T0.plus(MINUTE.multipliedBy(i))));
                }
            }
        }
        int beforeStop = HISTORY_USERS * ITEMS_BEFORE_STOP;
        List<Recommendation> published = reader.readValues(
                recommendationsTopic, Recommendation.class, beforeStop, OUTPUT_TIMEOUT, Duration.ZERO);
        assertEquals(beforeStop, published.size(), "lists published before the stop");
        String savepoint = cluster.stopWithSavepoint(first, "restore");

        restored = cluster.submitRecommendJob(options, savepoint);
        cluster.waitForStatus(restored, JobStatus.RUNNING, StreamrecTestCluster.REQUEST_TIMEOUT);
        Instant afterStop = T0.plus(MINUTE.multipliedBy(SPAN_MINUTES - 1));
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int user = 0; user < HISTORY_USERS; user++) {
                // The same key puts the repeat before the removal in the partition, so once the
                // removal's list is out, the repeat has been processed too.
                send(producer, view(firstPhaseEventId(user, 0), userId(user), itemId(user, 0), T0));
                send(producer, removal(userId(user), afterStop));
            }
            send(producer, removal(CONTROL_USER, afterStop));
        }
        recommendations = reader.readValues(recommendationsTopic, Recommendation.class,
                beforeStop + HISTORY_USERS + 1, OUTPUT_TIMEOUT, SETTLE);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void repeatedEventIdDroppedAfterRestart() {
        Map<String, Long> listsPerEvent = recommendations.stream()
                .collect(Collectors.groupingBy(Recommendation::getTriggerEventId, Collectors.counting()));
        for (int user = 0; user < HISTORY_USERS; user++) {
            assertEquals(1L, listsPerEvent.get(firstPhaseEventId(user, 0)), "lists of the repeated event of user " + user);
        }
        assertEquals(HISTORY_USERS * ITEMS_BEFORE_STOP + HISTORY_USERS + 1, recommendations.size(),
                "recommendations: one per event before the stop, one per removal after it, none per repeat");
    }

    @Test
    void historyShapesListAfterRestart() {
        for (int user = 0; user < HISTORY_USERS; user++) {
            Recommendation list = listFor(removalEventId(userId(user)));
            Set<String> history = new HashSet<>();
            for (int i = 0; i < ITEMS_BEFORE_STOP; i++) {
                history.add(itemId(user, i));
            }

            List<RecommendedItem> cooccurrence = cooccurrenceItems(list);
            assertFalse(cooccurrence.isEmpty(), "no co-occurrence item after the restart: " + list);
            for (RecommendedItem item : cooccurrence) {
                assertTrue(history.contains(item.getItemId()), "item from outside the user's history in " + list);
                String namedItem = item.getReason().substring(COOCCURRENCE_REASON_PREFIX.length());
                assertTrue(history.contains(namedItem), "reason names no item of the user's history in " + list);
            }
        }
    }

    @Test
    void newUserAfterRestartHasNoHistory() {
        Recommendation list = listFor(removalEventId(CONTROL_USER));

        assertEquals(List.of(), cooccurrenceItems(list), "co-occurrence items of a user without history");
    }

    @Test
    void restoredJobKeepsRunning() throws Exception {
        assertEquals(JobStatus.RUNNING, cluster.jobStatus(restored));
    }

    private static List<RecommendedItem> cooccurrenceItems(Recommendation list) {
        return list.getItems().stream()
                .filter(item -> item.getReason().startsWith(COOCCURRENCE_REASON_PREFIX))
                .toList();
    }

    private static Recommendation listFor(String eventId) {
        List<Recommendation> lists = recommendations.stream()
                .filter(recommendation -> recommendation.getTriggerEventId().equals(eventId))
                .toList();
        assertEquals(1, lists.size(), "lists for event " + eventId);
        return lists.get(0);
    }

    private static StorefrontEvent removal(String userId, Instant time) {
        return event(removalEventId(userId), userId, userId + "-new-item", EventType.REMOVE_FROM_CART, time);
    }

    private static String userId(int user) {
        return "user-" + user;
    }

    private static String itemId(int user, int index) {
        return "user-" + user + "-item-" + index;
    }

    private static String firstPhaseEventId(int user, int index) {
        return userId(user) + "-e" + index;
    }

    private static String removalEventId(String userId) {
        return userId + "-removal";
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties properties = cluster.clientProperties();
        properties.put("key.serializer", ByteArraySerializer.class.getName());
        properties.put("value.serializer", ByteArraySerializer.class.getName());
        properties.put("acks", "all");
        return new KafkaProducer<>(properties);
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, StorefrontEvent event) throws Exception {
        byte[] key = event.getUserId().getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(eventsTopic, key, avro(event))).get();
    }
}
