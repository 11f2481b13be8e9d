package io.streamrec.jobs.ranking;

import io.streamrec.schemas.ModelUpdate;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks of the model-update stream: none, and the stream is marked idle at every periodic
 * emit.
 *
 * <p>The ranking operator's event-time clock is the smaller watermark of its inputs that are not
 * idle. Model updates have no event time that ranking should wait for, so their input must never
 * hold the clock back. Otherwise user state would never expire and evaluation windows would never
 * close. An idle input is left out, so the clock follows the events alone. A maximum watermark
 * would not hold the clock back either, but whenever the events input went idle (no events for
 * {@code watermark.idleness}) the clock would jump to {@link Long#MAX_VALUE}: every expiry timer and
 * evaluation window would fire at once, and no timer would fire afterwards.
 *
 * <p>NOTE: the input is marked idle on Flink's periodic watermark timer, so it needs
 * {@code pipeline.auto-watermark-interval} above 0 (Flink's default is 200 ms). With the timer
 * off, event time in the ranking step does not advance until the update stream ends.
 */
public final class ModelUpdateWatermarks {

    private ModelUpdateWatermarks() {}

    /** Returns a strategy that emits no watermark and marks the stream idle at every periodic emit. */
    public static WatermarkStrategy<ModelUpdate> strategy() {
        return WatermarkStrategy.forGenerator(context -> new AlwaysIdle());
    }

    /** Generator that never emits a watermark and keeps its output idle. */
    static final class AlwaysIdle implements WatermarkGenerator<ModelUpdate> {

        @Override
        public void onEvent(ModelUpdate event, long eventTimestamp, WatermarkOutput output) {}

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.markIdle();
        }
    }
}
