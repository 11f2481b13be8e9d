package io.streamrec.integration;

import io.streamrec.connectors.embedded.EmbeddedKafka;
import io.streamrec.connectors.kafka.KafkaOptions;
import io.streamrec.connectors.kafka.TopicAdmin;
import io.streamrec.connectors.kafka.TopicOptions;
import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.jobs.recommend.RecommendJob;
import io.streamrec.jobs.recommend.RecommendJobMain;
import io.streamrec.jobs.training.TrainJobMain;
import io.streamrec.topics.TopicSpec;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka broker and a Flink MiniCluster in this JVM, for end-to-end tests of the recommend
 * and train jobs: {@link EmbeddedKafka} on a free port of 127.0.0.1, and one TaskManager with
 * {@value #PARALLELISM} slots unless the test requests more. Jobs are wired by
 * {@link RecommendJobMain#wire} and {@link TrainJobMain#wire}, exactly as the entry points wire
 * them, and run with RocksDB state and checkpoints in a folder of the test.
 *
 * <pre>{@code
 * StreamrecTestCluster cluster = StreamrecTestCluster.start(tempDir);
 * Configuration options = cluster.jobOptions("taobao");
 * cluster.createTopics(options);
 * JobID job = cluster.submitRecommendJob(options, null);
 * ...
 * cluster.close();   // cancels the jobs, stops Flink and the broker
 * }</pre>
 */
public final class StreamrecTestCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamrecTestCluster.class);

    /** Slots of the MiniCluster and parallelism of the job's keyed stages and sources. */
    public static final int PARALLELISM = 2;

    /** Short, so that every stage's state goes through checkpoints during a test. */
    public static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);

    /** Time allowed for a broker or cluster request, such as creating topics or taking a savepoint. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /**
     * How often the REST API refreshes the metrics it serves; shorter than Flink's default of 10 s
     * so that a test reads a new gauge value within a second or two.
     */
    public static final Duration METRIC_FETCH_INTERVAL = Duration.ofSeconds(1);

    private final EmbeddedKafka kafka;
    private final MiniCluster flink;
    private final Path workDir;
    private final List<JobID> jobs = new ArrayList<>();

    private StreamrecTestCluster(EmbeddedKafka kafka, MiniCluster flink, Path workDir) {
        this.kafka = kafka;
        this.flink = flink;
        this.workDir = workDir;
    }

    /**
     * Starts the broker and a MiniCluster with {@value #PARALLELISM} slots, enough for one job.
     * Checkpoints and savepoints go below {@code workDir}.
     *
     * @throws Exception if either fails to start; whatever started is stopped again
     */
    public static StreamrecTestCluster start(Path workDir) throws Exception {
        return start(workDir, PARALLELISM);
    }

    /**
     * Starts the broker and a MiniCluster with {@code slots} slots: {@value #PARALLELISM} per job
     * that runs at the same time.
     *
     * @throws Exception if either fails to start; whatever started is stopped again
     */
    public static StreamrecTestCluster start(Path workDir, int slots) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        try {
            Configuration flinkConfig = new Configuration();
            flinkConfig.set(RestOptions.BIND_ADDRESS, EmbeddedKafka.HOST);
            flinkConfig.set(RestOptions.ADDRESS, EmbeddedKafka.HOST);
            // A free port, so that a test never collides with a demo on 8081.
            flinkConfig.set(RestOptions.BIND_PORT, "0");
            flinkConfig.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, METRIC_FETCH_INTERVAL);
            flinkConfig.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("256m"));
            MiniCluster flink = new MiniCluster(new MiniClusterConfiguration.Builder()
                    .setConfiguration(flinkConfig)
                    .setNumTaskManagers(1)
                    .setNumSlotsPerTaskManager(slots)
                    .build());
            flink.start();
            LOG.info("Test cluster started: Kafka at {}, Flink with {} slots", kafka.bootstrapServers(), slots);
            return new StreamrecTestCluster(kafka, flink, workDir);
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
    }

    /** Returns Kafka client properties with {@code bootstrap.servers} set. */
    public Properties clientProperties() {
        return kafka.clientProperties();
    }

    /**
     * Returns the recommend job's options for this cluster: every registry topic named
     * {@code <prefix>-<default name>}, consumer group and transactional ids unique to the prefix,
     * sources starting at the earliest offsets, parallelism {@value #PARALLELISM}, and checkpoints
     * every {@link #CHECKPOINT_INTERVAL} below the work folder.
     */
    public Configuration jobOptions(String prefix) {
        Configuration options = new Configuration();
        options.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        options.set(KafkaOptions.STARTING_OFFSETS, "earliest");
        options.set(KafkaOptions.GROUP_ID, prefix + "-recommend");
        options.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX, prefix + "-recommend");
        for (TopicSpec spec : TopicSpec.values()) {
            options.set(TopicOptions.option(spec), prefix + "-" + spec.defaultName());
        }
        options.set(RecommendOptions.PARALLELISM, PARALLELISM);
        options.set(RecommendOptions.CHECKPOINT_DIR, workDir.resolve(prefix + "-checkpoints").toUri().toString());
        options.set(RecommendOptions.CHECKPOINT_INTERVAL, CHECKPOINT_INTERVAL);
        return options;
    }

    /**
     * Creates every registry topic under the names in {@code options} and waits until the broker
     * leads each partition.
     *
     * <p>Without the wait, a producer that starts right after the creation can get
     * {@code NOT_LEADER_OR_FOLLOWER} and, on its retries, {@code OUT_OF_ORDER_SEQUENCE_NUMBER}, and
     * lose or reorder events.
     */
    public void createTopics(Configuration options) {
        List<String> topics = TopicAdmin.createRegistryTopics(options, REQUEST_TIMEOUT);
        awaitPartitionLeaders(topics);
    }

    /**
     * Asks each partition's leader for its end offset: the request succeeds only once the broker
     * serves the partition as its leader, and the consumer retries it until {@link #REQUEST_TIMEOUT}.
     */
    private void awaitPartitionLeaders(List<String> topics) {
        Properties properties = new Properties();
        properties.putAll(kafka.clientProperties());
        properties.put("key.deserializer", ByteArrayDeserializer.class.getName());
        properties.put("value.deserializer", ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo partition : consumer.partitionsFor(topic, REQUEST_TIMEOUT)) {
                    partitions.add(new TopicPartition(topic, partition.partition()));
                }
            }
            consumer.endOffsets(partitions, REQUEST_TIMEOUT);
            LOG.info("The broker leads all {} partitions of {} topics", partitions.size(), topics.size());
        }
    }

    /**
     * Wires the recommend job with {@link RecommendJobMain#wire} and submits it.
     *
     * @param savepointPath savepoint to restore the job's state from, or null to start afresh
     * @return the id of the submitted job
     */
    public JobID submitRecommendJob(Configuration options, String savepointPath) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(RecommendJob.environmentConfiguration(options));
        RecommendJobMain.wire(env, options);
        return submit(env, RecommendJobMain.JOB_NAME, savepointPath);
    }

    /**
     * Wires the train job with {@link TrainJobMain#wire} and submits it, at parallelism
     * {@value #PARALLELISM}, with the same checkpoint settings as the recommend job. Its Kafka
     * consumer group is {@code kafka.group-id} followed by {@code -train}; the train job itself
     * appends {@value TrainJobMain#TRANSACTIONAL_ID_SUFFIX} to the transactional id prefix.
     *
     * @return the id of the submitted job
     */
    public JobID submitTrainJob(Configuration options) throws Exception {
        Configuration trainOptions = new Configuration(options);
        trainOptions.set(KafkaOptions.GROUP_ID, options.get(KafkaOptions.GROUP_ID) + "-train");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(RecommendJob.environmentConfiguration(trainOptions));
        env.setParallelism(PARALLELISM);
        TrainJobMain.wire(env, trainOptions);
        return submit(env, TrainJobMain.JOB_NAME, null);
    }

    private JobID submit(StreamExecutionEnvironment env, String jobName, String savepointPath) throws Exception {
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(jobName);
        if (savepointPath != null) {
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepointPath, false));
        }
        JobID id = flink.submitJob(graph).get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).getJobID();
        jobs.add(id);
        LOG.info("Submitted {} as job {} (restored from {})", jobName, id,
                savepointPath == null ? "nothing" : savepointPath);
        return id;
    }

    /** Returns the base address of the MiniCluster's REST API, such as {@code http://127.0.0.1:40123}. */
    public URI restAddress() throws Exception {
        return flink.getRestAddress().get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Returns the current status of a job. */
    public JobStatus jobStatus(JobID id) throws Exception {
        return flink.getJobStatus(id).get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits until a job reaches {@code expected}.
     *
     * @throws IllegalStateException if it is still in another status after {@code timeout}, or
     *     ended in another status
     */
    public void waitForStatus(JobID id, JobStatus expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JobStatus status = jobStatus(id);
        while (status != expected) {
            if (status.isGloballyTerminalState() || System.nanoTime() > deadline) {
                throw new IllegalStateException("Job " + id + " is " + status + ", expected " + expected
                        + " within " + timeout);
            }
            Thread.sleep(100);
            status = jobStatus(id);
        }
    }

    /**
     * Stops a job with a savepoint in the work folder, waits until the job has finished, and
     * returns the savepoint's path. Event time stays where it is, so that a restored job resumes it.
     */
    public String stopWithSavepoint(JobID id, String name) throws Exception {
        return stopWithSavepoint(id, name, false);
    }

    /**
     * Stops a job like {@link #stopWithSavepoint(JobID, String)}. With {@code drain}, Flink first
     * advances event time to the end, so that every open event-time window fires and its output is
     * committed before the job finishes.
     */
    public String stopWithSavepoint(JobID id, String name, boolean drain) throws Exception {
        Path target = Files.createDirectories(workDir.resolve(name + "-savepoints"));
        String path = flink.stopWithSavepoint(id, target.toUri().toString(), drain, SavepointFormatType.CANONICAL)
                .get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        waitForStatus(id, JobStatus.FINISHED, REQUEST_TIMEOUT);
        LOG.info("Stopped job {} with savepoint {}", id, path);
        return path;
    }

    /** Cancels the jobs that still run, then stops the MiniCluster and the broker. */
    @Override
    public void close() throws Exception {
        try {
            for (JobID id : jobs) {
                cancelQuietly(id);
            }
            flink.close();
        } finally {
            kafka.close();
        }
    }

    private void cancelQuietly(JobID id) {
        try {
            if (!jobStatus(id).isGloballyTerminalState()) {
                flink.cancelJob(id).get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            LOG.warn("Could not cancel job {}", id, e);
        }
    }
}
