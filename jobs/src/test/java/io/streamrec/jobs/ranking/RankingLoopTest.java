package io.streamrec.jobs.ranking;

import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.jobs.profile.ProfileSnapshot;
import io.streamrec.jobs.profile.RecentItem;
import io.streamrec.jobs.ranking.models.LearnedRanking;
import io.streamrec.jobs.recommend.EnrichedEvent;
import io.streamrec.jobs.recommend.ScoredItem;
import io.streamrec.jobs.training.FeatureVector;
import io.streamrec.schemas.EventType;
import io.streamrec.schemas.ModelUpdate;
import io.streamrec.schemas.Recommendation;
import io.streamrec.schemas.RecommendedItem;
import io.streamrec.schemas.TrainingExample;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.streamrec.jobs.recommend.TestData.MINUTE;
import static io.streamrec.jobs.recommend.TestData.NOW;
import static io.streamrec.jobs.recommend.TestData.T0;
import static io.streamrec.jobs.recommend.TestData.enriched;
import static io.streamrec.jobs.recommend.TestData.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ranking step's loops: A/B variants, the learned ranker's model updates and its training examples. */
class RankingLoopTest {

    private static final int LIST_SIZE = 3;

    /** Global popular list; every candidate differs only in popularity and position. */
    private static final List<ScoredItem> POPULAR = List.of(
            new ScoredItem("p1", "c1", 9.0), new ScoredItem("p2", "c1", 8.0),
            new ScoredItem("p3", "c1", 7.0), new ScoredItem("p4", "c1", 6.0));

    private static final int MODEL_COUNT = RecommendOptions.MODELS.defaultValue().size();

    private KeyedBroadcastOperatorTestHarness<String, EnrichedEvent, ModelUpdate, Recommendation> harness;

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void variantsCarriedByRecommendationsAndOutcomes() throws Exception {
        String variants = "control:popularity:1;treatment:cooccurrence:1";
        open(variants, "cooccurrence");
        VariantAssignment assignment = VariantAssignment.parse(variants);

        for (int i = 0; i < 20; i++) {
            send(rankingEvent("e" + i, "u" + i, "a", EventType.VIEW, T0 + i));
        }

        List<Recommendation> recommendations = harness.extractOutputValues();
        assertEquals(20, recommendations.size());
        Set<String> seen = new HashSet<>();
        for (Recommendation recommendation : recommendations) {
            VariantAssignment.Variant expected = assignment.assign(recommendation.getUserId());
            assertEquals(expected.name(), recommendation.getVariant(), recommendation.getUserId());
            assertEquals(expected.model(), recommendation.getModel(), recommendation.getUserId());
            seen.add(recommendation.getVariant());
        }
        assertEquals(Set.of("control", "treatment"), seen);

        List<RankingOutcome> outcomes = outcomes();
        assertEquals(20 * MODEL_COUNT, outcomes.size());
        for (RankingOutcome outcome : outcomes) {
            assertEquals(assignment.assign(outcome.userId).name(), outcome.variant, outcome.toString());
        }
    }

    @Test
    void learnedRankerStartsAtVersionZero() throws Exception {
        open("", LearnedRanking.NAME);

        send(rankingEvent("e1", "u1", "a", EventType.VIEW, T0));

        Recommendation recommendation = harness.extractOutputValues().get(0);
        assertEquals(LearnedRanking.NAME, recommendation.getModel());
        assertEquals(0L, recommendation.getModelVersion());
        // Default weights favour popularity and earlier positions, and the candidates differ in nothing else.
        assertEquals(List.of("p1", "p2", "p3"), itemIds(recommendation));
    }

    @Test
    void modelUpdateReplacesWeights() throws Exception {
        open("", LearnedRanking.NAME);

        harness.processBroadcastElement(update(3, FeatureVector.POPULARITY_SCORE, -1.0), T0);
        send(rankingEvent("e1", "u1", "a", EventType.VIEW, T0));

        Recommendation recommendation = harness.extractOutputValues().get(0);
        assertEquals(3L, recommendation.getModelVersion());
        // Only popularity has a weight, and it is negative: the least popular items rank first.
        assertEquals(List.of("p4", "p3", "p2"), itemIds(recommendation));
        assertEquals(3L, outcomes().stream().filter(o -> o.model.equals(LearnedRanking.NAME)).findFirst().orElseThrow().modelVersion);
    }

