package io.streamrec.jobs.training;

/**
 * Names of the train job's Flink metrics. Per-model metrics sit in a group named by the model,
 * for example {@code <operator scope>.model.learned-ranker.logLoss}.
 */
public final class TrainingMetrics {

    /** Group key of the per-model metrics; the group value is the model name. */
    public static final String MODEL_GROUP = "model";

    /** Gauge: mean progressive log loss over every example seen. */
    public static final String LOG_LOSS = "logLoss";

    /** Gauge: AUC over the recent window at the last publication; NaN while undefined. */
    public static final String AUC = "auc";

    /** Counter: examples learned from by this subtask since it started. */
    public static final String EXAMPLES = "examples";

    /** Gauge: version of the last published snapshot. */
    public static final String MODEL_VERSION = "modelVersion";

    /** Counter, on the validation operator: examples sent to the dead-letter output. */
    public static final String REJECTED_EXAMPLES = "rejectedExamples";

    private TrainingMetrics() {}
}
