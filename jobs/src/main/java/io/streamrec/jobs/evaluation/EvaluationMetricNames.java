package io.streamrec.jobs.evaluation;

/**
 * Names of the Flink metrics of the evaluation operator. Each model and variant gets its own
 * group, so the full path reads
 * {@code <host>.taskmanager.<tm>.<job>.evaluation-metrics.<subtask>.model.<model>.variant.<variant>.hr@20}.
 *
 * <p>Counters and the latency histogram change with every outcome. The gauges show running totals
 * since the job started, refreshed each time an event-time window closes.
 */
public final class EvaluationMetricNames {

    /** Metric group key whose value is the model name. */
    public static final String MODEL_GROUP = "model";

    /** Metric group key whose value is the A/B variant. */
    public static final String VARIANT_GROUP = "variant";

    /** Counter: outcomes received, tested or not. */
    public static final String EVENTS_RECEIVED = "eventsReceived";

    /** Counter: tested outcomes. */
    public static final String EVENTS_EVALUATED = "eventsEvaluated";

    /** Counter prefix, followed by K: tested outcomes whose rank was at most K. */
    public static final String HITS_PREFIX = "hits@";

    /** Counter: outcomes whose window had already closed; they count only in the running totals. */
    public static final String LATE_EVENTS = "lateEvents";

    /** Counter: outcomes skipped because a field was missing or the rank was negative. */
    public static final String INVALID_OUTCOMES = "invalidOutcomes";

    /** Histogram: recommendation latency in milliseconds, from arrival to the new list's emission. */
    public static final String LATENCY_MS = "recommendationLatencyMs";

    /** Gauge prefix, followed by K: HR@K over all events. */
    public static final String HIT_RATE_PREFIX = "hr@";

    /** Gauge prefix, followed by K: MRR@K over all events. */
    public static final String MRR_PREFIX = "mrr@";

    /** Gauge prefix, followed by K: NDCG@K over all events. */
    public static final String NDCG_PREFIX = "ndcg@";

    /** Gauge prefix, followed by K: HR@K over next-new-item events. */
    public static final String NEXT_NEW_ITEM_HIT_RATE_PREFIX = "nextNewItemHr@";

    /** Gauge prefix, followed by K: MRR@K over next-new-item events. */
    public static final String NEXT_NEW_ITEM_MRR_PREFIX = "nextNewItemMrr@";

    /** Gauge: catalogue coverage over all events. */
    public static final String COVERAGE = "coverage";

    /** Gauge: share of lists filled mostly by the popularity fallback. */
    public static final String FALLBACK_SHARE = "fallbackShare";

    private EvaluationMetricNames() {}
}