    @Test
    void staleAndMismatchedUpdatesIgnored() throws Exception {
        open("", LearnedRanking.NAME);
        harness.processBroadcastElement(update(3, FeatureVector.POPULARITY_SCORE, -1.0), T0);

        harness.processBroadcastElement(update(2, FeatureVector.POPULARITY_SCORE, 1.0), T0);
        ModelUpdate otherLayout = update(4, FeatureVector.POPULARITY_SCORE, 1.0);
        List<String> names = new ArrayList<>(FeatureVector.NAMES);
        names.set(0, "renamed");
        otherLayout.setFeatureNames(names);
        harness.processBroadcastElement(otherLayout, T0);
        ModelUpdate otherModel = update(5, FeatureVector.POPULARITY_SCORE, 1.0);
        otherModel.setModelName("some-other-model");
        harness.processBroadcastElement(otherModel, T0);
        send(rankingEvent("e1", "u1", "a", EventType.VIEW, T0));

        Recommendation recommendation = harness.extractOutputValues().get(0);
        assertEquals(3L, recommendation.getModelVersion());
        assertEquals(List.of("p4", "p3", "p2"), itemIds(recommendation));
    }

    @Test
    void shownListLabelledByNextEvent() throws Exception {
        open("", LearnedRanking.NAME);

        send(rankingEvent("e1", "u1", "a", EventType.VIEW, T0));
        assertEquals(List.of(), examples());
        // e1's learned list is p1, p2, p3 (see learnedRankerStartsAtVersionZero); the user adds p2 to the cart.
        send(rankingEvent("e2", "u1", "p2", EventType.ADD_TO_CART, T0 + MINUTE, "a"));

        List<TrainingExample> examples = examples();
        assertEquals(List.of("p1", "p2", "p3"), examples.stream().map(TrainingExample::getItemId).toList());
        assertEquals(List.of(0, 1, 0), examples.stream().map(TrainingExample::getLabel).toList());
        assertEquals(List.of(1.0, 3.0, 1.0), examples.stream().map(TrainingExample::getWeight).toList());
        for (int i = 0; i < examples.size(); i++) {
            TrainingExample example = examples.get(i);
            assertEquals(LearnedRanking.NAME, example.getModelName());
            assertEquals(0L, example.getModelVersion());
            assertEquals("default", example.getVariant());
            assertEquals("e2", example.getEventId());
            assertEquals(Instant.ofEpochMilli(T0 + MINUTE), example.getEventTime());
            // Features as they were at e1: the popularity of the item. Position and fallback flag are
            // constant, because they leaked how the list was built into the labels.
            assertEquals(Math.log1p(POPULAR.get(i).score), example.getFeatures().getPopularityScore(), 1e-12);
            assertEquals(1, example.getFeatures().getCandidatePosition());
            assertFalse(example.getFeatures().getFromPopularityFallback());
            assertNull(example.getFeatures().getSecondsSinceLastTouch());
        }
    }

    @Test
    void unseenCandidateAddsOnePositive() throws Exception {
        open("", LearnedRanking.NAME);
        send(withMorePopular(rankingEvent("e1", "u1", "a", EventType.VIEW, T0)));

        // e1's learned list is p1, p2, p3; the user views p5, a candidate it did not show. The
        // view (weight 1) is already in p5's stamped score of 5.0.
        send(withMorePopular(rankingEvent("e2", "u1", "p5", EventType.VIEW, T0 + MINUTE, "a")));

        List<TrainingExample> examples = examples();
        assertEquals(List.of("p1", "p2", "p3", "p5"), examples.stream().map(TrainingExample::getItemId).toList());
        assertEquals(List.of(0, 0, 0, 1), examples.stream().map(TrainingExample::getLabel).toList());
        assertEquals(List.of(1.0, 1.0, 1.0, 1.0), examples.stream().map(TrainingExample::getWeight).toList());
        TrainingExample positive = examples.get(3);
        // As it was at e1: never touched, and 4.0 popular before its own view.
        assertNull(positive.getFeatures().getSecondsSinceLastTouch());
        assertEquals(0, positive.getFeatures().getUserTouchCount());
        assertEquals(Math.log1p(4.0), positive.getFeatures().getPopularityScore(), 1e-12);
        assertEquals(1, positive.getFeatures().getCandidatePosition());
        assertTrue(FeatureVector.validate(positive.getFeatures()).isEmpty());
    }

    @Test
    void ownEventListingGivesNoPositive() throws Exception {
        open("", LearnedRanking.NAME);
        send(withMorePopular(rankingEvent("e1", "u1", "a", EventType.VIEW, T0)));

        // p6's stamped 4.0 includes this purchase (weight 5): before it, p6 was on no list.
        send(withMorePopular(rankingEvent("e2", "u1", "p6", EventType.PURCHASE, T0 + MINUTE, "a")));

        List<TrainingExample> examples = examples();
        assertEquals(List.of("p1", "p2", "p3"), examples.stream().map(TrainingExample::getItemId).toList());
        assertEquals(List.of(0, 0, 0), examples.stream().map(TrainingExample::getLabel).toList());
    }

