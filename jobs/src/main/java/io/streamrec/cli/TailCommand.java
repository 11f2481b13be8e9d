package io.streamrec.cli;

import io.streamrec.connectors.kafka.KafkaSettings;
import io.streamrec.connectors.kafka.TopicOptions;
import io.streamrec.connectors.kafka.TopicTail;
import io.streamrec.topics.TopicSpec;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.apache.flink.configuration.Configuration;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code streamrec tail TOPIC}: prints a topic's records decoded into readable lines. */
@Command(
        name = "tail",
        mixinStandardHelpOptions = true,
        description = {
            "Reads a topic (read_committed, no consumer group) and prints one line per record, decoding the value "
                    + "by the topic's schema: Avro records as JSON, JSON events as text, anything else as hex."
        })
final class TailCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TOPIC",
            description = "Topic to read, such as recommendations, storefront-events-dlq or recommendation-metrics.")
    String topic;

    @Mixin
    ConfigMixin config;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka brokers; sets kafka.bootstrap-servers (default 127.0.0.1:9092).")
    String bootstrapServers;

    @Option(names = "--from-beginning", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Start at the earliest records (default); --no-from-beginning shows only new ones.")
    boolean fromBeginning;

    @Option(names = {"-n", "--max"}, defaultValue = "20", paramLabel = "N",
            description = "Stop after N records. Default: ${DEFAULT-VALUE}.")
    long max;

    @Option(names = "--timeout", defaultValue = "10s", paramLabel = "DURATION",
            description = "Stop after this long, such as 30s or 5m. Default: ${DEFAULT-VALUE}.")
    String timeout;

    @Option(names = "--schema", paramLabel = "NAME",
            description = "Value schema when the topic name is not a registry default: one of ${COMPLETION-CANDIDATES}.")
    TopicSpec schema;

    @Override
    public Integer call() throws Exception {
        if (max < 1) {
            throw new IllegalArgumentException("Invalid value " + max + " for option '--max': expected at least 1.");
        }
        Duration duration = parseDuration(timeout);
        Configuration options = config.load(bootstrapServers == null
                ? Map.of() : Map.of("kafka.bootstrap-servers", bootstrapServers));
        KafkaSettings settings = KafkaSettings.from(options);

        TopicSpec spec = schema != null ? schema : specOf(options, topic).orElse(null);
        long printed = new TopicTail(settings.commonProperties())
                .tail(topic, spec, fromBeginning, max, duration, System.out::println);
        System.err.printf("%,d records from %s%n", printed, topic);
        return 0;
    }

    /** Finds the registry entry whose configured or default name is {@code name}. */
    private static Optional<TopicSpec> specOf(Configuration options, String name) {
        return Arrays.stream(TopicSpec.values())
                .filter(spec -> TopicOptions.name(options, spec).equals(name))
                .findFirst()
                .or(() -> TopicSpec.byDefaultName(name));
    }

    static Duration parseDuration(String text) {
        try {
            return org.apache.flink.util.TimeUtils.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid value '" + text
                    + "' for option '--timeout': expected a duration such as 30s, 5m or 1h.");
        }
    }
}
