package io.streamrec.jobs.recommend;

import io.streamrec.jobs.ranking.RankingOutcome;
import io.streamrec.schemas.Recommendation;
import io.streamrec.schemas.RejectedEvent;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The output streams of the recommend job, returned so that other stages (evaluation, training)
 * can be attached to the same graph.
 *
 * @param recommendations the published list per event
 * @param rejects the rejected input records
 * @param outcomes one outcome per event and model
 */
public record RecommendStreams(
        DataStream<Recommendation> recommendations, DataStream<RejectedEvent> rejects, DataStream<RankingOutcome> outcomes) {}
