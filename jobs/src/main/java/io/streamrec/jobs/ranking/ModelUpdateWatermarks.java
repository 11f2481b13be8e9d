package io.streamrec.jobs.ranking;

import io.streamrec.schemas.ModelUpdate;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks of the model-update stream: the maximum watermark, emitted periodically.
 *
 * <p>The ranking operator's event-time clock is the smaller watermark of its two inputs. Model
 * updates have no event time that ranking should wait for, so their input must never hold the
 * clock back. Otherwise user state would never expire and evaluation windows would never close.
 *
 * <p>NOTE: the watermark is emitted on Flink's periodic watermark timer, so it needs
 * {@code pipeline.auto-watermark-interval} above 0 (Flink's default is 200 ms). With the timer
 * off, event time in the ranking step does not advance until the update stream ends.
 */
public final class ModelUpdateWatermarks {

    private ModelUpdateWatermarks() {}

    /** Returns a strategy that emits {@link Long#MAX_VALUE} at every periodic emit. */
    public static WatermarkStrategy<ModelUpdate> strategy() {
        return WatermarkStrategy.forGenerator(context -> new MaxWatermark());
    }

    private static final class MaxWatermark implements WatermarkGenerator<ModelUpdate> {

        @Override
        public void onEvent(ModelUpdate event, long eventTimestamp, WatermarkOutput output) {}

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.emitWatermark(new Watermark(Long.MAX_VALUE));
        }
    }
}
