package io.streamrec.jobs.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.schemas.MetricsScope;
import io.streamrec.schemas.MetricsSnapshot;
import io.streamrec.schemas.ModelUpdate;
import io.streamrec.schemas.TrainingExample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class FtrlTrainFunctionTest {

    private static final String MODEL = LearnedRankerModel.DEFAULT_MODEL_NAME;
    private static final Duration LONG_INTERVAL = Duration.ofHours(1);
    private static final long INTERVAL_MILLIS = 100L;
    private static final double TOLERANCE = 1e-12;

    private final SyntheticExamples data = new SyntheticExamples(11L, MODEL);

    @Test
    void countTriggerPublishesMatchIndependentModel() throws Exception {
        TrainOptions options = options(5, LONG_INTERVAL, 8);
        FtrlProximal independent = new FtrlProximal(options.ftrl(), FeatureVector.DIMENSION);
        List<Double> predictions = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();

        try (var harness = harness(options)) {
            harness.open();
            for (int i = 0; i < 12; i++) {
                TrainingExample example = data.example(i);
                harness.processElement(example, 0L);
                predictions.add(independent.update(FeatureVector.of(example.getFeatures()), example.getLabel(), 1.0));
                labels.add(example.getLabel());
                if (i == 9) {
                    List<ModelUpdate> updates = harness.extractOutputValues();
                    assertEquals(2, updates.size());
                    assertUpdateMatches(updates.get(1), 2L, independent, predictions, labels, 8);
                }
            }

            List<ModelUpdate> updates = harness.extractOutputValues();
            assertEquals(2, updates.size(), "12 examples with a publication every 5 give 2 versions");
            assertEquals(1L, updates.get(0).getVersion());
            assertEquals(5L, updates.get(0).getExamplesSeen());

            List<MetricsSnapshot> snapshots = harness.getSideOutput(FtrlTrainFunction.METRICS).stream()
                    .map(StreamRecord::getValue)
                    .toList();
            assertEquals(2, snapshots.size(), "one metrics snapshot per update");
            MetricsSnapshot second = snapshots.get(1);
            assertEquals(TrainingSnapshots.JOB, second.getJob());
            assertEquals(MODEL, second.getModel());
            assertEquals(MetricsScope.TOTAL, second.getScope());
            assertEquals(10L, second.getExamples());
            assertEquals(10L, second.getEventsEvaluated());
            assertEquals(updates.get(1).getProgressiveLogLoss(), second.getLogLoss());
            assertEquals(updates.get(1).getAuc(), second.getAuc());
            assertEquals(SyntheticExamples.START, second.getWindowStart());
            assertEquals(data.example(9).getEventTime().plusMillis(1), second.getWindowEnd());
            assertEquals(1, harness.numProcessingTimeTimers(), "examples 11 and 12 wait for the interval");
        }
    }

    @Test
    void intervalTriggerPublishesPendingExamples() throws Exception {
        TrainOptions options = options(1000, Duration.ofMillis(INTERVAL_MILLIS), 100);

        try (var harness = harness(options)) {
            harness.open();
            harness.setProcessingTime(0L);
            for (int i = 0; i < 3; i++) {
                harness.processElement(data.example(i), 0L);
            }
            assertEquals(1, harness.numProcessingTimeTimers(), "one timer for all pending examples");

            harness.setProcessingTime(INTERVAL_MILLIS - 1);
            assertEquals(0, harness.extractOutputValues().size());

            harness.setProcessingTime(INTERVAL_MILLIS);
            List<ModelUpdate> updates = harness.extractOutputValues();
            assertEquals(1, updates.size());
            assertEquals(1L, updates.get(0).getVersion());
            assertEquals(3L, updates.get(0).getExamplesSeen());
            assertEquals(0, harness.numProcessingTimeTimers(), "an idle model keeps no timer");

            harness.setProcessingTime(10 * INTERVAL_MILLIS);
            assertEquals(1, harness.extractOutputValues().size(), "nothing new, nothing published");

            harness.processElement(data.example(3), 0L);
            harness.setProcessingTime(11 * INTERVAL_MILLIS);
            updates = harness.extractOutputValues();
            assertEquals(2, updates.size());
            assertEquals(2L, updates.get(1).getVersion());
            assertEquals(4L, updates.get(1).getExamplesSeen());
        }
    }

    @Test
    void countTriggerCancelsPendingTimer() throws Exception {
        TrainOptions options = options(2, Duration.ofMillis(INTERVAL_MILLIS), 100);

        try (var harness = harness(options)) {
            harness.open();
            harness.setProcessingTime(0L);
            harness.processElement(data.example(0), 0L);
            assertEquals(1, harness.numProcessingTimeTimers());

            harness.processElement(data.example(1), 0L);
            assertEquals(0, harness.numProcessingTimeTimers());
            harness.setProcessingTime(INTERVAL_MILLIS);

            assertEquals(1, harness.extractOutputValues().size(), "the count trigger published once");
        }
    }

    @Test
    void modelsLearnAndCountSeparately() throws Exception {
        SyntheticExamples other = new SyntheticExamples(11L, "other-ranker");

        try (var harness = harness(options(2, LONG_INTERVAL, 10))) {
            harness.open();
            harness.processElement(data.example(0), 0L);
            harness.processElement(other.example(1), 0L);
            harness.processElement(other.example(2), 0L);
            harness.processElement(data.example(3), 0L);

            List<ModelUpdate> updates = harness.extractOutputValues();
            assertEquals(2, updates.size());
            assertEquals("other-ranker", updates.get(0).getModelName());
            assertEquals(1L, updates.get(0).getVersion());
            assertEquals(2L, updates.get(0).getExamplesSeen());
            assertEquals(MODEL, updates.get(1).getModelName());
            assertEquals(1L, updates.get(1).getVersion());
            assertEquals(2L, updates.get(1).getExamplesSeen());
        }
    }

    @Test
    void otherFeatureLayoutRestartsWeights() throws Exception {
        TrainOptions options = options(1, LONG_INTERVAL, 10);

        try (var harness = harness(options)) {
            harness.open();
            harness.processElement(data.example(0), 0L);
            TrainerState stored = trainerState(harness).value();
            stored.featureVersion = FeatureVector.VERSION + 1;
            stored.ftrl = new FtrlState(new double[] {5.0, 5.0, 5.0}, new double[] {1.0, 1.0, 1.0});
            trainerState(harness).update(stored);

            TrainingExample example = data.example(1);
            harness.processElement(example, 0L);

            FtrlProximal fresh = new FtrlProximal(options.ftrl(), FeatureVector.DIMENSION);
            fresh.update(FeatureVector.of(example.getFeatures()), example.getLabel(), 1.0);
            ModelUpdate update = harness.extractOutputValues().get(1);
            assertEquals(2L, update.getVersion(), "versions keep counting");
            double[] weights = update.getWeights().stream().mapToDouble(Double::doubleValue).toArray();
            assertArrayEquals(fresh.weights(), weights, TOLERANCE);
            assertEquals(FeatureVector.VERSION, trainerState(harness).value().featureVersion);
        }
    }

    @Test
    void windowStateIsCappedAndShrinksWhenResized() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = harness(options(1, LONG_INTERVAL, 6))) {
            harness.open();
            for (int i = 0; i < 10; i++) {
                harness.processElement(data.example(i), 0L);
                assertEquals(Math.min(i + 1, 6), windowEntries(harness), "window entries after " + (i + 1));
            }
            List<ModelUpdate> updates = harness.extractOutputValues();
            assertEquals(6, updates.get(updates.size() - 1).getAucWindowExamples());
            snapshot = harness.snapshot(1L, 1L);
        }

        try (var restored = harness(options(1, LONG_INTERVAL, 3))) {
            restored.initializeState(snapshot);
            restored.open();
            assertEquals(6, windowEntries(restored));

            restored.processElement(data.example(10), 0L);

            assertEquals(1, windowEntries(restored), "a smaller window starts afresh");
            ModelUpdate update = restored.extractOutputValues().get(0);
            assertEquals(11L, update.getVersion());
            assertEquals(1, update.getAucWindowExamples());
            assertNull(update.getAuc(), "one example has no AUC");
        }
    }

    @Test
    void restoredStateContinuesVersionsAndWeights() throws Exception {
        TrainOptions options = options(4, LONG_INTERVAL, 50);
        FtrlProximal independent = new FtrlProximal(options.ftrl(), FeatureVector.DIMENSION);
        List<Double> predictions = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        OperatorSubtaskState snapshot;

        try (var harness = harness(options)) {
            harness.open();
            for (int i = 0; i < 8; i++) {
                feed(harness, i, independent, predictions, labels);
            }
            snapshot = harness.snapshot(1L, 1L);
        }

        try (var restored = harness(options)) {
            restored.initializeState(snapshot);
            restored.open();
            for (int i = 8; i < 12; i++) {
                feed(restored, i, independent, predictions, labels);
            }
            List<ModelUpdate> updates = restored.extractOutputValues();
            assertEquals(1, updates.size());
            assertUpdateMatches(updates.get(0), 3L, independent, predictions, labels, 50);
        }
    }

    private void feed(
            KeyedOneInputStreamOperatorTestHarness<String, TrainingExample, ModelUpdate> harness,
            int index,
            FtrlProximal independent,
            List<Double> predictions,
            List<Integer> labels)
            throws Exception {
        TrainingExample example = data.example(index);
        harness.processElement(example, 0L);
        predictions.add(independent.update(FeatureVector.of(example.getFeatures()), example.getLabel(), 1.0));
        labels.add(example.getLabel());
    }

    /** Checks an update against an independently trained model and metrics computed by hand. */
    private static void assertUpdateMatches(
            ModelUpdate update,
            long version,
            FtrlProximal independent,
            List<Double> predictions,
            List<Integer> labels,
            int window) {
        assertEquals(version, update.getVersion());
        assertEquals(MODEL, update.getModelName());
        assertEquals(FeatureVector.NAMES, update.getFeatureNames());
        assertEquals(predictions.size(), update.getExamplesSeen());
        double[] weights = update.getWeights().stream().mapToDouble(Double::doubleValue).toArray();
        assertArrayEquals(independent.weights(), weights, TOLERANCE);
        assertEquals(independent.bias(), update.getBias(), TOLERANCE);

        double lossSum = 0.0;
        for (int i = 0; i < predictions.size(); i++) {
            lossSum += PrequentialMetrics.logLoss(predictions.get(i), labels.get(i));
        }
        assertEquals(lossSum / predictions.size(), update.getProgressiveLogLoss(), TOLERANCE);

        int from = Math.max(0, predictions.size() - window);
        double recentLossSum = 0.0;
        double pairScore = 0.0;
        long pairs = 0;
        for (int i = from; i < predictions.size(); i++) {
            recentLossSum += PrequentialMetrics.logLoss(predictions.get(i), labels.get(i));
            for (int j = from; j < predictions.size(); j++) {
                if (labels.get(i) == 1 && labels.get(j) == 0) {
                    pairs++;
                    double difference = predictions.get(i) - predictions.get(j);
                    if (difference > 0) {
                        pairScore += 1.0;
                    } else if (difference == 0) {
                        pairScore += 0.5;
                    }
                }
            }
        }
        int count = predictions.size() - from;
        assertEquals(count, update.getAucWindowExamples());
        assertEquals(recentLossSum / count, update.getRecentLogLoss(), TOLERANCE);
        assertTrue(pairs > 0, "test data should hold both labels in the window");
        assertNotNull(update.getAuc());
        assertEquals(pairScore / pairs, update.getAuc(), TOLERANCE);
    }

    private static int windowEntries(
            KeyedOneInputStreamOperatorTestHarness<String, TrainingExample, ModelUpdate> harness) throws Exception {
        KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(MODEL);
        MapState<Integer, ScoredOutcome> outcomes = backend.getPartitionedState(
                        VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, FtrlTrainFunction.RECENT_OUTCOMES);
        int entries = 0;
        for (Integer ignored : outcomes.keys()) {
            entries++;
        }
        return entries;
    }

    private static ValueState<TrainerState> trainerState(
            KeyedOneInputStreamOperatorTestHarness<String, TrainingExample, ModelUpdate> harness) throws Exception {
        KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(MODEL);
        return backend.getPartitionedState(
                VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, FtrlTrainFunction.TRAINER_STATE);
    }

    private static TrainOptions options(int publishEvery, Duration interval, int window) {
        Configuration config = new Configuration();
        config.set(TrainOptions.ALPHA, 0.2);
        config.set(TrainOptions.PUBLISH_EVERY_EXAMPLES, publishEvery);
        config.set(TrainOptions.PUBLISH_INTERVAL, interval);
        config.set(TrainOptions.AUC_WINDOW_EXAMPLES, window);
        return TrainOptions.fromConfiguration(config);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, TrainingExample, ModelUpdate> harness(
            TrainOptions options) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new FtrlTrainFunction(options)),
                TrainingExample::getModelName,
                Types.STRING);
    }
}
