package io.streamrec.jobs.deploy;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Creates execution environments that submit jobs to a running Flink session cluster over its
 * REST endpoint, shipping the streamrec jars and their non-Flink libraries ({@link JobJars}).
 *
 * <p>Usage, for a cluster started with {@code deploy/local-cluster/start.sh}:
 *
 * <pre>{@code
 * StreamExecutionEnvironment env = ClusterSubmitter.remoteEnvironment(
 *         "127.0.0.1:8081", new Configuration(), JobJars.fromLauncher());
 * RecommendJob.build(env, ...);
 * env.executeAsync("streamrec-recommend");
 * }</pre>
 *
 * <p>The job graph is built in the client, so options that shape it must be in the configuration
 * given here: {@code pipeline.auto-generate-uids} and the checkpoint settings that go into the
 * graph (interval, mode, retention on cancellation). The cluster's {@code config.yaml} supplies
 * the runtime defaults (state backend, checkpoint folders, restart strategy) for options the job
 * leaves unset. To give the client the same defaults, as {@code flink run} does, start from
 * {@link #loadFlinkConfiguration(Path)} of the cluster's configuration folder.
 *
 * <p>To start a job from a savepoint or retained checkpoint, set
 * {@code execution.state-recovery.path} ({@code StateRecoveryOptions.SAVEPOINT_PATH}) in the
 * job configuration.
 */
public final class ClusterSubmitter {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterSubmitter.class);

    private ClusterSubmitter() {}

    /**
     * Loads {@code config.yaml} from a Flink configuration folder, such as
     * {@code deploy/flink/conf}, to use as the base of a job's client configuration.
     *
     * @throws IllegalArgumentException if the folder has no {@code config.yaml}
     */
    public static Configuration loadFlinkConfiguration(Path confDir) {
        if (!Files.isRegularFile(confDir.resolve(GlobalConfiguration.FLINK_CONF_FILENAME))) {
            throw new IllegalArgumentException(
                    "No " + GlobalConfiguration.FLINK_CONF_FILENAME + " in Flink configuration folder " + confDir);
        }
        return GlobalConfiguration.loadConfiguration(confDir.toString());
    }

    /**
     * Creates an environment that submits to the cluster at {@code restAddress} with the jars of
     * the build that {@code bin/streamrec} runs from ({@link JobJars#fromLauncher()}).
     *
     * @throws IllegalArgumentException if {@code restAddress} is not a valid {@code host:port}
     * @throws IllegalStateException if the build output is missing
     */
    public static StreamExecutionEnvironment remoteEnvironment(String restAddress, Configuration jobConfig) {
        return remoteEnvironment(restAddress, jobConfig, JobJars.fromLauncher());
    }

    /**
     * Creates an environment whose {@code execute}/{@code executeAsync} submit to the cluster at
     * {@code restAddress} ({@code host:port} of its REST endpoint, e.g. {@code 127.0.0.1:8081}).
     *
     * <p>{@code jobConfig} is copied, and {@code pipeline.auto-generate-uids} is set to false
     * unless it is already set, so that an operator without a uid fails at submission.
     *
     * @throws IllegalArgumentException if {@code restAddress} is not a valid {@code host:port}
     */
    public static StreamExecutionEnvironment remoteEnvironment(
            String restAddress, Configuration jobConfig, JobJars jars) {
        ClusterAddress address = ClusterAddress.parse(restAddress);

        Configuration clientConfig = new Configuration(jobConfig);
        if (!clientConfig.contains(PipelineOptions.AUTO_GENERATE_UIDS)) {
            clientConfig.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        }

        List<Path> shipped = jars.shipped();
        String[] jarFiles = shipped.stream().map(p -> p.toAbsolutePath().toString()).toArray(String[]::new);
        LOG.info("Submitting to Flink cluster {} with {} jars (first: {})",
                address, jarFiles.length, jars.jobsJar().getFileName());

        return StreamExecutionEnvironment.createRemoteEnvironment(
                address.host(), address.port(), clientConfig, jarFiles);
    }
}
