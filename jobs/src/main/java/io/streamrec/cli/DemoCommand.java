package io.streamrec.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.apache.flink.configuration.Configuration;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamrec demo}: everything in one process, on the simulator or a dataset file. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Starts a real Kafka broker (KRaft) and a Flink MiniCluster with the dashboard on 127.0.0.1 in this "
                    + "process, creates the topics, runs the jobs and replays events into them: the built-in "
                    + "storefront simulator by default, or a dataset file with --format and --file.",
            "Prints a live progress line and, at the end, a summary with metrics."
        })
final class DemoCommand implements Callable<Integer> {

    @Mixin
    DatasetMixin dataset;

    @Mixin
    ConfigMixin config;

    @Mixin
    StallTimeoutMixin stall;

    @Option(names = "--kafka-port", defaultValue = "9092", paramLabel = "PORT",
            description = "Port of the embedded Kafka broker on 127.0.0.1; 0 picks a free port. Default: ${DEFAULT-VALUE}.")
    int kafkaPort;

    @Option(names = "--dashboard-port", defaultValue = "8081", paramLabel = "PORT",
            description = "Port of the Flink dashboard on 127.0.0.1; 0 picks a free port. Default: ${DEFAULT-VALUE}.")
    int dashboardPort;

    @Option(names = "--parallelism", defaultValue = "2", paramLabel = "N",
            description = "Parallelism of the jobs' keyed stages. Default: ${DEFAULT-VALUE}.")
    int parallelism;

    @Option(names = "--speed", defaultValue = "0", paramLabel = "FACTOR",
            description = "Event-time seconds replayed per second; 0 replays as fast as possible. Default: ${DEFAULT-VALUE}.")
    double speed;

    @Option(names = "--keep-running",
            description = "Keep the broker, the jobs and the dashboard up after the replay, until Ctrl-C.")
    boolean keepRunning;

    @Override
    public Integer call() throws Exception {
        Ports.check("--kafka-port", kafkaPort);
        Ports.check("--dashboard-port", dashboardPort);
        if (parallelism < 1 || parallelism > 16) {
            throw new IllegalArgumentException("Invalid value " + parallelism
                    + " for option '--parallelism': expected an integer from 1 to 16.");
        }
        if (speed < 0) {
            throw new IllegalArgumentException("Invalid value " + speed
                    + " for option '--speed': expected 0 (as fast as possible) or a positive factor.");
        }
        Duration stallTimeout = stall.stallTimeout();
        Path workDir = LocalRun.tempFolder("streamrec-demo");
        Configuration options = config.load(LocalRun.localDefaults(parallelism, workDir));

        EventInput input = dataset.open(false);
        LocalRun.Settings settings =
                new LocalRun.Settings(kafkaPort, dashboardPort, keepRunning, speed, stallTimeout, System.out);
        LocalRun.run(input, options, settings,
                result -> Summary.print(result, input.total(), System.out));
        return 0;
    }
}
