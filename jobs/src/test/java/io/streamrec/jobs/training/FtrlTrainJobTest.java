package io.streamrec.jobs.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.schemas.MetricsSnapshot;
import io.streamrec.schemas.ModelUpdate;
import io.streamrec.schemas.RejectedEvent;
import io.streamrec.schemas.TrainingExample;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The train job on a MiniCluster at parallelism 2, fed by a generator source that then idles. */
class FtrlTrainJobTest {

    private static final InMemoryReporter METRICS = InMemoryReporter.create();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setConfiguration(METRICS.addToConfiguration(new Configuration()))
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    private static final String MODEL = LearnedRankerModel.DEFAULT_MODEL_NAME;
    private static final String SOURCE_UID = "test-training-examples";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final long SEED = 2026L;
    private static final double TOLERANCE = 1e-12;

    /** Indexes of the examples the generator makes invalid (label 5). */
    private static final Set<Long> INVALID_INDEXES = Set.of(7L, 1234L);

    @TempDir
    Path savepoints;

    @Test
    void versionsIncreaseAndWeightsLearnTrueSigns() throws Exception {
        int publishEvery = 500;
        long emitted = 3000;
        long valid = emitted - INVALID_INDEXES.size();
        CollectingSink<ModelUpdate> models = CollectingSink.fresh("signs-models");
        CollectingSink<MetricsSnapshot> snapshots = CollectingSink.fresh("signs-metrics");
        CollectingSink<RejectedEvent> rejected = CollectingSink.fresh("signs-rejected");
        TrainOptions options = options(publishEvery, Duration.ofMillis(500));

        StreamExecutionEnvironment env = environment(false);
        TrainJob.build(source(env, emitted, true), options, models, snapshots, rejected);
        JobClient job = env.executeAsync("train job: signs");
        try {
            // 2998 is no multiple of 500, so only the interval can publish the last examples.
            awaitTrue(() -> !models.values().isEmpty() && last(models).getExamplesSeen() == valid);
            assertMetrics(job.getJobID(), last(models), valid);
        } finally {
            job.cancel().get();
        }

        // The interval may also fire between count triggers when the machine is slow, so only
        // the bounds are fixed: at least 5 count-triggered versions and 1 by interval for the rest.
        List<ModelUpdate> updates = models.values();
        assertTrue(updates.size() >= 6, "versions: " + updates.stream().map(ModelUpdate::getVersion).toList());
        long previousExamples = 0;
        for (int i = 0; i < updates.size(); i++) {
            ModelUpdate update = updates.get(i);
            assertEquals(i + 1L, update.getVersion());
            assertEquals(MODEL, update.getModelName());
            assertTrue(update.getExamplesSeen() > previousExamples, "examples grow with versions");
            assertTrue(update.getExamplesSeen() - previousExamples <= publishEvery,
                    "at most " + publishEvery + " examples per version");
            previousExamples = update.getExamplesSeen();
        }

        ModelUpdate finalModel = updates.get(updates.size() - 1);
        double[] learned = weights(finalModel);
        double[] truth = SyntheticExamples.trueWeights();
        for (int i = 0; i < truth.length; i++) {
            if (Math.abs(truth[i]) >= 1.5) {
                assertEquals(Math.signum(truth[i]), Math.signum(learned[i]),
                        "sign of " + FeatureVector.NAMES.get(i) + " in " + Arrays.toString(learned));
            }
        }
        assertNotNull(finalModel.getAuc(), "the window holds both labels");
        assertTrue(finalModel.getAuc() > 0.6, "AUC " + finalModel.getAuc());

        List<MetricsSnapshot> snapshotRecords = snapshots.values();
        assertEquals(updates.size(), snapshotRecords.size(), "one metrics snapshot per version");
        MetricsSnapshot lastSnapshot = snapshotRecords.get(snapshotRecords.size() - 1);
        assertEquals(TrainingSnapshots.JOB, lastSnapshot.getJob());
        assertEquals(MODEL, lastSnapshot.getModel());
        assertEquals(valid, lastSnapshot.getExamples());
        assertEquals(finalModel.getProgressiveLogLoss(), lastSnapshot.getLogLoss());
        assertEquals(finalModel.getAuc(), lastSnapshot.getAuc());
        assertEquals(SyntheticExamples.START, lastSnapshot.getWindowStart());
        assertEquals(SyntheticExamples.START.plusMillis((emitted - 1) * SyntheticExamples.MILLIS_BETWEEN_EXAMPLES + 1),
                lastSnapshot.getWindowEnd(), "just after the last example; the last index is valid");

        List<RejectedEvent> rejections = rejected.values();
        assertEquals(INVALID_INDEXES.size(), rejections.size());
        assertTrue(rejections.stream().allMatch(r -> r.getReason().equals("INVALID_FIELD")), rejections.toString());
    }