    @Test
    void itemOutsideCandidatesGivesNoPositive() throws Exception {
        open("", LearnedRanking.NAME);
        send(rankingEvent("e1", "u1", "a", EventType.VIEW, T0));
        send(rankingEvent("e2", "u1", "p2", EventType.VIEW, T0 + MINUTE, "a"));
        int before = examples().size();

        // e2's learned list is p1, p3, p4; z is neither shown nor a candidate.
        send(rankingEvent("e3", "u1", "z", EventType.PURCHASE, T0 + 2 * MINUTE, "p2", "a"));

        List<TrainingExample> examples = examples().subList(before, examples().size());
        assertEquals(List.of("p1", "p3", "p4"), examples.stream().map(TrainingExample::getItemId).toList());
        assertEquals(List.of(0, 0, 0), examples.stream().map(TrainingExample::getLabel).toList());
    }

    @Test
    void unseenNeighbourKeepsItsCooccurrenceFeatures() throws Exception {
        open("", LearnedRanking.NAME);
        EnrichedEvent first = rankingEvent("e1", "u1", "a", EventType.VIEW, T0);
        first.neighbours = List.of(new ScoredItem("n1", "c1", 9.0), new ScoredItem("n2", "c1", 8.0),
                new ScoredItem("n3", "c1", 7.0), new ScoredItem("n4", "c1", 1.0));
        send(first);
        assertEquals(List.of("n1", "n2", "n3"), itemIds(harness.extractOutputValues().get(0)));

        // n4 was a candidate of e1's list but not shown: its positive describes it as it was then.
        send(rankingEvent("e2", "u1", "n4", EventType.VIEW, T0 + MINUTE, "a"));

        TrainingExample positive = examples().get(3);
        assertEquals("n4", positive.getItemId());
        assertEquals(1, positive.getLabel());
        assertEquals(Math.log1p(1.0), positive.getFeatures().getCooccurrenceScore(), 1e-12);
        assertEquals(Math.log1p(1.0), positive.getFeatures().getLastItemCooccurrence(), 1e-12);
        assertEquals(4, positive.getFeatures().getCooccurrenceRank());
        assertEquals(1.0 / 9.0, positive.getFeatures().getCooccurrenceShare(), 1e-12);
        assertEquals(examples().get(0).getFeatures().getCategoryAffinity(), positive.getFeatures().getCategoryAffinity());
    }

    @Test
    void unshownCandidatesBecomeWeightedNegatives() throws Exception {
        Configuration conf = conf("", LearnedRanking.NAME);
        conf.set(RecommendOptions.TRAINING_NEGATIVES, 2);
        openWith(conf);
        send(withMorePopular(rankingEvent("e1", "u1", "a", EventType.VIEW, T0)));

        // e1 showed p1, p2, p3; p4, p5 and p6 were candidates it did not show. z is not one of them,
        // so it gives no positive.
        send(withMorePopular(rankingEvent("e2", "u1", "z", EventType.VIEW, T0 + MINUTE, "a")));

        List<TrainingExample> examples = examples();
        assertEquals(List.of("p1", "p2", "p3"), examples.subList(0, 3).stream().map(TrainingExample::getItemId).toList());
        List<TrainingExample> sampled = examples.subList(3, examples.size());
        assertEquals(2, sampled.size());
        Set<String> drawn = new HashSet<>();
        for (TrainingExample negative : sampled) {
            assertTrue(Set.of("p4", "p5", "p6").contains(negative.getItemId()), negative.getItemId());
            assertTrue(drawn.add(negative.getItemId()), "drawn twice: " + negative.getItemId());
            assertEquals(0, negative.getLabel());
            assertEquals(1.5, negative.getWeight(), 1e-12, "3 unshown candidates, 2 drawn");
            assertEquals("e2", negative.getEventId());
            assertTrue(FeatureVector.validate(negative.getFeatures()).isEmpty());
        }
        TrainingExample p5 = sampled.stream().filter(e -> e.getItemId().equals("p5")).findFirst().orElse(null);
        if (p5 != null) {
            assertEquals(Math.log1p(5.0), p5.getFeatures().getPopularityScore(), 1e-12);
        }
    }

    @Test
    void negativesDrawnTheSameOnReplay() throws Exception {
        List<String> first = drawnNegatives();
        harness.close();
        assertEquals(first, drawnNegatives());
    }

