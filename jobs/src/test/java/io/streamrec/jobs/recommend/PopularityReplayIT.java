package io.streamrec.jobs.recommend;

import io.streamrec.connectors.codec.RawRecord;
import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.jobs.ranking.RankingOutcome;
import io.streamrec.jobs.ranking.models.PopularityRanking;
import io.streamrec.schemas.EventType;
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

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.streamrec.jobs.recommend.TestData.HOUR;
import static io.streamrec.jobs.recommend.TestData.T0;
import static io.streamrec.jobs.recommend.TestData.avroRecord;
import static io.streamrec.jobs.recommend.TestData.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Replays a random stream through the whole job at parallelism 1 and checks every popularity
 * list and every popularity rank against a direct computation of the definition in
 * docs/architecture.md: the decayed count {@code sum w(type) * 2^-((now - t) / halfLife)} per item.
 *
 * <p>Event times fall on whole half-lives and the weights are small, so both computations are
 * exact in double arithmetic and ties (broken by item id) are real ties.
 */
class PopularityReplayIT {

    private static final long HALF_LIFE = HOUR;
    private static final int EVENTS = 300;
    private static final int USERS = 8;
    private static final int ITEMS = 15;
    private static final int LIST_SIZE = 5;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(1)
                    .build());

    @TempDir
    Path checkpoints;

    @Test
    void popularityMatchesDirectComputation() throws Exception {
        List<StorefrontEvent> events = randomEvents(new Random(7));
        Map<String, RankingOutcome> outcomes = runJob(events);

        Map<String, Double> decayedCounts = new HashMap<>();
        Map<String, Set<String>> purchases = new HashMap<>();
        Map<String, List<String>> shown = new HashMap<>();
        long previousTime = events.get(0).getEventTime().toEpochMilli();
        for (StorefrontEvent event : events) {
            long time = event.getEventTime().toEpochMilli();
            double decay = Math.pow(2.0, -(double) (time - previousTime) / HALF_LIFE);
            decayedCounts.replaceAll((item, count) -> count * decay);
            previousTime = time;

            String user = event.getUserId();
            List<String> previous = shown.get(user);
            int expectedRank = previous == null ? 0 : previous.indexOf(event.getItemId()) + 1;

            decayedCounts.merge(event.getItemId(), weight(event.getEventType()), Double::sum);
            if (event.getEventType() == EventType.PURCHASE) {
                purchases.computeIfAbsent(user, u -> new HashSet<>()).add(event.getItemId());
            }
            Set<String> excluded = new HashSet<>(purchases.getOrDefault(user, Set.of()));
            excluded.add(event.getItemId());
            List<String> expectedList = decayedCounts.entrySet().stream()
                    .filter(entry -> entry.getValue() > 0.0)
                    .filter(entry -> !excluded.contains(entry.getKey()))
                    .sorted(Comparator.<Map.Entry<String, Double>>comparingDouble(Map.Entry::getValue).reversed()
                            .thenComparing(Map.Entry::getKey))
                    .limit(LIST_SIZE)
                    .map(Map.Entry::getKey)
                    .toList();
            shown.put(user, expectedList);

            RankingOutcome outcome = outcomes.get(event.getEventId());
            assertEquals(expectedList, outcome.newListItemIds, "list after " + event.getEventId());
            assertEquals(expectedRank, outcome.rank, "rank of " + event.getEventId());
        }
    }

    private Map<String, RankingOutcome> runJob(List<StorefrontEvent> events) throws Exception {
        List<RawRecord> records = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            records.add(avroRecord(events.get(i), i));
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        Configuration options = new Configuration();
        options.set(RecommendOptions.LIST_SIZE, LIST_SIZE);
        options.set(RecommendOptions.POPULARITY_HALF_LIFE, Duration.ofMillis(HALF_LIFE));
        options.set(RecommendOptions.CHECKPOINT_DIR, checkpoints.toUri().toString());

        CollectingSink<Recommendation> recommendations = new CollectingSink<>("replay-recommendations");
        CollectingSink<RejectedEvent> rejects = new CollectingSink<>("replay-rejects");
        CollectingSink<RankingOutcome> outcomes = new CollectingSink<>("replay-outcomes");
        RecommendJob.build(env, env.fromData(records).uid("replay-records"),
                new RecommendSinks(recommendations, rejects, outcomes), options);
        env.execute("popularity replay test");

        assertEquals(List.of(), rejects.records());
        return outcomes.records().stream()
                .filter(outcome -> outcome.model.equals(PopularityRanking.NAME))
                .collect(Collectors.toMap(outcome -> outcome.eventId, Function.identity()));
    }

    /** Returns events at whole half-lives, several per half-life, in time order. */
    private static List<StorefrontEvent> randomEvents(Random random) {
        EventType[] types = EventType.values();
        List<StorefrontEvent> events = new ArrayList<>();
        long time = T0;
        for (int i = 0; i < EVENTS; i++) {
            if (random.nextInt(4) == 0) {
                time += HALF_LIFE;
            }
            String user = "u" + random.nextInt(USERS);
            String item = "i" + random.nextInt(ITEMS);
            EventType type = types[random.nextInt(types.length)];
            events.add(event("e" + i, user, item, type, time, "c" + (item.length() % 2)));
        }
        return events;
    }

    private static double weight(EventType type) {
        return switch (type) {
            case VIEW -> 1.0;
            case FAVORITE -> 2.0;
            case ADD_TO_CART -> 3.0;
            case PURCHASE -> 5.0;
            case REMOVE_FROM_CART -> 0.0;
            case OTHER -> 0.5;
        };
    }
}
