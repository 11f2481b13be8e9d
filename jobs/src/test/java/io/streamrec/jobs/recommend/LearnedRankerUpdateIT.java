package io.streamrec.jobs.recommend;

import io.streamrec.connectors.codec.RawRecord;
import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.jobs.ranking.RankingOutcome;
import io.streamrec.jobs.ranking.models.LearnedRanking;
import io.streamrec.jobs.training.FeatureVector;
import io.streamrec.schemas.MetricsSnapshot;
import io.streamrec.schemas.ModelUpdate;
import io.streamrec.schemas.Recommendation;
import io.streamrec.schemas.RejectedEvent;
import io.streamrec.schemas.StorefrontEvent;
import io.streamrec.schemas.TrainingExample;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.streamrec.jobs.recommend.TestData.MINUTE;
import static io.streamrec.jobs.recommend.TestData.NOW;
import static io.streamrec.jobs.recommend.TestData.T0;
import static io.streamrec.jobs.recommend.TestData.avroRecord;
import static io.streamrec.jobs.recommend.TestData.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model update on the job's broadcast input reaches the ranking step: the learned ranker's
 * recommendations, outcomes and training examples carry its version.
 *
 * <p>Which version ranks an event depends on when the update arrives, so the events wait until
 * the update has left its source, plus {@link #UPDATE_HEAD_START_MILLIS} for it to cross the
 * network buffers, which flush at least every 100 ms by default.
 */
class LearnedRankerUpdateIT {

    private static final long VERSION = 7;
    private static final long UPDATE_HEAD_START_MILLIS = 1_000;
    private static final int USERS = 5;
    private static final int EVENTS_PER_USER = 4;

    /** Opened when the model update has been emitted; static because the MiniCluster runs in this JVM. */
    private static final CountDownLatch UPDATE_SENT = new CountDownLatch(1);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(1)
                    .build());

    @TempDir
    Path checkpoints;

    @Test
    void updateVersionReachesEveryOutput() throws Exception {
        List<RawRecord> records = new ArrayList<>();
        for (int step = 0; step < EVENTS_PER_USER; step++) {
            for (int user = 0; user < USERS; user++) {
                StorefrontEvent event = view("u" + user + "-e" + step, "u" + user, "i" + ((user + step) % 6), T0 + step * MINUTE + user);
                records.add(avroRecord(event, records.size()));
            }
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        Configuration options = new Configuration();
        options.set(RecommendOptions.PUBLISHED_MODEL, LearnedRanking.NAME);
        options.set(RecommendOptions.LIST_SIZE, 3);
        options.set(RecommendOptions.CHECKPOINT_DIR, checkpoints.toUri().toString());

        DataStream<ModelUpdate> updates = env.fromData(TypeInformation.of(ModelUpdate.class), update())
                .uid("test-model-updates")
                .map(new SignalSent())
                .returns(TypeInformation.of(ModelUpdate.class))
                .name("signal update sent")
                .uid("test-signal-update-sent");
        DataStream<RawRecord> events = env.fromData(records)
                .uid("test-records")
                .map(new AwaitUpdate())
                .name("await model update")
                .uid("test-await-update");

        CollectingSink<Recommendation> recommendations = new CollectingSink<>("update-recommendations");
        CollectingSink<RankingOutcome> outcomes = new CollectingSink<>("update-outcomes");
        CollectingSink<TrainingExample> examples = new CollectingSink<>("update-examples");
        RecommendJob.build(env, events, updates, new RecommendSinks(recommendations,
                new CollectingSink<RejectedEvent>("update-rejects"), outcomes,
                new CollectingSink<MetricsSnapshot>("update-metrics"), examples), options);
        env.execute("learned ranker update test");

        assertEquals(records.size(), recommendations.records().size());
        for (Recommendation recommendation : recommendations.records()) {
            assertEquals(LearnedRanking.NAME, recommendation.getModel());
            assertEquals(VERSION, recommendation.getModelVersion(), recommendation.getTriggerEventId());
        }
        List<RankingOutcome> learned = outcomes.records().stream().filter(o -> o.model.equals(LearnedRanking.NAME)).toList();
        assertEquals(records.size(), learned.size());
        assertTrue(learned.stream().allMatch(o -> o.modelVersion == VERSION));
        // Every event whose user had been shown a non-empty list labels it.
        Set<String> labelling = learned.stream().filter(o -> o.previousListSize > 0).map(o -> o.eventId).collect(Collectors.toSet());
        assertTrue(labelling.size() >= USERS, "too few labelling events: " + labelling.size());
        assertEquals(labelling, examples.records().stream().map(TrainingExample::getEventId).collect(Collectors.toSet()));
        assertTrue(examples.records().stream().allMatch(e -> e.getModelVersion() == VERSION));
    }

    private static ModelUpdate update() {
        List<Double> weights = new ArrayList<>();
        for (int i = 0; i < FeatureVector.DIMENSION; i++) {
            weights.add(i == FeatureVector.POPULARITY_SCORE ? 1.0 : 0.0);
        }
        return ModelUpdate.newBuilder()
                .setModelName(LearnedRanking.NAME)
                .setVersion(VERSION)
                .setFeatureNames(new ArrayList<>(FeatureVector.NAMES))
                .setWeights(weights)
                .setBias(0.0)
                .setExamplesSeen(1000)
                .setProgressiveLogLoss(0.4)
                .setRecentLogLoss(0.4)
                .setAucWindowExamples(1000)
                .setCreatedAt(Instant.ofEpochMilli(NOW))
                .build();
    }

    /** Passes updates through and opens {@link #UPDATE_SENT}. */
    private static final class SignalSent implements MapFunction<ModelUpdate, ModelUpdate> {
        private static final long serialVersionUID = 1L;

        @Override
        public ModelUpdate map(ModelUpdate update) {
            UPDATE_SENT.countDown();
            return update;
        }
    }

    /** Holds the first record until the update was sent and has had time to reach the ranking step. */
    private static final class AwaitUpdate implements MapFunction<RawRecord, RawRecord> {
        private static final long serialVersionUID = 1L;

        private transient boolean waited;

        @Override
        public RawRecord map(RawRecord record) throws Exception {
            if (!waited) {
                assertTrue(UPDATE_SENT.await(60, TimeUnit.SECONDS), "the model update was never sent");
                Thread.sleep(UPDATE_HEAD_START_MILLIS);
                waited = true;
            }
            return record;
        }
    }
}
