package io.streamrec.connectors.kafka;

import java.util.Objects;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.streamrec.connectors.codec.KeyExtractor;
import io.streamrec.connectors.codec.RawRecord;

/**
 * Builds streamrec's Kafka sources and sinks from {@link KafkaOptions} and {@link TopicOptions}.
 *
 * <pre>{@code
 * Configuration config = Configuration.fromMap(Map.of(
 *         "kafka.bootstrap-servers", "127.0.0.1:9092",
 *         "kafka.delivery-guarantee", "exactly-once"));
 * String events = TopicOptions.name(config, TopicSpec.STOREFRONT_EVENTS);
 * DataStream<RawRecord> raw = env.fromSource(
 *         StreamrecKafka.rawSource(config, events), WatermarkStrategy.noWatermarks(), "storefront events")
 *     .uid("source-storefront-events");
 *
 * String topic = TopicOptions.name(config, TopicSpec.RECOMMENDATIONS);
 * lists.sinkTo(StreamrecKafka.avroSink(config, topic, Recommendation.class,
 *                 RecordKeys.recommendationUserId(), DeliveryGuarantee.AT_LEAST_ONCE))
 *     .name("recommendations sink").uid("sink-recommendations");
 * }</pre>
 *
 * <p>Sources read with {@code isolation.level=read_committed}, so they never see records of
 * aborted or open transactions. Exactly-once sinks set {@code transaction.timeout.ms} from
 * {@link KafkaOptions#TRANSACTION_TIMEOUT} and use the transactional id prefix
 * {@code <kafka.transactional-id-prefix>-<topic>}, so two sinks of one job never share ids.
 */
public final class StreamrecKafka {

    private static final Logger LOG = LoggerFactory.getLogger(StreamrecKafka.class);

    private StreamrecKafka() {}

    /**
     * Builds a source that emits every record of {@code topic} as a {@link RawRecord}, never
     * failing on its bytes. It starts at {@link KafkaOptions#STARTING_OFFSETS} when the job has no
     * restored state and commits offsets to {@link KafkaOptions#GROUP_ID} at checkpoints.
     *
     * @throws IllegalArgumentException if an option is invalid or the topic name is blank
     */
    public static KafkaSource<RawRecord> rawSource(Configuration config, String topic) {
        return rawSource(KafkaSettings.from(config), topic);
    }

    /** Builds the source of {@link #rawSource(Configuration, String)} from validated settings. */
    public static KafkaSource<RawRecord> rawSource(KafkaSettings settings, String topic) {
        return rawSourceBuilder(settings, topic).build();
    }

    /**
     * Returns the configured builder of {@link #rawSource(KafkaSettings, String)}, for callers
     * that change more, such as {@code setBounded(OffsetsInitializer.latest())} to read a topic up
     * to its current end in a test or a batch replay.
     */
    public static KafkaSourceBuilder<RawRecord> rawSourceBuilder(KafkaSettings settings, String topic) {
        requireTopic(topic);
        LOG.info("Kafka source of topic {} at {}, group {}, starting at {} offsets",
                topic, settings.bootstrapServers(), settings.groupId(), settings.startingOffsets().value());
        return KafkaSource.<RawRecord>builder()
                .setProperties(settings.consumerProperties())
                .setBootstrapServers(settings.bootstrapServers())
                .setGroupId(settings.groupId())
                .setClientIdPrefix(settings.groupId() + "-" + topic)
                .setTopics(topic)
                .setStartingOffsets(settings.startingOffsets().initializer())
                .setDeserializer(new RawRecordDeserializer());
    }

    /**
     * Builds a sink that writes generated Avro records to {@code topic} with the configured
     * delivery guarantee.
     *
     * @throws IllegalArgumentException if an option is invalid or the topic name is blank
     */
    public static <T extends SpecificRecord> KafkaSink<T> avroSink(
            Configuration config, String topic, Class<T> type, KeyExtractor<T> keyExtractor) {
        KafkaSettings settings = KafkaSettings.from(config);
        return avroSink(settings, topic, type, keyExtractor, settings.deliveryGuarantee());
    }

    /**
     * Builds a sink that writes generated Avro records to {@code topic}, keyed by
     * {@code keyExtractor}, with the given delivery guarantee in place of the configured one. Use
     * this for outputs whose guarantee is part of their contract, such as exactly-once metrics.
     *
     * @throws IllegalArgumentException if an option is invalid or the topic name is blank
     */
    public static <T extends SpecificRecord> KafkaSink<T> avroSink(
            Configuration config, String topic, Class<T> type, KeyExtractor<T> keyExtractor,
            DeliveryGuarantee deliveryGuarantee) {
        return avroSink(KafkaSettings.from(config), topic, type, keyExtractor, deliveryGuarantee);
    }

    /** Builds the sink of {@link #avroSink(Configuration, String, Class, KeyExtractor, DeliveryGuarantee)}. */
    public static <T extends SpecificRecord> KafkaSink<T> avroSink(
            KafkaSettings settings, String topic, Class<T> type, KeyExtractor<T> keyExtractor,
            DeliveryGuarantee deliveryGuarantee) {
        requireTopic(topic);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(keyExtractor, "keyExtractor");
        Objects.requireNonNull(deliveryGuarantee, "deliveryGuarantee");

        KafkaSinkBuilder<T> builder = KafkaSink.<T>builder()
                .setKafkaProducerConfig(settings.commonProperties())
                .setBootstrapServers(settings.bootstrapServers())
                .setRecordSerializer(new AvroRecordSerializer<>(topic, type, keyExtractor))
                .setDeliveryGuarantee(deliveryGuarantee);
        if (deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(transactionalIdPrefix(settings, topic))
                    .setProperty("transaction.timeout.ms", String.valueOf(settings.transactionTimeout().toMillis()));
        }
        LOG.info("Kafka sink of {} to topic {} at {}, {}",
                type.getSimpleName(), topic, settings.bootstrapServers(), deliveryGuarantee);
        return builder.build();
    }

    /** Returns the transactional id prefix of an exactly-once sink writing to {@code topic}. */
    public static String transactionalIdPrefix(KafkaSettings settings, String topic) {
        return settings.transactionalIdPrefix() + "-" + topic;
    }

    private static void requireTopic(String topic) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("Invalid topic name '" + topic + "': must not be blank");
        }
    }
}
