package io.streamrec.cli;

import io.streamrec.connectors.embedded.EmbeddedKafka;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker (in-process KRaft) and a Flink MiniCluster with its web dashboard, both on
 * 127.0.0.1 in this process: what {@code demo} and {@code evaluate} run the jobs on.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    private final EmbeddedKafka kafka;
    private final MiniCluster cluster;
    private final URI dashboard;

    private LocalStack(EmbeddedKafka kafka, MiniCluster cluster, URI dashboard) {
        this.kafka = kafka;
        this.cluster = cluster;
        this.dashboard = dashboard;
    }

    /**
     * Starts the broker on {@code kafkaPort} (0 picks a free port) and the MiniCluster with its
     * dashboard on {@code dashboardPort} (0 picks a free port).
     */
    public static LocalStack start(int kafkaPort, int dashboardPort, int slots) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.builder().port(kafkaPort).start();
        try {
            Configuration conf = new Configuration();
            conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
            conf.set(RestOptions.ADDRESS, "127.0.0.1");
            conf.set(RestOptions.PORT, dashboardPort);
            conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(512));
            conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.ofMebiBytes(128));
            conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.ofMebiBytes(128));
            MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                    .setConfiguration(conf)
                    .setNumTaskManagers(1)
                    .setNumSlotsPerTaskManager(slots)
                    .build());
            cluster.start();
            URI dashboard = cluster.getRestAddress().get(30, TimeUnit.SECONDS);
            LOG.info("Local stack up: Kafka at {}, Flink dashboard at {}", kafka.bootstrapServers(), dashboard);
            return new LocalStack(kafka, cluster, dashboard);
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public URI dashboard() {
        return dashboard;
    }

    public MiniCluster cluster() {
        return cluster;
    }

    /** Submits the graph built on {@code env} and returns its job id without waiting for it. */
    public JobID submit(StreamExecutionEnvironment env, String jobName) throws Exception {
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(jobName);
        JobID id = cluster.submitJob(graph).get(60, TimeUnit.SECONDS).getJobID();
        LOG.info("Submitted job {} as {}", jobName, id);
        return id;
    }

    /** Cancels a job and waits until it has ended; failures are logged, not thrown. */
    public void cancel(JobID job) {
        try {
            cluster.cancelJob(job).get(60, TimeUnit.SECONDS);
            cluster.requestJobResult(job).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Cancelling job {} failed", job, e);
        }
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            LOG.warn("Stopping the Flink MiniCluster failed", e);
        }
        kafka.close();
    }
}
