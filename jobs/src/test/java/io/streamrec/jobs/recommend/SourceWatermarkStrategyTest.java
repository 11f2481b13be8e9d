package io.streamrec.jobs.recommend;

import io.streamrec.jobs.config.RecommendOptions;
import org.apache.flink.api.common.eventtime.WatermarkAlignmentParams;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Watermark alignment of the events source, from {@code watermark.alignment.max-drift}. */
class SourceWatermarkStrategyTest {

    @Test
    void alignedByDefault() {
        WatermarkAlignmentParams alignment =
                RecommendJob.sourceWatermarkStrategy(new Configuration()).getAlignmentParameters();

        assertTrue(alignment.isEnabled());
        assertEquals(RecommendJob.SOURCE_ALIGNMENT_GROUP, alignment.getWatermarkGroup());
        assertEquals(RecommendOptions.ALIGNMENT_MAX_DRIFT.defaultValue().toMillis(),
                alignment.getMaxAllowedWatermarkDrift());
        assertEquals(RecommendJob.ALIGNMENT_UPDATE_INTERVAL.toMillis(), alignment.getUpdateInterval());
    }

    @Test
    void driftTakenFromOption() {
        Configuration options = new Configuration();
        options.set(RecommendOptions.ALIGNMENT_MAX_DRIFT, Duration.ofMinutes(20));

        WatermarkAlignmentParams alignment = RecommendJob.sourceWatermarkStrategy(options).getAlignmentParameters();

        assertEquals(Duration.ofMinutes(20).toMillis(), alignment.getMaxAllowedWatermarkDrift());
    }

    @Test
    void zeroDriftTurnsAlignmentOff() {
        Configuration options = new Configuration();
        options.set(RecommendOptions.ALIGNMENT_MAX_DRIFT, Duration.ZERO);

        assertFalse(RecommendJob.sourceWatermarkStrategy(options).getAlignmentParameters().isEnabled());
    }
}
