package io.streamrec.jobs.recommend;

import io.streamrec.jobs.ranking.RankingOutcome;
import io.streamrec.schemas.MetricsSnapshot;
import io.streamrec.schemas.Recommendation;
import io.streamrec.schemas.RejectedEvent;
import io.streamrec.schemas.TrainingExample;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * The sinks of the recommend job. Every sink but the first two may be null to leave that output
 * unwritten; its stream is still returned by {@link RecommendJob#build}.
 *
 * @param recommendations sink of the published lists
 * @param rejects sink of the dead-letter records
 * @param outcomes sink of the ranking outcomes, or null
 * @param metrics sink of the evaluation's metrics snapshots, or null
 * @param trainingExamples sink of the learned ranker's training examples, or null
 */
public record RecommendSinks(
        Sink<Recommendation> recommendations,
        Sink<RejectedEvent> rejects,
        Sink<RankingOutcome> outcomes,
        Sink<MetricsSnapshot> metrics,
        Sink<TrainingExample> trainingExamples) {

    /** Creates sinks that leave the metrics and the training examples unwritten. */
    public RecommendSinks(Sink<Recommendation> recommendations, Sink<RejectedEvent> rejects, Sink<RankingOutcome> outcomes) {
        this(recommendations, rejects, outcomes, null, null);
    }
}
