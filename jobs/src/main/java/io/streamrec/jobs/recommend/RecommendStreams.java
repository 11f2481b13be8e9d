package io.streamrec.jobs.recommend;

import io.streamrec.jobs.ranking.RankingOutcome;
import io.streamrec.schemas.MetricsSnapshot;
import io.streamrec.schemas.Recommendation;
import io.streamrec.schemas.RejectedEvent;
import io.streamrec.schemas.TrainingExample;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The output streams of the recommend job, returned so that callers can attach more to the same
 * graph.
 *
 * @param recommendations the published list per event
 * @param rejects the rejected input records
 * @param outcomes one outcome per event and model
 * @param metrics the evaluation's metrics snapshots per model and variant
 * @param trainingExamples the learned ranker's training examples
 */
public record RecommendStreams(
        DataStream<Recommendation> recommendations,
        DataStream<RejectedEvent> rejects,
        DataStream<RankingOutcome> outcomes,
        DataStream<MetricsSnapshot> metrics,
        DataStream<TrainingExample> trainingExamples) {}
