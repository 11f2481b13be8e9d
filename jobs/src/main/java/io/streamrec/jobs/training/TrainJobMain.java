package io.streamrec.jobs.training;

import io.streamrec.connectors.codec.RawRecord;
import io.streamrec.connectors.codec.RecordKeys;
import io.streamrec.connectors.kafka.KafkaOptions;
import io.streamrec.connectors.kafka.KafkaSettings;
import io.streamrec.connectors.kafka.StreamrecKafka;
import io.streamrec.connectors.kafka.TopicOptions;
import io.streamrec.schemas.MetricsSnapshot;
import io.streamrec.schemas.ModelUpdate;
import io.streamrec.schemas.RejectedEvent;
import io.streamrec.schemas.TrainingExample;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the train job against Kafka: reads {@code topic.training-examples}, writes model updates to
 * {@code topic.model-updates} keyed by model name (at-least-once: a repeated update carries the same
 * version, and the newest version wins), metrics snapshots to {@code topic.metrics} exactly-once
 * keyed by {@code model/variant}, and undecodable or invalid examples to {@code topic.dlq}.
 *
 * <pre>
 *   TrainJobMain --kafka.bootstrap-servers 127.0.0.1:9092 --train.publish-every-examples 500
 * </pre>
 *
 * <p>Its exactly-once sink uses the transactional id prefix {@code kafka.transactional-id-prefix}
 * followed by {@value #TRANSACTIONAL_ID_SUFFIX}, so that it never shares transactional ids with the
 * recommend job's metrics sink on the same topic.
 */
public final class TrainJobMain {

    private static final Logger LOG = LoggerFactory.getLogger(TrainJobMain.class);

    /** Name of the job in the Flink dashboard. */
    public static final String JOB_NAME = "streamrec-train";

    /** Appended to the transactional id prefix of this job's exactly-once sinks. */
    public static final String TRANSACTIONAL_ID_SUFFIX = "-train";

    public static final String SOURCE_UID = "train-source-examples";
    public static final String DECODE_UID = "train-decode-examples";
    public static final String UNDECODABLE_SINK_UID = "train-undecodable-sink";

    private TrainJobMain() {}

    /** Runs the job. Arguments are {@code --key value} pairs of Flink, {@code kafka.*}, {@code topic.*} and {@code train.*} options. */
    public static void main(String[] args) throws Exception {
        Configuration config = Configuration.fromMap(ParameterTool.fromArgs(args).toMap());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        wire(env, config);
        env.execute(JOB_NAME);
    }

    /**
     * Wires the train job between its Kafka topics on {@code env}, without executing it.
     *
     * @return the stream of published model updates
     * @throws IllegalArgumentException if a {@code train.*}, {@code kafka.*} or topic option is invalid
     */
    public static DataStream<ModelUpdate> wire(StreamExecutionEnvironment env, Configuration options) {
        TrainOptions train = TrainOptions.fromConfiguration(options);
        Configuration kafkaOptions = new Configuration(options);
        kafkaOptions.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX,
                options.get(KafkaOptions.TRANSACTIONAL_ID_PREFIX) + TRANSACTIONAL_ID_SUFFIX);
        KafkaSettings kafka = KafkaSettings.from(kafkaOptions);
        LOG.info("Wiring the train job with {}", train);

        String examplesTopic = options.get(TopicOptions.TRAINING_EXAMPLES);
        SingleOutputStreamOperator<TrainingExample> examples = env
                .fromSource(StreamrecKafka.rawSource(kafka, examplesTopic), WatermarkStrategy.<RawRecord>noWatermarks(),
                        "training examples")
                .uid(SOURCE_UID)
                .process(new AvroDecodeFunction<>(TrainingExample.class), TypeInformation.of(TrainingExample.class))
                .name("decode training examples")
                .uid(DECODE_UID);

        String dlqTopic = options.get(TopicOptions.DLQ);
        examples.getSideOutput(AvroDecodeFunction.REJECTED)
                .sinkTo(StreamrecKafka.avroSink(kafka, dlqTopic, RejectedEvent.class, RecordKeys.none(), kafka.deliveryGuarantee()))
                .name("undecodable training examples")
                .uid(UNDECODABLE_SINK_UID);

        return TrainJob.build(examples, train,
                StreamrecKafka.avroSink(kafka, options.get(TopicOptions.MODEL_UPDATES), ModelUpdate.class,
                        ModelUpdate::getModelName, DeliveryGuarantee.AT_LEAST_ONCE),
                StreamrecKafka.avroSink(kafka, options.get(TopicOptions.METRICS), MetricsSnapshot.class,
                        RecordKeys.modelAndVariant(MetricsSnapshot::getModel, MetricsSnapshot::getVariant),
                        DeliveryGuarantee.EXACTLY_ONCE),
                StreamrecKafka.avroSink(kafka, dlqTopic, RejectedEvent.class, RecordKeys.none(), kafka.deliveryGuarantee()));
    }
}
