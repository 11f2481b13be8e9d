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
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.streamrec.jobs.recommend.TestData.DAY;
import static io.streamrec.jobs.recommend.TestData.HOUR;
import static io.streamrec.jobs.recommend.TestData.NOW;
import static io.streamrec.jobs.recommend.TestData.T0;
import static io.streamrec.jobs.recommend.TestData.enriched;
import static io.streamrec.jobs.recommend.TestData.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Expiry timers of {@link RankingFunction} at a normal watermark and at the final one. */
class RankingFinalWatermarkTest {

    private static final long TTL = DAY;

    private KeyedBroadcastOperatorTestHarness<String, EnrichedEvent, ModelUpdate, Recommendation> harness;

    @BeforeEach
    void setUp() throws Exception {
        Configuration conf = new Configuration();
        conf.set(RecommendOptions.STATE_TTL, Duration.ofMillis(TTL));
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new RankingFunction(conf), EnrichedEvent::userId, Types.STRING, RankingFunction.LEARNED_MODELS);
        harness.setProcessingTime(NOW);
        // As in the job, the model-update side never holds back event time.
        harness.processBroadcastWatermark(Long.MAX_VALUE);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void normalWatermarkClearsFinalLeaves() throws Exception {
        send("u1", "a", T0);
        send("u2", "b", T0 + HOUR);

        harness.processWatermark(T0 + TTL);
        assertNull(HarnessState.value(harness, "u1", RankingFunction.META));
        assertEquals(List.of(), HarnessState.mapKeys(harness, "u1", RankingFunction.LAST_LISTS));

        // End of input: u2's expiry timer fires but leaves its lists and cache in place.
        harness.processWatermark(Long.MAX_VALUE);

        assertEquals(0, harness.numEventTimeTimers());
        assertNotNull(HarnessState.value(harness, "u2", RankingFunction.META));
        assertEquals(RecommendOptions.MODELS.defaultValue().size(),
                HarnessState.mapKeys(harness, "u2", RankingFunction.LAST_LISTS).size());
        assertEquals(List.of("b"), HarnessState.mapKeys(harness, "u2", RankingFunction.NEIGHBOUR_CACHE));
    }

    private void send(String userId, String itemId, long time) throws Exception {
        EnrichedEvent event = enriched(event("e-" + userId + time, userId, itemId, EventType.VIEW, time, "c1"));
        event.profile = new ProfileSnapshot();
        event.profile.recentItems = new ArrayList<>(List.of(new RecentItem(itemId, "c1", EventType.VIEW, time)));
        event.profile.purchasedItems = new ArrayList<>();
        event.profile.newUser = true;
        event.neighbours = new ArrayList<>();
        event.popularGlobal = new ArrayList<>(List.of(new ScoredItem("p1", "c1", 1.0), new ScoredItem("p2", "c1", 0.5)));
        harness.processElement(event, time);
    }
}
