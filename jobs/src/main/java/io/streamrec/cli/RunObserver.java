package io.streamrec.cli;

import io.streamrec.connectors.codec.AvroCodec;
import io.streamrec.schemas.MetricsSnapshot;
import io.streamrec.schemas.ModelUpdate;
import io.streamrec.schemas.Recommendation;
import io.streamrec.schemas.RejectedEvent;
import io.streamrec.schemas.StorefrontEvent;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Records of a local run's output topics: counts of recommendations and rejects, rejects by
 * reason, the metrics snapshots, and for a sample of active users their recent items and latest
 * list.
 */
final class RunObserver implements AutoCloseable {

    /** Users with at least this many events keep their recent items and latest list. */
    private static final int SAMPLE_MIN_EVENTS = 3;
    private static final int RECENT_ITEMS = 5;

    private final Map<String, AtomicLong> eventsPerUser = new ConcurrentHashMap<>();
    private final Map<String, Deque<String>> recentItems = new ConcurrentHashMap<>();
    private final Map<String, Recommendation> latestLists = new ConcurrentHashMap<>();
    private final Map<String, Long> rejectsByReason = new ConcurrentHashMap<>();
    private final List<MetricsSnapshot> snapshots = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong lastRecommendationMillis = new AtomicLong();
    private final AtomicLong maxLearnedVersion = new AtomicLong();
    private final TopicWatcher recommendations;
    private final TopicWatcher rejects;
    private final TopicWatcher metrics;
    private final AtomicReference<ModelUpdate> newestModel = new AtomicReference<>();
    private volatile TopicWatcher modelUpdates;

    RunObserver(Properties clientProperties, String recommendationsTopic, String dlqTopic, String metricsTopic) {
        AvroCodec<Recommendation> recommendationCodec = AvroCodec.of(Recommendation.class);
        AvroCodec<RejectedEvent> rejectCodec = AvroCodec.of(RejectedEvent.class);
        AvroCodec<MetricsSnapshot> metricsCodec = AvroCodec.of(MetricsSnapshot.class);

        this.recommendations = new TopicWatcher(clientProperties, recommendationsTopic,
                record -> onRecommendation(decode(recommendationCodec, record)));
        this.rejects = new TopicWatcher(clientProperties, dlqTopic,
                record -> rejectsByReason.merge(decode(rejectCodec, record).getReason(), 1L, Long::sum));
        this.metrics = new TopicWatcher(clientProperties, metricsTopic,
                record -> snapshots.add(decode(metricsCodec, record)));
    }

    /**
     * Watches {@code topic} for {@link ModelUpdate}s as well and keeps the one with the highest
     * version, for the summary. Undecodable records are skipped.
     */
    RunObserver watchModelUpdates(Properties clientProperties, String topic) {
        AvroCodec<ModelUpdate> codec = AvroCodec.of(ModelUpdate.class);
        this.modelUpdates = new TopicWatcher(clientProperties, topic, record -> {
            ModelUpdate update;
            try {
                update = codec.decode(record.value());
            } catch (IOException | RuntimeException e) {
                return;
            }
            newestModel.accumulateAndGet(update, (kept, next) -> kept == null || next.getVersion() > kept.getVersion() ? next : kept);
        });
        return this;
    }

    /** Returns the newest model update seen, if any. */
    java.util.Optional<ModelUpdate> newestModel() {
        return java.util.Optional.ofNullable(newestModel.get());
    }

    /** Records an event as it is sent, for the sample of users shown at the end. */
    void onEventSent(StorefrontEvent event) {
        long count = eventsPerUser.computeIfAbsent(event.getUserId(), u -> new AtomicLong()).incrementAndGet();
        if (count >= SAMPLE_MIN_EVENTS - 1) {
            Deque<String> items = recentItems.computeIfAbsent(event.getUserId(), u -> new ArrayDeque<>());
            synchronized (items) {
                items.addFirst(event.getItemId() + " (" + event.getEventType() + ")");
                while (items.size() > RECENT_ITEMS) {
                    items.removeLast();
                }
            }
        }
    }

    private void onRecommendation(Recommendation recommendation) {
        lastRecommendationMillis.set(System.currentTimeMillis());
        maxLearnedVersion.accumulateAndGet(recommendation.getModelVersion(), Math::max);
        AtomicLong count = eventsPerUser.get(recommendation.getUserId());
        if (count != null && count.get() >= SAMPLE_MIN_EVENTS) {
            latestLists.put(recommendation.getUserId(), recommendation);
        }
    }

    long recommendations() {
        return recommendations.count();
    }

    long rejects() {
        return rejects.count();
    }

    long metricsRecords() {
        return metrics.count();
    }

    java.time.Duration metricsIdleFor() {
        return metrics.idleFor();
    }

    /** Returns the newest model version seen in a published list; 0 while only fixed models publish. */
    long maxLearnedVersion() {
        return maxLearnedVersion.get();
    }

    long lastRecommendationMillis() {
        return lastRecommendationMillis.get();
    }

    Map<String, Long> rejectsByReason() {
        return new TreeMap<>(rejectsByReason);
    }

    List<MetricsSnapshot> snapshots() {
        synchronized (snapshots) {
            return new ArrayList<>(snapshots);
        }
    }

    /** Returns the {@code count} most active users that have a list, most active first. */
    List<String> sampleUsers(int count) {
        return latestLists.keySet().stream()
                .sorted((a, b) -> {
                    int byEvents = Long.compare(eventsPerUser.get(b).get(), eventsPerUser.get(a).get());
                    return byEvents != 0 ? byEvents : a.compareTo(b);
                })
                .limit(count)
                .toList();
    }

    long eventsOf(String user) {
        AtomicLong count = eventsPerUser.get(user);
        return count == null ? 0 : count.get();
    }

    List<String> recentItemsOf(String user) {
        Deque<String> items = recentItems.get(user);
        if (items == null) {
            return List.of();
        }
        synchronized (items) {
            return new ArrayList<>(items);
        }
    }

    Recommendation latestListOf(String user) {
        return latestLists.get(user);
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> T decode(
            AvroCodec<T> codec, ConsumerRecord<byte[], byte[]> record) {
        try {
            return codec.decode(record.value());
        } catch (IOException e) {
            throw new IllegalStateException("Undecodable " + codec.type().getSimpleName() + " record", e);
        }
    }

    @Override
    public void close() {
        recommendations.close();
        rejects.close();
        metrics.close();
        if (modelUpdates != null) {
            modelUpdates.close();
        }
    }
}
