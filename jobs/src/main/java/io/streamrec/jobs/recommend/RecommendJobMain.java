package io.streamrec.jobs.recommend;

import io.streamrec.connectors.codec.RawRecord;
import io.streamrec.connectors.codec.RecordKeys;
import io.streamrec.connectors.kafka.KafkaSettings;
import io.streamrec.connectors.kafka.StreamrecKafka;
import io.streamrec.jobs.config.RecommendConfigLoader;
import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.jobs.config.RecommendOptionsValidator;
import io.streamrec.jobs.training.AvroDecodeFunction;
import io.streamrec.schemas.MetricsSnapshot;
import io.streamrec.schemas.ModelUpdate;
import io.streamrec.schemas.Recommendation;
import io.streamrec.schemas.RejectedEvent;
import io.streamrec.schemas.TrainingExample;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the recommend job against Kafka: reads {@code topic.events} and {@code topic.model-updates},
 * writes lists to {@code topic.recommendations}, rejects to {@code topic.dlq}, metrics snapshots to
 * {@code topic.metrics} (exactly-once, keyed by {@code model/variant}) and training examples to
 * {@code topic.training-examples}.
 *
 * <pre>
 *   RecommendJobMain --config recommend.yaml -Dkafka.bootstrap-servers=127.0.0.1:9092
 * </pre>
 *
 * <p>NOTE: the ranking outcomes are not written to Kafka; the evaluation consumes them inside the
 * same graph.
 */
public final class RecommendJobMain {

    /** Name of the job in the Flink dashboard. */
    public static final String JOB_NAME = "streamrec-recommend";

    /** Operator id of the Kafka source of events. */
    public static final String SOURCE_UID = "recommend-source-events";

    /** Operator id of the Kafka source of model updates. */
    public static final String MODEL_UPDATES_SOURCE_UID = "recommend-source-model-updates";

    /** Operator id of the model-update decoder. */
    public static final String MODEL_UPDATES_DECODE_UID = "recommend-decode-model-updates";

    /** Consumer property that limits the bytes of one partition in one fetch. */
    static final String PARTITION_FETCH_BYTES = "max.partition.fetch.bytes";

    /**
     * Fetch size per partition of the events source unless {@code kafka.properties.}{@value
     * #PARTITION_FETCH_BYTES} sets one: 64 KiB, a few hundred events.
     */
    static final int EVENTS_PARTITION_FETCH_BYTES = 64 * 1024;

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
     * <p>The model-update source always starts at the earliest offset when it has no restored
     * state, whatever the value of {@code kafka.starting-offsets}, so that a new job reads the compacted
     * topic to its newest version. Records that do not decode as {@link ModelUpdate} are counted
     * ({@code undecodableRecords} of the decoder) and skipped.
     *
     * @throws IllegalArgumentException if an option is invalid
     */
    public static RecommendStreams wire(StreamExecutionEnvironment env, Configuration options) {
        RecommendOptionsValidator.validate(options);
        KafkaSettings kafka = KafkaSettings.from(options);
        int parallelism = options.get(RecommendOptions.PARALLELISM);

        // The source assigns watermarks per partition, so one partition that runs ahead of another
        // cannot make state expire or windows close before the slower partition's events arrive.
        String eventsTopic = options.get(RecommendOptions.TOPIC_EVENTS);
        KafkaSourceBuilder<RawRecord> events = StreamrecKafka.rawSourceBuilder(kafka, eventsTopic);
        if (!kafka.consumerProperties().containsKey(PARTITION_FETCH_BYTES)) {
            // Watermark alignment starts only once every partition of a subtask has a watermark. With
            // a backlog, the consumer hands out one partition's whole fetch at a time (1 MiB by default,
            // which held about 11,000 MovieLens events in a local run), so the fourth partition started
            // after some 45,000 events. Until then the watermark stayed at its minimum, and every
            // timer and evaluation window fired at once when it moved.
            events.setProperty(PARTITION_FETCH_BYTES, String.valueOf(EVENTS_PARTITION_FETCH_BYTES));
        }
        DataStream<RawRecord> input = env
                .fromSource(events.build(), RecommendJob.sourceWatermarkStrategy(options), "storefront events")
                .uid(SOURCE_UID)
                .setParallelism(parallelism);

        String updatesTopic = options.get(RecommendOptions.TOPIC_MODEL_UPDATES);
        DataStream<ModelUpdate> modelUpdates = env
                .fromSource(StreamrecKafka.rawSourceBuilder(kafka, updatesTopic)
                                .setStartingOffsets(OffsetsInitializer.earliest())
                                .build(),
                        WatermarkStrategy.noWatermarks(), "model updates")
                .uid(MODEL_UPDATES_SOURCE_UID)
                .setParallelism(1)
                .process(new AvroDecodeFunction<>(ModelUpdate.class), TypeInformation.of(ModelUpdate.class))
                .name("decode model updates")
                .uid(MODEL_UPDATES_DECODE_UID)
                .setParallelism(1);

        RecommendSinks sinks = new RecommendSinks(
                StreamrecKafka.avroSink(kafka, options.get(RecommendOptions.TOPIC_RECOMMENDATIONS), Recommendation.class,
                        RecordKeys.recommendationUserId(), options.get(RecommendOptions.DELIVERY_GUARANTEE)),
                StreamrecKafka.avroSink(kafka, options.get(RecommendOptions.TOPIC_DLQ), RejectedEvent.class,
                        RecordKeys.none(), kafka.deliveryGuarantee()),
                null,
                StreamrecKafka.avroSink(kafka, options.get(RecommendOptions.TOPIC_METRICS), MetricsSnapshot.class,
                        RecordKeys.modelAndVariant(MetricsSnapshot::getModel, MetricsSnapshot::getVariant),
                        DeliveryGuarantee.EXACTLY_ONCE),
                StreamrecKafka.avroSink(kafka, options.get(RecommendOptions.TOPIC_TRAINING_EXAMPLES), TrainingExample.class,
                        RecordKeys.none(), kafka.deliveryGuarantee()));

        return RecommendJob.build(env, input, modelUpdates, sinks, options, RecommendJob.InputWatermarks.FROM_SOURCE);
    }
}
