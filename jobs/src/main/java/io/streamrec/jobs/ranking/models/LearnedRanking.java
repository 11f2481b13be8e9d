package io.streamrec.jobs.ranking.models;

import io.streamrec.jobs.ranking.CachedNeighbours;
import io.streamrec.jobs.recommend.EventWeights;
import io.streamrec.jobs.recommend.ScoredItem;
import io.streamrec.jobs.training.LearnedRankerModel;
import io.streamrec.schemas.RankingFeatures;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores the union of the candidate generators' items with the newest {@link LearnedRankerModel}
 * in {@link RankingContext#learnedModel()} and lists the best.
 *
 * <p>Candidates: the neighbours of the user's recent items by weighted co-occurrence score, then
 * the event category's popular list, then the global popular list, each item once and none of the
 * excluded items. An item that is not a neighbour counts as popularity fallback. Every candidate
 * gets its {@link RankingFeatures} and the predicted probability as its score; the list sorts by
 * score descending, ties by item id ascending, and carries the model's version.
 */
public final class LearnedRanking implements RankingModel {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LearnedRanking.class);

    private static final long serialVersionUID = 1L;

    public static final String NAME = LearnedRankerModel.DEFAULT_MODEL_NAME;

    /** Reason of items that entered through co-occurrence. */
    public static final String LEARNED = "learned ranker";

    private final EventWeights weights;
    private final long cooccurrenceHalfLifeMillis;

    public LearnedRanking(EventWeights weights, long cooccurrenceHalfLifeMillis) {
        this.weights = weights;
        this.cooccurrenceHalfLifeMillis = cooccurrenceHalfLifeMillis;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RankedList rank(RankingContext context) {
        CandidateFeatures features = CandidateFeatures.of(context, weights, cooccurrenceHalfLifeMillis);
        Map<String, Boolean> candidates = candidates(context, features);
        LearnedRankerModel model = context.learnedModel();

        List<Candidate> scored = new ArrayList<>(candidates.size());
        for (Map.Entry<String, Boolean> entry : candidates.entrySet()) {
            boolean fallback = entry.getValue();
            RankingFeatures row = features.compute(entry.getKey());
            double score;
            try {
                score = model.score(row);
            } catch (IllegalArgumentException e) {
                // A feature out of its range must not fail the job: the candidate ranks last.
                LOG.debug("Candidate {} has invalid features: {}", entry.getKey(), e.getMessage());
                score = 0.0;
            }
            scored.add(new Candidate(entry.getKey(), score, fallback ? Candidate.POPULAR : LEARNED, fallback, row));
        }
        scored.sort(Comparator.comparingDouble(Candidate::score).reversed().thenComparing(Candidate::itemId));
        List<Candidate> top = new ArrayList<>(scored.subList(0, Math.min(context.listSize(), scored.size())));
        return new RankedList(top, model.version());
    }

    /**
     * Returns the view of the candidates as they were when the user's previous list was made; see
     * {@link CandidateFeatures#beforeEvent}.
     */
    public CandidateFeatures beforeEvent(
            RankingContext context, Map<String, CachedNeighbours> previousNeighbours,
            Map<String, Double> previousAffinity, String previousCategory, long previousTimeMillis) {
        return CandidateFeatures.beforeEvent(context, previousNeighbours, previousAffinity, previousCategory,
                previousTimeMillis, weights, cooccurrenceHalfLifeMillis);
    }

    /** Returns the ids of the candidates of a view, in generator order. */
    public static List<String> candidateIds(RankingContext context, CandidateFeatures features) {
        return new ArrayList<>(candidates(context, features).keySet());
    }

    /** Returns the candidates in generator order, each mapped to whether it is popularity fallback. */
    private static Map<String, Boolean> candidates(RankingContext context, CandidateFeatures features) {
        Map<String, Boolean> candidates = new LinkedHashMap<>();
        for (String itemId : features.neighbourCandidates()) {
            candidates.put(itemId, false);
        }
        // In the before view an item that only its own event put on a list was no candidate then.
        for (ScoredItem item : features.categoryList()) {
            if (!features.excluded().contains(item.itemId) && features.onCategoryList(item.itemId)) {
                candidates.putIfAbsent(item.itemId, true);
            }
        }
        for (ScoredItem item : context.event().popularGlobal) {
            if (!features.excluded().contains(item.itemId) && features.onGlobalList(item.itemId)) {
                candidates.putIfAbsent(item.itemId, true);
            }
        }
        return candidates;
    }
}
