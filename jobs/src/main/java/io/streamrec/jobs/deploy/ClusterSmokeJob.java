package io.streamrec.jobs.deploy;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import org.apache.kafka.common.serialization.LongDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A small bounded job that checks a session cluster end to end: it counts a sequence of numbers
 * per key in keyed state with checkpointing on, so a run proves that the submitted jars load on
 * the TaskManagers, that keyed state works in the cluster's state backend (RocksDB in
 * {@code deploy/flink/conf/config.yaml}) and that checkpoints complete.
 *
 * <p>The numbers {@code 1..records}, or the values of a Kafka topic when
 * {@link #KAFKA_BOOTSTRAP_SERVERS} is set, are keyed by {@code n % keys}. For each record the keyed
 * function increments its key's count and adds the new count to the accumulator
 * {@link #COUNT_SUM_ACCUMULATOR}; with correct keyed state each key emits 1, 2, ..., so the
 * accumulator is the sum of the triangular numbers of the per-key record counts, whatever the
 * order of the records. The job does
 * not set a state backend, so the cluster's default is used. State is one {@code Long} per key,
 * bounded by the {@code keys} option; a restart after a failure would count some records twice.
 *
 * <p>Run it against a cluster: {@code java -cp 'jobs/target/streamrec-jobs-*.jar:jobs/target/lib/*'
 * io.streamrec.jobs.deploy.ClusterSmokeJob 127.0.0.1:8081}.
 */
public final class ClusterSmokeJob {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterSmokeJob.class);

    /** Job name shown in the dashboard. */
    public static final String JOB_NAME = "streamrec-cluster-smoke";

    /** Accumulator holding the sum of every emitted per-key count. */
    public static final String COUNT_SUM_ACCUMULATOR = "keyed-count-sum";

    public static final ConfigOption<Long> RECORDS =
            ConfigOptions.key("streamrec.smoke.records")
                    .longType()
                    .defaultValue(20_000L)
                    .withDescription("Number of records the smoke job generates (1..records).");

    public static final ConfigOption<Integer> KEYS =
            ConfigOptions.key("streamrec.smoke.keys")
                    .intType()
                    .defaultValue(10)
                    .withDescription("Number of distinct keys (records are keyed by n % keys); 1..10000.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key("streamrec.smoke.checkpoint-interval")
                    .durationType()
                    .defaultValue(Duration.ofMillis(500))
                    .withDescription("Checkpoint interval of the smoke job.");

    public static final ConfigOption<String> KAFKA_BOOTSTRAP_SERVERS =
            ConfigOptions.key("streamrec.smoke.kafka.bootstrap-servers")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("When set, the job reads its numbers from this Kafka cluster "
                            + "instead of generating them: every record of the topic from the earliest "
                            + "offset up to the latest offset at start, values as 8-byte big-endian longs.");

    public static final ConfigOption<String> KAFKA_TOPIC =
            ConfigOptions.key("streamrec.smoke.kafka.topic")
                    .stringType()
                    .defaultValue("streamrec-smoke")
                    .withDescription("Topic the job reads when streamrec.smoke.kafka.bootstrap-servers is set.");

    public static final ConfigOption<Boolean> KAFKA_BOUNDED =
            ConfigOptions.key("streamrec.smoke.kafka.bounded")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription("Whether the Kafka source stops at the offsets that are latest when "
                            + "the job starts. When false the job runs until it is stopped, for example "
                            + "with a savepoint.");

    static final int MAX_KEYS = 10_000;

    static final ValueStateDescriptor<Long> COUNT_STATE =
            new ValueStateDescriptor<>("count-per-key", Long.class);

    private ClusterSmokeJob() {}

    /**
     * Wires the smoke job into {@code env}: sequence source, keyed count, discarding sink. Turns
     * checkpointing on with the configured interval.
     *
     * @throws IllegalArgumentException if {@code records} is below 1 or {@code keys} outside 1..10000
     */
    public static void build(StreamExecutionEnvironment env, Configuration options) {
        long records = options.get(RECORDS);
        int keys = options.get(KEYS);
        if (records < 1) {
            throw new IllegalArgumentException(RECORDS.key() + " must be at least 1, got " + records);
        }
        if (keys < 1 || keys > MAX_KEYS) {
            throw new IllegalArgumentException(
                    KEYS.key() + " must be in 1.." + MAX_KEYS + ", got " + keys);
        }

        env.enableCheckpointing(options.get(CHECKPOINT_INTERVAL).toMillis());

        DataStream<Long> numbers = options.getOptional(KAFKA_BOOTSTRAP_SERVERS)
                .map(servers -> kafkaNumbers(env, servers, options.get(KAFKA_TOPIC), options.get(KAFKA_BOUNDED)))
                .orElseGet(() -> env.fromSequence(1, records)
                        .name("sequence")
                        .uid("smoke-sequence"));

        DataStream<Long> counts = numbers
                .keyBy(n -> n % keys)
                .map(new CountPerKey())
                .name("count-per-key")
                .uid("smoke-count-per-key");

        counts.sinkTo(new DiscardingSink<>())
                .name("discard")
                .uid("smoke-discard");
    }

    /**
     * Reads the topic from the earliest offset, or from the offsets in the restored state, and
     * when {@code bounded} stops at the offsets that are latest at start. A run on a cluster
     * thereby also loads the shipped Kafka connector and client.
     */
    private static DataStream<Long> kafkaNumbers(
            StreamExecutionEnvironment env, String bootstrapServers, String topic, boolean bounded) {
        KafkaSourceBuilder<Long> builder = KafkaSource.<Long>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(JOB_NAME)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(KafkaRecordDeserializationSchema.valueOnly(LongDeserializer.class));
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        KafkaSource<Long> source = builder.build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka-numbers")
                .uid("smoke-kafka-numbers");
    }

    /** Reads the accumulated count sum from a finished run. */
    public static long countSum(JobExecutionResult result) {
        Long sum = result.getAccumulatorResult(COUNT_SUM_ACCUMULATOR);
        if (sum == null) {
            throw new IllegalStateException("Accumulator " + COUNT_SUM_ACCUMULATOR + " missing from the job result");
        }
        return sum;
    }

    /**
     * Submits the smoke job to the cluster whose REST address is {@code args[0]} (default
     * {@code 127.0.0.1:8081}) with the jars of the current build, waits for it and prints the
     * count sum. Further arguments are options as {@code key=value}, such as
     * {@code streamrec.smoke.kafka.bootstrap-servers=127.0.0.1:9092}.
     *
     * @throws IllegalArgumentException if an option argument has no {@code =}
     */
    public static void main(String[] args) throws Exception {
        String address = args.length > 0 ? args[0] : "127.0.0.1:8081";
        Map<String, String> optionValues = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("Invalid option '" + args[i] + "': expected key=value");
            }
            optionValues.put(args[i].substring(0, equals), args[i].substring(equals + 1));
        }
        Configuration options = Configuration.fromMap(optionValues);

        StreamExecutionEnvironment env =
                ClusterSubmitter.remoteEnvironment(address, options, JobJars.fromLauncher());
        build(env, options);

        JobExecutionResult result = env.execute(JOB_NAME);
        LOG.info("Smoke job {} finished in {} ms", result.getJobID(), result.getNetRuntime());
        System.out.println("job " + result.getJobID() + " finished, " + COUNT_SUM_ACCUMULATOR + "=" + countSum(result));
    }

    /** Counts records per key in keyed state and adds every new count to the accumulator. */
    static final class CountPerKey extends RichMapFunction<Long, Long> {
        private transient ValueState<Long> count;
        private transient LongCounter countSum;

        @Override
        public void open(OpenContext openContext) {
            count = getRuntimeContext().getState(COUNT_STATE);
            countSum = getRuntimeContext().getLongCounter(COUNT_SUM_ACCUMULATOR);
        }

        @Override
        public Long map(Long value) throws Exception {
            Long previous = count.value();
            long next = previous == null ? 1 : previous + 1;
            count.update(next);
            countSum.add(next);
            return next;
        }
    }
}
