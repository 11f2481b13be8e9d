package io.streamrec.cli;

import io.streamrec.connectors.kafka.TopicOptions;
import io.streamrec.jobs.evaluation.report.HtmlReport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.flink.configuration.Configuration;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code streamrec evaluate}: replays a dataset file through the same jobs as the demo, as fast as
 * possible, then prints the final prequential metrics per model and writes an HTML report.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {
            "Replays a dataset file through the jobs on a local broker and MiniCluster (parallelism 1 and one "
                    + "partition per topic by default, so the fixed models' rates repeat), prints the final "
                    + "prequential metrics per model and writes a self-contained HTML report with charts."
        })
final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    DatasetMixin dataset;

    @Mixin
    ConfigMixin config;

    @Mixin
    StallTimeoutMixin stall;

    @Option(names = "--report", paramLabel = "FILE", defaultValue = "streamrec-report.html",
            description = "Where to write the HTML report. Default: ${DEFAULT-VALUE}.")
    Path report;

    @Option(names = "--parallelism", defaultValue = "1", paramLabel = "N",
            description = "Parallelism of the jobs' keyed stages. Default: ${DEFAULT-VALUE}.")
    int parallelism;

    @Option(names = "--dashboard-port", defaultValue = "0", paramLabel = "PORT",
            description = "Port of the Flink dashboard on 127.0.0.1; 0 (the default) picks a free port.")
    int dashboardPort;

    @Override
    public Integer call() throws Exception {
        Ports.check("--dashboard-port", dashboardPort);
        if (parallelism < 1 || parallelism > 16) {
            throw new IllegalArgumentException("Invalid value " + parallelism
                    + " for option '--parallelism': expected an integer from 1 to 16.");
        }
        Path parent = report.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IllegalArgumentException("Invalid value '" + report + "' for option '--report': folder "
                    + parent + " not found.");
        }
        Duration stallTimeout = stall.stallTimeout();
        Path workDir = LocalRun.tempFolder("streamrec-evaluate");
        Map<String, String> defaults = LocalRun.localDefaults(parallelism, workDir);
        // One partition per subtask: with several partitions per source subtask, the order in which
        // they are read depends on timing, and so would the fixed models' metrics.
        defaults.put(TopicOptions.PARTITIONS.key(), String.valueOf(parallelism));
        Configuration options = config.load(defaults);

        EventInput input = dataset.open(true);
        String title = "streamrec evaluation: " + input.description();
        LocalRun.run(input, options, new LocalRun.Settings(0, dashboardPort, false, 0, stallTimeout, System.out), result -> {
            Summary.print(result, input.total(), System.out);
            try {
                HtmlReport.write(result.observer().snapshots(), title, report);
                System.out.println("Report written to " + report.toAbsolutePath());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("Failed to write the report " + report, e);
            }
        });
        return 0;
    }
}
