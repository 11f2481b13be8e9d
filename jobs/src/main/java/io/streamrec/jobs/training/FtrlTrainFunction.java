package io.streamrec.jobs.training;

import io.streamrec.schemas.MetricsSnapshot;
import io.streamrec.schemas.ModelUpdate;
import io.streamrec.schemas.TrainingExample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one FTRL-Proximal logistic regression per model name (the key) from validated
 * {@link TrainingExample}s and publishes versioned {@link ModelUpdate} snapshots.
 *
 * <p>Each example is first scored by the current model (progressive validation), then learned
 * from. A snapshot is published when {@code train.publish-every-examples} examples arrived since
 * the last one, or when the processing-time timer registered at the first such example fires
 * after {@code train.publish-interval}, whichever comes first. Versions count up from 1 per model
 * and survive restarts, because they live in keyed state with the model. Each update is followed
 * by a {@link MetricsSnapshot} on {@link #METRICS}.
 *
 * <p>State per model: {@link #TRAINER_STATE} (fixed size: FTRL arrays, counters, the timer) and
 * {@link #RECENT_OUTCOMES}, a ring buffer of at most {@code train.auc-window-examples} slots. At
 * most one timer per model is pending. The number of models is bounded by {@code train.models},
 * which the validator enforces upstream.
 *
 * <p>Examples must have passed {@link TrainingExampleValidator}; the function applies them in
 * arrival order per model and does not deduplicate.
 */
public class FtrlTrainFunction extends KeyedProcessFunction<String, TrainingExample, ModelUpdate> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FtrlTrainFunction.class);

    /** The model's FTRL state, version, counters and timer. */
    static final ValueStateDescriptor<TrainerState> TRAINER_STATE =
            new ValueStateDescriptor<>("ftrl-trainer", TypeInformation.of(TrainerState.class));

    /** Ring buffer of the most recent (score, label) pairs, slot number to outcome. */
    static final MapStateDescriptor<Integer, ScoredOutcome> RECENT_OUTCOMES =
            new MapStateDescriptor<>("recent-outcomes", Types.INT, TypeInformation.of(ScoredOutcome.class));

    /** Side output of one {@link MetricsSnapshot} per published update. */
    public static final OutputTag<MetricsSnapshot> METRICS =
            new OutputTag<>("training-metrics", TypeInformation.of(MetricsSnapshot.class));

    private final TrainOptions options;

    private transient ValueState<TrainerState> trainerState;
    private transient MapState<Integer, ScoredOutcome> recentOutcomes;
    private transient Map<String, ModelMetrics> metricsByModel;

    public FtrlTrainFunction(TrainOptions options) {
        this.options = options;
    }

    @Override
    public void open(OpenContext openContext) {
        trainerState = getRuntimeContext().getState(TRAINER_STATE);
        recentOutcomes = getRuntimeContext().getMapState(RECENT_OUTCOMES);
        metricsByModel = new HashMap<>();
        LOG.info("FTRL train function started with {}", options);
    }

    @Override
    public void processElement(TrainingExample example, Context ctx, Collector<ModelUpdate> out) throws Exception {
        String model = ctx.getCurrentKey();
        TrainerState state = loadState(model);

        FtrlProximal learner = FtrlProximal.fromState(options.ftrl(), state.ftrl);
        double[] x = FeatureVector.of(example.getFeatures());
        int label = example.getLabel();
        double prediction = learner.update(x, label, example.getWeight());
        state.ftrl = learner.toState();

        state.examplesSeen++;
        long eventTime = example.getEventTime().toEpochMilli();
        state.firstEventTime = Math.min(state.firstEventTime, eventTime);
        state.lastEventTime = Math.max(state.lastEventTime, eventTime);
        state.examplesSincePublish++;
        state.logLossSum += PrequentialMetrics.logLoss(prediction, label);
        recordOutcome(state, new ScoredOutcome(prediction, label));

        ModelMetrics metrics = metricsFor(model);
        metrics.examples.inc();
        metrics.logLoss = state.logLossSum / state.examplesSeen;
        metrics.version = state.version;

        long now = ctx.timerService().currentProcessingTime();
        if (state.examplesSincePublish >= options.publishEveryExamples()) {
            if (state.publishTimer != TrainerState.NO_TIMER) {
                ctx.timerService().deleteProcessingTimeTimer(state.publishTimer);
                state.publishTimer = TrainerState.NO_TIMER;
            }
            publish(model, state, learner, now, ctx, out);
        } else if (state.publishTimer == TrainerState.NO_TIMER) {
            state.publishTimer = now + options.publishInterval().toMillis();
            ctx.timerService().registerProcessingTimeTimer(state.publishTimer);
        }
        trainerState.update(state);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ModelUpdate> out) throws Exception {
        TrainerState state = trainerState.value();
        if (state == null || state.publishTimer != timestamp) {
            // Only the timer recorded in the state publishes.
            return;
        }
        String model = ctx.getCurrentKey();
        matchFeatureLayout(model, state);
        state.publishTimer = TrainerState.NO_TIMER;
        if (state.examplesSincePublish > 0) {
            publish(model, state, FtrlProximal.fromState(options.ftrl(), state.ftrl), timestamp, ctx, out);
        }
        trainerState.update(state);
    }

    private TrainerState loadState(String model) throws Exception {
        TrainerState state = trainerState.value();
        if (state == null) {
            state = new TrainerState();
            state.ftrl = new FtrlProximal(options.ftrl(), FeatureVector.DIMENSION).toState();
            state.featureVersion = FeatureVector.VERSION;
            LOG.info("Created model {} with {} features", model, FeatureVector.DIMENSION);
        }
        matchFeatureLayout(model, state);
        return state;
    }

    /** Restarts the weights of a model stored with another feature layout. */
    private void matchFeatureLayout(String model, TrainerState state) {
        if (state.featureVersion != FeatureVector.VERSION || state.ftrl.z.length != FeatureVector.DIMENSION + 1) {
            // Weights of another feature layout are meaningless here. The version keeps counting so
            // that the compacted model topic still takes the newer snapshots.
            LOG.warn("Model {} was stored with feature version {} ({} features) but the layout is "
                            + "version {} ({} features); restarting its weights from 0 after version {}",
                    model, state.featureVersion, state.ftrl.z.length - 1,
                    FeatureVector.VERSION, FeatureVector.DIMENSION, state.version);
            state.ftrl = new FtrlProximal(options.ftrl(), FeatureVector.DIMENSION).toState();
            state.featureVersion = FeatureVector.VERSION;
        }
    }

    /** Writes one outcome into the ring buffer, resetting it first when the window size changed. */
    private void recordOutcome(TrainerState state, ScoredOutcome outcome) throws Exception {
        int capacity = options.aucWindowExamples();
        if (state.windowCapacity != capacity) {
            if (state.windowCapacity != 0) {
                LOG.info("AUC window changed from {} to {} examples; starting it afresh",
                        state.windowCapacity, capacity);
            }
            recentOutcomes.clear();
            state.windowCapacity = capacity;
            state.windowCount = 0;
            state.windowNext = 0;
        }
        recentOutcomes.put(state.windowNext, outcome);
        state.windowNext = (state.windowNext + 1) % capacity;
        state.windowCount = Math.min(state.windowCount + 1, capacity);
    }

    private void publish(
            String model, TrainerState state, FtrlProximal learner, long now, Context ctx, Collector<ModelUpdate> out)
            throws Exception {
        WindowSummary window = summarizeWindow();
        state.version++;
        state.examplesSincePublish = 0;

        // Gauges are set before the update is emitted, so whoever reads the update reads gauges as new.
        ModelMetrics metrics = metricsFor(model);
        metrics.version = state.version;
        metrics.auc = window.auc();

        List<Double> weights = new ArrayList<>(FeatureVector.DIMENSION);
        for (double weight : learner.weights()) {
            weights.add(weight);
        }
        ModelUpdate update = ModelUpdate.newBuilder()
                .setModelName(model)
                .setVersion(state.version)
                .setFeatureVersion(FeatureVector.VERSION)
                .setFeatureNames(new ArrayList<>(FeatureVector.NAMES))
                .setWeights(weights)
                .setBias(learner.bias())
                .setExamplesSeen(state.examplesSeen)
                .setProgressiveLogLoss(state.logLossSum / state.examplesSeen)
                .setRecentLogLoss(window.logLoss())
                .setAuc(Double.isNaN(window.auc()) ? null : window.auc())
                .setAucWindowExamples(window.count())
                .setCreatedAt(Instant.ofEpochMilli(now))
                .build();
        out.collect(update);
        ctx.output(METRICS, TrainingSnapshots.of(update, state.firstEventTime, state.lastEventTime));
        LOG.debug("Published model {} version {} after {} examples", model, state.version, state.examplesSeen);
    }

    private WindowSummary summarizeWindow() throws Exception {
        List<ScoredOutcome> outcomes = new ArrayList<>();
        for (ScoredOutcome outcome : recentOutcomes.values()) {
            outcomes.add(outcome);
        }
        int count = outcomes.size();
        double[] scores = new double[count];
        int[] labels = new int[count];
        double lossSum = 0.0;
        for (int i = 0; i < count; i++) {
            scores[i] = outcomes.get(i).score;
            labels[i] = outcomes.get(i).label;
            lossSum += PrequentialMetrics.logLoss(scores[i], labels[i]);
        }
        double logLoss = count == 0 ? Double.NaN : lossSum / count;
        return new WindowSummary(count, logLoss, PrequentialMetrics.auc(scores, labels, count));
    }

    /** Registers the model's metric group on first use; the validator bounds the model names. */
    private ModelMetrics metricsFor(String model) {
        return metricsByModel.computeIfAbsent(model, name -> new ModelMetrics(
                getRuntimeContext().getMetricGroup().addGroup(TrainingMetrics.MODEL_GROUP, name)));
    }

    private record WindowSummary(int count, double logLoss, double auc) {}

    /** The metrics of one model; gauges read the fields the function writes. */
    private static final class ModelMetrics {
        final Counter examples;
        volatile double logLoss = Double.NaN;
        volatile double auc = Double.NaN;
        volatile long version;

        ModelMetrics(MetricGroup group) {
            examples = group.counter(TrainingMetrics.EXAMPLES);
            group.gauge(TrainingMetrics.LOG_LOSS, (Gauge<Double>) () -> logLoss);
            group.gauge(TrainingMetrics.AUC, (Gauge<Double>) () -> auc);
            group.gauge(TrainingMetrics.MODEL_VERSION, (Gauge<Long>) () -> version);
        }
    }
}
