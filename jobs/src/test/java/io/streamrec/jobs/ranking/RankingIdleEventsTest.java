package io.streamrec.jobs.ranking;

import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.jobs.profile.ProfileSnapshot;
import io.streamrec.jobs.profile.RecentItem;
import io.streamrec.jobs.recommend.EnrichedEvent;
import io.streamrec.jobs.recommend.HarnessState;
import io.streamrec.jobs.recommend.ScoredItem;
import io.streamrec.schemas.EventType;
import io.streamrec.schemas.ModelUpdate;
import io.streamrec.schemas.Recommendation;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.streamrec.jobs.recommend.TestData.DAY;
import static io.streamrec.jobs.recommend.TestData.MINUTE;
import static io.streamrec.jobs.recommend.TestData.NOW;
import static io.streamrec.jobs.recommend.TestData.T0;
import static io.streamrec.jobs.recommend.TestData.enriched;
import static io.streamrec.jobs.recommend.TestData.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ranking clock with the model-update input idle, as {@link ModelUpdateWatermarks} makes it. */
class RankingIdleEventsTest {

    private static final long TTL = DAY;

    private KeyedBroadcastOperatorTestHarness<String, EnrichedEvent, ModelUpdate, Recommendation> harness;

    @BeforeEach
    void setUp() throws Exception {
        Configuration conf = new Configuration();
        conf.set(RecommendOptions.STATE_TTL, Duration.ofMillis(TTL));
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new RankingFunction(conf), EnrichedEvent::userId, Types.STRING, RankingFunction.LEARNED_MODELS);
        harness.setProcessingTime(NOW);
        harness.getTwoInputOperator().processWatermarkStatus2(WatermarkStatus.IDLE);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void generatorOnlyMarksIdle() {
        RecordingOutput output = new RecordingOutput();
        ModelUpdateWatermarks.AlwaysIdle generator = new ModelUpdateWatermarks.AlwaysIdle();

        generator.onEvent(new ModelUpdate(), T0, output);
        generator.onPeriodicEmit(output);

        assertTrue(output.idle);
        assertTrue(output.watermarks.isEmpty());
    }

    @Test
    void eventWatermarkExpiresState() throws Exception {
        send("u1", T0);

        harness.processWatermark(T0 + TTL);

        assertNull(HarnessState.value(harness, "u1", RankingFunction.META));
    }

    @Test
    void idleEventsKeepClock() throws Exception {
        send("u1", T0);
        harness.processWatermark(T0 + MINUTE);

        // A quiet store: with both inputs idle, event time stays where the events left it.
        harness.getTwoInputOperator().processWatermarkStatus1(WatermarkStatus.IDLE);

        assertEquals(1, harness.numEventTimeTimers());
        assertNotNull(HarnessState.value(harness, "u1", RankingFunction.META));
        assertFalse(emittedWatermarks().contains(Long.MAX_VALUE), emittedWatermarks().toString());
    }

    private List<Long> emittedWatermarks() {
        List<Long> watermarks = new ArrayList<>();
        for (Object element : harness.getOutput()) {
            if (element instanceof org.apache.flink.streaming.api.watermark.Watermark watermark) {
                watermarks.add(watermark.getTimestamp());
            }
        }
        return watermarks;
    }

    private void send(String userId, long time) throws Exception {
        EnrichedEvent event = enriched(event("e-" + userId + time, userId, "a", EventType.VIEW, time, "c1"));
        event.profile = new ProfileSnapshot();
        event.profile.recentItems = new ArrayList<>(List.of(new RecentItem("a", "c1", EventType.VIEW, time)));
        event.profile.purchasedItems = new ArrayList<>();
        event.neighbours = new ArrayList<>();
        event.popularGlobal = new ArrayList<>(List.of(new ScoredItem("p1", "c1", 1.0)));
        harness.processElement(event, time);
    }

    /** Records what a watermark generator emits. */
    private static final class RecordingOutput implements WatermarkOutput {
        private final List<Long> watermarks = new ArrayList<>();
        private boolean idle;

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    }
}
