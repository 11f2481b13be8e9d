package io.streamrec.jobs.training;

import io.streamrec.schemas.MetricsScope;
import io.streamrec.schemas.MetricsSnapshot;
import io.streamrec.schemas.ModelUpdate;
import java.time.Instant;
import java.util.List;

/**
 * Builds the {@link MetricsSnapshot} that the train job emits beside each {@link ModelUpdate}, so
 * that learning progress reaches the same metrics topic and reports as the recommend job's
 * evaluation.
 *
 * <p>The snapshot is a running total ({@link MetricsScope#TOTAL}) over every example of the model
 * in the segment "all". It covers the examples of every A/B variant, so its variant is
 * {@link #ALL_VARIANTS}. {@code logLoss} is the progressive log loss over all examples, while
 * {@code auc} covers only the most recent {@code train.auc-window-examples} examples. The ranking
 * fields (cut-offs, coverage, fallback share, latency) do not apply and are empty or 0.
 */
public final class TrainingSnapshots {

    /** Value of {@code MetricsSnapshot.job} for the train job. */
    public static final String JOB = "train";

    /** Value of {@code MetricsSnapshot.variant}: the model learns from the examples of every variant. */
    public static final String ALL_VARIANTS = "all";

    /** Value of {@code MetricsSnapshot.segment}: every example. */
    public static final String SEGMENT = "all";

    private TrainingSnapshots() {}

    /**
     * Builds the snapshot of one published update.
     *
     * @param update the update just published
     * @param firstEventTime earliest event time of the model's examples, in epoch milliseconds
     * @param lastEventTime latest event time of the model's examples, in epoch milliseconds
     */
    public static MetricsSnapshot of(ModelUpdate update, long firstEventTime, long lastEventTime) {
        return MetricsSnapshot.newBuilder()
                .setJob(JOB)
                .setModel(update.getModelName())
                .setVariant(ALL_VARIANTS)
                .setScope(MetricsScope.TOTAL)
                .setSegment(SEGMENT)
                .setWindowStart(Instant.ofEpochMilli(firstEventTime))
                // The window end is exclusive, so it lies just after the latest example.
                .setWindowEnd(Instant.ofEpochMilli(lastEventTime + 1))
                .setEventsReceived(update.getExamplesSeen())
                .setEventsEvaluated(update.getExamplesSeen())
                .setCutoffs(List.of())
                .setCoverage(0.0)
                .setItemsRecommended(0L)
                .setItemsSeen(0L)
                .setFallbackShare(0.0)
                .setLatencyP50Ms(0.0)
                .setLatencyP99Ms(0.0)
                .setLogLoss(update.getProgressiveLogLoss())
                .setAuc(update.getAuc())
                .setExamples(update.getExamplesSeen())
                .setEmittedAt(update.getCreatedAt())
                .build();
    }
}
