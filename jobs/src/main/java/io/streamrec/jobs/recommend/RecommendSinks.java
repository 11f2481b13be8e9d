package io.streamrec.jobs.recommend;

import io.streamrec.jobs.ranking.RankingOutcome;
import io.streamrec.schemas.Recommendation;
import io.streamrec.schemas.RejectedEvent;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * The sinks of the recommend job: the published lists, the rejected input records and, optionally,
 * the per-model outcomes for evaluation.
 *
 * @param recommendations sink of the published lists
 * @param rejects sink of the dead-letter records
 * @param outcomes sink of the ranking outcomes, or null to leave them unwritten (the stream is
 *     still returned by {@link RecommendJob#build})
 */
public record RecommendSinks(Sink<Recommendation> recommendations, Sink<RejectedEvent> rejects, Sink<RankingOutcome> outcomes) {}
