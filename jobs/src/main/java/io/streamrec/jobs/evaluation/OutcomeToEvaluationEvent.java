package io.streamrec.jobs.evaluation;

import io.streamrec.jobs.ranking.RankingOutcome;
import org.apache.flink.api.common.functions.MapFunction;

import java.util.ArrayList;

/**
 * Maps the ranking stage's {@link RankingOutcome} to the evaluation's {@link EvaluationEvent}, field
 * by field. One in, one out; order and timestamps are kept.
 *
 * <p>NOTE: the two records carry the same facts under different names because the evaluation was
 * written against its own record; merging them into one type would remove this step.
 */
public final class OutcomeToEvaluationEvent implements MapFunction<RankingOutcome, EvaluationEvent> {

    private static final long serialVersionUID = 1L;

    /** Name and uid of the operator. */
    public static final String OPERATOR = "evaluation-input";

    @Override
    public EvaluationEvent map(RankingOutcome outcome) {
        EvaluationEvent event = new EvaluationEvent();
        event.model = outcome.model;
        event.variant = outcome.variant;
        event.userId = outcome.userId;
        event.eventId = outcome.eventId;
        event.eventItem = outcome.eventItemId;
        event.eventType = outcome.eventType;
        event.eventTime = outcome.eventTimeMillis;
        event.rank = outcome.rank;
        event.previousListSize = outcome.previousListSize;
        event.newUser = outcome.newUser;
        event.nextNewItem = outcome.nextNewItem;
        event.fallbackList = outcome.mostlyFallback;
        event.arrivedAt = outcome.arrivalMillis;
        event.emittedAt = outcome.emittedAtMillis;
        event.recommendedItems = new ArrayList<>(outcome.newListItemIds);
        return event;
    }
}
