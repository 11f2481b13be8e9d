package io.streamrec.jobs.evaluation;

import io.streamrec.jobs.ranking.RankingOutcome;
import io.streamrec.schemas.MetricsSnapshot;

import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Wires the evaluation stage: prequential outcomes in, {@link MetricsSnapshot}s out.
 *
 * <pre>{@code
 * DataStream<RankingOutcome> outcomes = ...; // with event-time watermarks
 * DataStream<MetricsSnapshot> metrics = EvaluationPipeline.attach(outcomes, conf);
 * metrics.sinkTo(metricsSink).name("recommendation-metrics-sink").uid("recommendation-metrics-sink");
 * }</pre>
 */
public final class EvaluationPipeline {

    /** Name and uid of the aggregation operator. */
    public static final String METRICS_OPERATOR = "evaluation-metrics";

    private static final TypeInformation<Tuple2<String, String>> KEY_TYPE = new TypeHint<Tuple2<String, String>>() {}.getTypeInfo();

    private EvaluationPipeline() {}

    /**
     * Keys {@code outcomes} by (model, variant) and aggregates them with a {@link MetricsAggregator}
     * configured from {@link EvaluationOptions}. The stream must carry event-time watermarks:
     * windows close when the watermark passes their end.
     *
     * @throws IllegalArgumentException if an evaluation option is invalid
     */
    public static DataStream<MetricsSnapshot> attach(DataStream<RankingOutcome> outcomes, Configuration conf) {
        MetricsAggregator aggregator = new MetricsAggregator(
                conf.get(EvaluationOptions.JOB_NAME),
                EvaluationOptions.cutoffs(conf),
                EvaluationOptions.windowMillis(conf),
                EvaluationOptions.coveragePrecision(conf));

        return outcomes
                .keyBy(new ModelVariantKey(), KEY_TYPE)
                .process(aggregator, TypeInformation.of(MetricsSnapshot.class))
                .name(METRICS_OPERATOR)
                .uid(METRICS_OPERATOR)
                // The keyed stages' parallelism, not the environment's default.
                .setParallelism(outcomes.getParallelism());
    }

    /** Key of an outcome: (model, variant). */
    public static final class ModelVariantKey implements KeySelector<RankingOutcome, Tuple2<String, String>> {

        private static final long serialVersionUID = 1L;

        /** Returns (model, variant); a missing value becomes the empty string, so invalid outcomes still reach the aggregator and are counted. */
        @Override
        public Tuple2<String, String> getKey(RankingOutcome event) {
            return Tuple2.of(
                    event.model == null ? "" : event.model,
                    event.variant == null ? "" : event.variant);
        }
    }
}
