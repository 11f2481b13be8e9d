package io.streamrec.jobs.recommend;

import io.streamrec.connectors.codec.RawRecord;
import io.streamrec.connectors.codec.RecordKeys;
import io.streamrec.connectors.kafka.StreamrecKafka;
import io.streamrec.jobs.config.RecommendConfigLoader;
import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.jobs.config.RecommendOptionsValidator;
import io.streamrec.schemas.Recommendation;
import io.streamrec.schemas.RejectedEvent;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the recommend job against Kafka: reads {@code topic.events}, writes lists to
 * {@code topic.recommendations} and rejects to {@code topic.dlq}.
 *
 * <pre>
 *   RecommendJobMain --config recommend.yaml -Dkafka.bootstrap-servers=127.0.0.1:9092
 * </pre>
 *
 * <p>NOTE: the ranking outcomes are not written to Kafka yet; the evaluation stage is to consume
 * them inside the same graph.
 */
public final class RecommendJobMain {

    /** Name of the job in the Flink dashboard. */
    public static final String JOB_NAME = "streamrec-recommend";

    /** Operator id of the Kafka source. */
    public static final String SOURCE_UID = "recommend-source-events";

    private RecommendJobMain() {}

    public static void main(String[] args) throws Exception {
        Configuration options = RecommendConfigLoader.load(args);
        RecommendOptionsValidator.validate(options);

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(RecommendJob.environmentConfiguration(options));
        wire(env, options);
        env.execute(JOB_NAME);
    }

    /**
     * Wires the whole recommend job between its Kafka topics on {@code env}, without executing it.
     * The command line, the entry point above and the end-to-end tests all build the job here.
     *
     * @throws IllegalArgumentException if an option is invalid
     */
    public static RecommendStreams wire(StreamExecutionEnvironment env, Configuration options) {
        RecommendOptionsValidator.validate(options);

        // Watermarks are assigned after parsing, where the event time is known.
        String eventsTopic = options.get(RecommendOptions.TOPIC_EVENTS);
        DataStream<RawRecord> input = env
                .fromSource(StreamrecKafka.rawSource(options, eventsTopic), WatermarkStrategy.noWatermarks(), "storefront events")
                .uid(SOURCE_UID)
                .setParallelism(options.get(RecommendOptions.PARALLELISM));

        RecommendSinks sinks = new RecommendSinks(
                StreamrecKafka.avroSink(options, options.get(RecommendOptions.TOPIC_RECOMMENDATIONS), Recommendation.class,
                        RecordKeys.recommendationUserId(), options.get(RecommendOptions.DELIVERY_GUARANTEE)),
                StreamrecKafka.avroSink(options, options.get(RecommendOptions.TOPIC_DLQ), RejectedEvent.class,
                        RecordKeys.none()),
                null);

        return RecommendJob.build(env, input, sinks, options);
    }
}
