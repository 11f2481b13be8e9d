package io.streamrec.cli;

import io.streamrec.connectors.kafka.KafkaSettings;
import io.streamrec.connectors.kafka.TopicOptions;
import io.streamrec.connectors.replay.ReplayProducer;
import io.streamrec.connectors.replay.ReplayStats;
import io.streamrec.topics.TopicSpec;

import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.flink.configuration.Configuration;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamrec replay}: writes a file's events (or the simulator's) to the events topic. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Writes events to the input topic of a Kafka cluster in event-time order, keyed by user id and Avro "
                    + "encoded: a dataset file with --format and --file, or the built-in simulator. Rows that "
                    + "cannot be used go to the dead-letter topic with their reason.",
            "Ends with the count of records sent and rejected."
        })
final class ReplayCommand implements Callable<Integer> {

    @Mixin
    DatasetMixin dataset;

    @Mixin
    ConfigMixin config;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka brokers; sets kafka.bootstrap-servers (default 127.0.0.1:9092).")
    String bootstrapServers;

    @Option(names = "--speed", defaultValue = "0", paramLabel = "FACTOR",
            description = "Event-time seconds replayed per second; 0 replays as fast as possible. Default: ${DEFAULT-VALUE}.")
    double speed;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (speed < 0) {
            throw new IllegalArgumentException("Invalid value " + speed
                    + " for option '--speed': expected 0 (as fast as possible) or a positive factor.");
        }
        Configuration options = config.load(bootstrapServers == null
                ? Map.of() : Map.of("kafka.bootstrap-servers", bootstrapServers));
        KafkaSettings settings = KafkaSettings.from(options);
        String topic = TopicOptions.name(options, TopicSpec.STOREFRONT_EVENTS);
        String dlq = TopicOptions.name(options, TopicSpec.STOREFRONT_EVENTS_DLQ);

        EventInput input = dataset.open(false);
        long fileRejects = FileRejects.send(settings.producerProperties(), dlq, input.description(), input.rejectedRows());
        ReplayStats stats = ReplayProducer.builder(settings.producerProperties(), topic)
                .dlqTopic(dlq)
                .speedFactor(speed)
                .expectedTotal(input.total())
                .quiet(quiet)
                .sourceName(input.description())
                .build()
                .run(input.events());

        System.out.printf("Replayed %s to %s at %s%n", input.description(), topic, settings.bootstrapServers());
        System.out.printf("Sent %,d events in %.1f s (%,.0f events/s); rejected %,d (unparsable rows %,d, invalid "
                        + "events %,d%s), all written to %s%n",
                stats.sent(), stats.elapsed().toMillis() / 1000.0, stats.eventsPerSecond(),
                fileRejects + stats.rejected(), fileRejects, stats.rejected(),
                stats.rejectedByReason().isEmpty() ? "" : " " + stats.rejectedByReason(), dlq);
        if (stats.failed() > 0) {
            System.err.printf("streamrec: %,d sends failed; see the log for the first error.%n", stats.failed());
            return 1;
        }
        return 0;
    }
}