    @Test
    void restartFromSavepointContinuesModel() throws Exception {
        int publishEvery = 300;
        CollectingSink<ModelUpdate> models = CollectingSink.fresh("restart-models");
        TrainOptions options = options(publishEvery, Duration.ofHours(1));

        // First run: 3 versions, then stop with a savepoint.
        StreamExecutionEnvironment first = environment(true);
        TrainJob.build(source(first, 3L * publishEvery, false), options, models,
                CollectingSink.fresh("restart-metrics"), CollectingSink.fresh("restart-rejected"));
        JobClient firstJob = first.executeAsync("train job: before restart");
        awaitTrue(() -> models.values().size() == 3);
        String savepoint = firstJob
                .stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get();

        // Second run from the savepoint: 2 more versions.
        StreamExecutionEnvironment second = environment(true);
        TrainJob.build(source(second, 2L * publishEvery, false), options, CollectingSink.existing("restart-models"),
                CollectingSink.existing("restart-metrics"), CollectingSink.existing("restart-rejected"));
        StreamGraph graph = second.getStreamGraph();
        graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
        JobClient secondJob = second.executeAsync(graph);
        try {
            awaitTrue(() -> models.values().size() == 5);
        } finally {
            secondJob.cancel().get();
        }

        List<ModelUpdate> updates = models.values();
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), updates.stream().map(ModelUpdate::getVersion).toList());
        assertEquals(4L * publishEvery, updates.get(3).getExamplesSeen(), "counters continue after the restart");

        // The same examples through one uninterrupted model give the same weights before and after.
        SyntheticExamples data = new SyntheticExamples(SEED, MODEL);
        FtrlProximal reference = new FtrlProximal(options.ftrl(), FeatureVector.DIMENSION);
        for (int version = 1; version <= 5; version++) {
            for (long i = (version - 1L) * publishEvery; i < (long) version * publishEvery; i++) {
                TrainingExample example = data.example(i);
                reference.update(FeatureVector.of(example.getFeatures()), example.getLabel(), example.getWeight());
            }
            ModelUpdate update = updates.get(version - 1);
            assertArrayEquals(reference.weights(), weights(update), TOLERANCE, "weights of version " + version);
            assertEquals(reference.bias(), update.getBias(), TOLERANCE, "bias of version " + version);
        }
    }

    /** Checks the Flink metrics against the last published update while the job runs. */
    private static void assertMetrics(JobID jobId, ModelUpdate update, long valid) {
        // Collected group by group, because some of Flink's own sink metrics share an identifier.
        List<Map.Entry<String, Metric>> metrics = new ArrayList<>();
        for (Map.Entry<MetricGroup, Map<String, Metric>> group : METRICS.getMetricsByGroup().entrySet()) {
            if (!jobId.toString().equals(group.getKey().getAllVariables().get("<job_id>"))) {
                continue;
            }
            for (Map.Entry<String, Metric> metric : group.getValue().entrySet()) {
                metrics.add(Map.entry(group.getKey().getMetricIdentifier(metric.getKey()), metric.getValue()));
            }
        }
        String modelScope = "." + TrainingMetrics.MODEL_GROUP + "." + MODEL + ".";

        assertEquals(valid, sumCounters(metrics, modelScope + TrainingMetrics.EXAMPLES));
        assertEquals(INVALID_INDEXES.size(), sumCounters(metrics, "." + TrainingMetrics.REJECTED_EXAMPLES));
        assertEquals(update.getVersion(), gauge(metrics, modelScope + TrainingMetrics.MODEL_VERSION));
        assertEquals(update.getProgressiveLogLoss(), gauge(metrics, modelScope + TrainingMetrics.LOG_LOSS));
        assertEquals(update.getAuc(), gauge(metrics, modelScope + TrainingMetrics.AUC));
    }

    private static long sumCounters(List<Map.Entry<String, Metric>> metrics, String suffix) {
        List<Long> counts = metrics.stream()
                .filter(entry -> entry.getKey().endsWith(suffix))
                .map(entry -> ((Counter) entry.getValue()).getCount())
                .toList();
        assertTrue(!counts.isEmpty(), "no counter ending in " + suffix);
        return counts.stream().mapToLong(Long::longValue).sum();
    }

    /** Returns the value of the only gauge whose identifier ends in {@code suffix}. */
    private static Object gauge(List<Map.Entry<String, Metric>> metrics, String suffix) {
        List<Object> values = metrics.stream()
                .filter(entry -> entry.getKey().endsWith(suffix))
                .<Object>map(entry -> ((Gauge<?>) entry.getValue()).getValue())
                .toList();
        assertEquals(1, values.size(), "gauges ending in " + suffix);
        return values.get(0);
    }

    private static StreamExecutionEnvironment environment(boolean rocksDb) {
        Configuration config = new Configuration();
        config.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        // Every record and state type must have a Flink or Avro serializer, never Kryo.
        config.set(PipelineOptions.GENERIC_TYPES, false);
        if (rocksDb) {
            config.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(2);
        return env;
    }

    /**
     * A source of {@code count} synthetic examples (continuing where a restored run stopped) that
     * then idles without finishing, at parallelism 1 so that examples keep their order.
     */
    private static DataStream<TrainingExample> source(
            StreamExecutionEnvironment env, long count, boolean withInvalid) {
        SyntheticExamples data = new SyntheticExamples(SEED, MODEL);
        GeneratorFunction<Long, TrainingExample> generator = index -> {
            TrainingExample example = data.example(index);
            if (withInvalid && INVALID_INDEXES.contains(index)) {
                example.setLabel(5);
            }
            return example;
        };
        DataGeneratorSource<TrainingExample> source = new DataGeneratorSource<>(
                generator, Long.MAX_VALUE, new PermitsThenIdle(count), TypeInformation.of(TrainingExample.class));
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "Synthetic training examples")
                .uid(SOURCE_UID)
                .setParallelism(1);
    }

    private static TrainOptions options(int publishEvery, Duration interval) {
        Configuration config = new Configuration();
        config.set(TrainOptions.ALPHA, 0.2);
        config.set(TrainOptions.PUBLISH_EVERY_EXAMPLES, publishEvery);
        config.set(TrainOptions.PUBLISH_INTERVAL, interval);
        return TrainOptions.fromConfiguration(config);
    }

    private static double[] weights(ModelUpdate update) {
        return update.getWeights().stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static <T> T last(CollectingSink<T> sink) {
        List<T> values = sink.values();
        return values.get(values.size() - 1);
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Condition not met within " + WAIT);
            }
            Thread.sleep(50);
        }
    }
}
