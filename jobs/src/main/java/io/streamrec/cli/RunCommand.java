package io.streamrec.cli;

import io.streamrec.jobs.deploy.ClusterSubmitter;
import io.streamrec.jobs.recommend.RecommendJob;
import io.streamrec.jobs.recommend.RecommendJobMain;

import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code streamrec run JOB}: runs one job against an external Kafka cluster, in this process on a
 * local MiniCluster with the dashboard, or submitted to a Flink cluster with {@code --jobmanager}.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a job against an external Kafka cluster: recommend (events to recommendations, metrics and "
                    + "training examples) or train (training examples to model updates).",
            "Without --jobmanager the job runs in this process on a MiniCluster with the dashboard on "
                    + "127.0.0.1:8081 until Ctrl-C; with it, the job is submitted to that Flink cluster."
        })
final class RunCommand implements Callable<Integer> {

    /** The jobs this command can run. */
    enum Job {
        recommend,
        train
    }

    @Parameters(index = "0", paramLabel = "JOB", description = "Job to run: ${COMPLETION-CANDIDATES}.")
    Job job;

    @Mixin
    ConfigMixin config;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka brokers; sets kafka.bootstrap-servers (default 127.0.0.1:9092).")
    String bootstrapServers;

    @Option(names = "--jobmanager", paramLabel = "HOST:PORT",
            description = "REST address of a Flink cluster to submit to, such as 127.0.0.1:8081.")
    String jobManager;

    @Option(names = "--dashboard-port", defaultValue = "8081", paramLabel = "PORT",
            description = "Dashboard port of the local MiniCluster when running in this process. Default: ${DEFAULT-VALUE}.")
    int dashboardPort;

    @Override
    public Integer call() throws Exception {
        Configuration options = config.load(bootstrapServers == null
                ? Map.of() : Map.of("kafka.bootstrap-servers", bootstrapServers));

        StreamExecutionEnvironment env;
        if (jobManager != null) {
            env = ClusterSubmitter.remoteEnvironment(jobManager, environmentConfiguration(options));
        } else {
            Ports.check("--dashboard-port", dashboardPort);
            Configuration local = environmentConfiguration(options);
            local.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
            local.set(RestOptions.ADDRESS, "127.0.0.1");
            local.set(RestOptions.PORT, dashboardPort);
            env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(local);
            System.out.println("Flink dashboard: http://127.0.0.1:" + dashboardPort);
        }

        String name = wire(env, options);
        if (jobManager != null) {
            var client = env.executeAsync(name);
            System.out.printf("Submitted %s to %s as job %s%n", name, jobManager, client.getJobID());
            return 0;
        }
        env.execute(name);
        return 0;
    }

    private Configuration environmentConfiguration(Configuration options) {
        return switch (job) {
            case recommend -> RecommendJob.environmentConfiguration(options);
            case train -> TrainWiring.environmentConfiguration(options);
        };
    }

    private String wire(StreamExecutionEnvironment env, Configuration options) {
        return switch (job) {
            case recommend -> {
                RecommendJobMain.wire(env, options);
                yield RecommendJobMain.JOB_NAME;
            }
            case train -> TrainWiring.wire(env, options);
        };
    }
}