    private List<String> drawnNegatives() throws Exception {
        Configuration conf = conf("", LearnedRanking.NAME);
        conf.set(RecommendOptions.TRAINING_NEGATIVES, 1);
        openWith(conf);
        send(withMorePopular(rankingEvent("e1", "u1", "a", EventType.VIEW, T0)));
        send(withMorePopular(rankingEvent("e2", "u1", "z", EventType.VIEW, T0 + MINUTE, "a")));
        List<TrainingExample> examples = examples();
        assertEquals(4, examples.size());
        return examples.stream().map(TrainingExample::getItemId).toList();
    }

    private static EnrichedEvent withMorePopular(EnrichedEvent event) {
        event.popularGlobal.add(new ScoredItem("p5", "c1", 5.0));
        event.popularGlobal.add(new ScoredItem("p6", "c1", 4.0));
        return event;
    }

    @Test
    void noExamplesWithoutLearnedRanker() throws Exception {
        Configuration conf = conf("", "cooccurrence");
        conf.set(RecommendOptions.MODELS, List.of("popularity", "cooccurrence"));
        openWith(conf);

        send(rankingEvent("e1", "u1", "a", EventType.VIEW, T0));
        send(rankingEvent("e2", "u1", "p1", EventType.VIEW, T0 + MINUTE, "a"));

        assertEquals(List.of(), examples());
        assertEquals(4, outcomes().size());
    }

    private void open(String variants, String publishedModel) throws Exception {
        openWith(conf(variants, publishedModel));
    }

    private static Configuration conf(String variants, String publishedModel) {
        Configuration conf = new Configuration();
        conf.set(RecommendOptions.LIST_SIZE, LIST_SIZE);
        conf.set(RecommendOptions.PUBLISHED_MODEL, publishedModel);
        conf.set(RecommendOptions.AB_VARIANTS, variants);
        // The tests above count examples of shown items; sampled negatives have their own tests.
        conf.set(RecommendOptions.TRAINING_NEGATIVES, 0);
        return conf;
    }

    private void openWith(Configuration conf) throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new RankingFunction(conf), EnrichedEvent::userId, Types.STRING, RankingFunction.LEARNED_MODELS);
        harness.setProcessingTime(NOW);
        // As in the job, the model-update side never holds back event time.
        harness.processBroadcastWatermark(Long.MAX_VALUE);
    }

    /** Returns an update whose only non-zero weight is {@code weight} at feature {@code index}. */
    private static ModelUpdate update(long version, int index, double weight) {
        List<Double> weights = new ArrayList<>();
        for (int i = 0; i < FeatureVector.DIMENSION; i++) {
            weights.add(i == index ? weight : 0.0);
        }
        return ModelUpdate.newBuilder()
                .setModelName(LearnedRanking.NAME)
                .setVersion(version)
                .setFeatureVersion(FeatureVector.VERSION)
                .setFeatureNames(new ArrayList<>(FeatureVector.NAMES))
                .setWeights(weights)
                .setBias(0.0)
                .setExamplesSeen(100)
                .setProgressiveLogLoss(0.5)
                .setRecentLogLoss(0.5)
                .setAuc(null)
                .setAucWindowExamples(100)
                .setCreatedAt(Instant.ofEpochMilli(NOW))
                .build();
    }

    /** Returns an event whose recent items are the event's item, then {@code olderItems}, a minute apart. */
    private static EnrichedEvent rankingEvent(
            String eventId, String userId, String itemId, EventType type, long time, String... olderItems) {
        EnrichedEvent event = enriched(event(eventId, userId, itemId, type, time, "c1"));
        event.profile = new ProfileSnapshot();
        event.profile.recentItems = new ArrayList<>();
        event.profile.recentItems.add(new RecentItem(itemId, "c1", type, time));
        for (int i = 0; i < olderItems.length; i++) {
            event.profile.recentItems.add(new RecentItem(olderItems[i], "c1", EventType.VIEW, time - (i + 1) * MINUTE));
        }
        event.profile.newUser = olderItems.length == 0;
        event.profile.previousItemId = olderItems.length == 0 ? null : olderItems[0];
        event.popularGlobal = new ArrayList<>();
        for (ScoredItem item : POPULAR) {
            event.popularGlobal.add(new ScoredItem(item.itemId, item.category, item.score));
        }
        return event;
    }

    private void send(EnrichedEvent event) throws Exception {
        harness.processElement(event, event.eventTimeMillis());
    }

    private List<RankingOutcome> outcomes() {
        return harness.getSideOutput(RankingFunction.OUTCOMES).stream().map(StreamRecord::getValue).toList();
    }

    private List<TrainingExample> examples() {
        var output = harness.getSideOutput(RankingFunction.TRAINING_EXAMPLES);
        return output == null ? List.of() : output.stream().map(StreamRecord::getValue).toList();
    }

    private static List<String> itemIds(Recommendation recommendation) {
        return recommendation.getItems().stream().map(RecommendedItem::getItemId).toList();
    }
}
