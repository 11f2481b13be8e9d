package io.streamrec.connectors.replay;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import io.streamrec.connectors.codec.RejectReason;

/** The outcome of one replay: events sent, rows rejected by reason, send failures and timing. */
public final class ReplayStats {

    private final long sent;
    private final Map<RejectReason, Long> rejected;
    private final long failed;
    private final long deadLettered;
    private final Duration elapsed;

    ReplayStats(long sent, Map<RejectReason, Long> rejected, long failed, long deadLettered, Duration elapsed) {
        this.sent = sent;
        EnumMap<RejectReason, Long> copy = new EnumMap<>(RejectReason.class);
        copy.putAll(rejected);
        this.rejected = Collections.unmodifiableMap(copy);
        this.failed = failed;
        this.deadLettered = deadLettered;
        this.elapsed = elapsed;
    }

    /** Number of events the broker acknowledged. */
    public long sent() {
        return sent;
    }

    /** Number of rejected input rows per reason; reasons without rejections are absent. */
    public Map<RejectReason, Long> rejectedByReason() {
        return rejected;
    }

    /** Total number of rejected input rows. */
    public long rejected() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Number of valid events whose send failed. */
    public long failed() {
        return failed;
    }

    /** Number of rejections the dead-letter topic acknowledged; 0 without a dead-letter topic. */
    public long deadLettered() {
        return deadLettered;
    }

    /** Wall-clock time from the start of the run to the close of its producer. */
    public Duration elapsed() {
        return elapsed;
    }

    /** Events sent per second of wall-clock time, or 0 when no time passed. */
    public double eventsPerSecond() {
        long millis = elapsed.toMillis();
        return millis <= 0 ? 0.0 : sent * 1000.0 / millis;
    }

    @Override
    public String toString() {
        return String.format("%d events sent, %d rejected %s, %d failed, in %.1f s (%.0f events/s)",
                sent, rejected(), rejected, failed, elapsed.toMillis() / 1000.0, eventsPerSecond());
    }
}
