package io.streamrec.cli;

import java.time.Duration;

import org.apache.flink.util.TimeUtils;

import picocli.CommandLine.Option;

/** The {@code --stall-timeout} option of the commands that wait for a local run's recommendations. */
final class StallTimeoutMixin {

    static final String OPTION = "--stall-timeout";
    static final Duration MIN = Duration.ofSeconds(10);
    static final Duration MAX = Duration.ofHours(24);

    @Option(names = OPTION, defaultValue = "60s", paramLabel = "DURATION",
            description = "How long to keep waiting for the missing recommendations while none arrives and the "
                    + "recommend job reads, writes and computes nothing, such as 60s or 5m; from 10s to 24h. "
                    + "Default: ${DEFAULT-VALUE}.")
    String stallTimeout;

    /** Returns the parsed option. */
    Duration stallTimeout() {
        return parse(stallTimeout);
    }

    /**
     * Parses a stall timeout.
     *
     * @throws IllegalArgumentException if the text is no duration or lies outside 10 s to 24 h
     */
    static Duration parse(String text) {
        Duration timeout;
        try {
            timeout = TimeUtils.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid value '" + text + "' for option '" + OPTION
                    + "': expected a duration such as 60s, 5m or 1h.");
        }
        if (timeout.compareTo(MIN) < 0 || timeout.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("Invalid value '" + text + "' for option '" + OPTION
                    + "': expected a duration from 10s to 24h.");
        }
        return timeout;
    }
}
