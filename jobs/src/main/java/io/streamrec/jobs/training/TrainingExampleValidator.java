package io.streamrec.jobs.training;

import io.streamrec.schemas.RejectedEvent;
import io.streamrec.schemas.TrainingExample;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes on the training examples the learner can use and sends every other one to
 * {@link #REJECTED} as a {@link RejectedEvent} with the reason, so that the train function only
 * receives examples it can learn from. An example is used when its model name is one of {@code train.models}, its label is 0
 * or 1, its weight is finite and not negative, and {@link FeatureVector#validate} accepts its
 * features. Stateless; order is kept.
 */
public class TrainingExampleValidator extends ProcessFunction<TrainingExample, TrainingExample> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TrainingExampleValidator.class);

    /** Side output of the rejected examples. */
    public static final OutputTag<RejectedEvent> REJECTED =
            new OutputTag<>("rejected-training-examples", TypeInformation.of(RejectedEvent.class));

    /** Longest accepted model name, the same bound as user and item ids. */
    static final int MAX_MODEL_NAME_LENGTH = 256;

    /** A rejection is logged at WARN once per this many, with the running count. */
    private static final long LOG_EVERY_REJECTIONS = 10_000;

    private final Set<String> models;
    private final String sourceTopic;
    private transient Counter rejected;

    /**
     * @param models names of the models the job trains
     * @param sourceTopic topic name written into each rejection
     */
    public TrainingExampleValidator(Set<String> models, String sourceTopic) {
        this.models = new HashSet<>(models);
        this.sourceTopic = sourceTopic;
    }

    @Override
    public void open(OpenContext openContext) {
        rejected = getRuntimeContext().getMetricGroup().counter(TrainingMetrics.REJECTED_EXAMPLES);
    }

    @Override
    public void processElement(TrainingExample example, Context ctx, Collector<TrainingExample> out) {
        Optional<Rejection> rejection = check(example);
        if (rejection.isEmpty()) {
            out.collect(example);
            return;
        }

        rejected.inc();
        long count = rejected.getCount();
        if (count == 1 || count % LOG_EVERY_REJECTIONS == 0) {
            LOG.warn("Rejected training example ({} so far): {} {}",
                    count, rejection.get().reason(), rejection.get().detail());
        }
        ctx.output(REJECTED, RejectedEvent.newBuilder()
                .setReason(rejection.get().reason())
                .setDetail(rejection.get().detail())
                .setRawKey(null)
                .setRawValue(encode(example))
                .setSourceTopic(sourceTopic)
                .setSourcePartition(-1)
                .setSourceOffset(-1L)
                .setRejectedAt(Instant.ofEpochMilli(ctx.timerService().currentProcessingTime()))
                .build());
    }

    /** Returns why {@code example} cannot be used, or empty when it can. */
    Optional<Rejection> check(TrainingExample example) {
        String model = example.getModelName();
        if (model == null || model.isEmpty()) {
            return Optional.of(new Rejection("MISSING_FIELD", "modelName is missing"));
        }
        if (model.length() > MAX_MODEL_NAME_LENGTH) {
            return Optional.of(new Rejection("OVERSIZED_ID",
                    "modelName has " + model.length() + " characters, at most " + MAX_MODEL_NAME_LENGTH + " allowed"));
        }
        if (!models.contains(model)) {
            return Optional.of(new Rejection("INVALID_FIELD",
                    "modelName '" + model + "' is not in " + TrainOptions.MODELS.key() + " " + models));
        }
        if (example.getLabel() != 0 && example.getLabel() != 1) {
            return Optional.of(new Rejection("INVALID_FIELD", "label must be 0 or 1, got " + example.getLabel()));
        }
        double weight = example.getWeight();
        if (!Double.isFinite(weight) || weight < 0) {
            return Optional.of(new Rejection("INVALID_FIELD", "weight must be finite and >= 0, got " + weight));
        }
        Optional<String> featureProblem = FeatureVector.validate(example.getFeatures());
        return featureProblem.map(problem -> new Rejection("INVALID_FIELD", problem));
    }

    private static ByteBuffer encode(TrainingExample example) {
        try {
            return example.toByteBuffer();
        } catch (IOException | RuntimeException e) {
            // An example too broken to encode is still reported, only without its bytes.
            return null;
        }
    }

    /** Reason code (as in {@link RejectedEvent#getReason()}) and a human-readable detail. */
    record Rejection(String reason, String detail) {}
}
