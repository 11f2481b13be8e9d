package io.streamrec.jobs.training;

import io.streamrec.schemas.MetricsSnapshot;
import io.streamrec.schemas.ModelUpdate;
import io.streamrec.schemas.RejectedEvent;
import io.streamrec.schemas.TrainingExample;
import io.streamrec.topics.TopicSpec;
import java.util.LinkedHashSet;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The train job: learns the ranking models from the recommend job's training examples with
 * FTRL-Proximal and publishes versioned snapshots.
 *
 * <pre>
 *   examples → validate (rejects → dead-letter sink)
 *            → keyBy(modelName) → FTRL train → model updates sink
 *                                            → metrics snapshots (side output) → metrics sink
 * </pre>
 *
 * <p>{@link #build} wires the graph from an injected example stream to injected sinks, so tests
 * run the same graph as production. State lives in keyed state (RocksDB in production), so a
 * restart from a checkpoint or savepoint resumes each model with its weights, version and
 * counters.
 */
public final class TrainJob {

    public static final String VALIDATE_UID = "train-validate-examples";
    public static final String TRAIN_UID = "train-ftrl";
    public static final String MODEL_SINK_UID = "train-model-updates-sink";
    public static final String METRICS_SINK_UID = "train-metrics-sink";
    public static final String DEAD_LETTER_SINK_UID = "train-dead-letter-sink";

    private TrainJob() {}

    /**
     * Wires the train job onto {@code examples}' environment.
     *
     * @param examples training examples; each model learns them in the order of each input
     *     subtask (one Kafka partition keeps its order), interleaved across subtasks
     * @param options validated {@code train.*} options
     * @param modelSink receives every published {@link ModelUpdate}
     * @param metricsSink receives one {@link MetricsSnapshot} per published update
     * @param deadLetterSink receives every example the validator rejected
     * @return the stream of published model updates
     */
    public static DataStream<ModelUpdate> build(
            DataStream<TrainingExample> examples,
            TrainOptions options,
            Sink<ModelUpdate> modelSink,
            Sink<MetricsSnapshot> metricsSink,
            Sink<RejectedEvent> deadLetterSink) {

        SingleOutputStreamOperator<TrainingExample> valid = examples
                .process(new TrainingExampleValidator(
                        new LinkedHashSet<>(options.models()), TopicSpec.TRAINING_EXAMPLES.defaultName()))
                .name("Validate training examples")
                .uid(VALIDATE_UID)
                // The input's parallelism chains the validator to the source, so no rebalance
                // reorders the examples before they reach their model.
                .setParallelism(examples.getParallelism());
        valid.getSideOutput(TrainingExampleValidator.REJECTED)
                .sinkTo(deadLetterSink)
                .name("Rejected training examples")
                .uid(DEAD_LETTER_SINK_UID);

        SingleOutputStreamOperator<ModelUpdate> updates = valid
                .keyBy(TrainingExample::getModelName, TypeInformation.of(String.class))
                .process(new FtrlTrainFunction(options))
                .name("FTRL train")
                .uid(TRAIN_UID);
        updates.sinkTo(modelSink).name("Model updates").uid(MODEL_SINK_UID);
        updates.getSideOutput(FtrlTrainFunction.METRICS)
                .sinkTo(metricsSink)
                .name("Training metrics")
                .uid(METRICS_SINK_UID);
        return updates;
    }

    /** Runs the train job against Kafka; see {@link TrainJobMain}. */
    public static void main(String[] args) throws Exception {
        TrainJobMain.main(args);
    }
}
