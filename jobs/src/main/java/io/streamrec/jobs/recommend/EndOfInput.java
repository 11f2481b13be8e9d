package io.streamrec.jobs.recommend;

import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * Detects the final watermark, which fires every pending event-time timer at once.
 *
 * <p>When a bounded input ends, or a job stops with a savepoint and drain, Flink advances the
 * watermark to {@link Long#MAX_VALUE}. Each operator then fires all its event-time timers of all
 * keys in one go before the job finishes. Expiry timers that clear state then run one RocksDB delete
 * pass per key, which takes minutes on large states, although only the final savepoint still reads
 * that state. The functions that skip this work call {@link #reached}.
 */
public final class EndOfInput {

    private EndOfInput() {}

    /** Returns whether the watermark of {@code timers} is the final one, {@link Long#MAX_VALUE}. */
    public static boolean reached(TimerService timers) {
        return timers.currentWatermark() == Watermark.MAX_WATERMARK.getTimestamp();
    }
}
