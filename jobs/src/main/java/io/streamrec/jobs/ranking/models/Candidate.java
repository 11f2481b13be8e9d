package io.streamrec.jobs.ranking.models;

import io.streamrec.schemas.RankingFeatures;

/**
 * One entry of a ranked list as a model builds it.
 *
 * @param itemId id of the item
 * @param score the model's score; higher ranks first
 * @param reason short explanation shown with the item
 * @param fallback whether the item came from the popularity top-up
 * @param features the features the learned ranker scored the item with, or null for other models
 */
public record Candidate(String itemId, double score, String reason, boolean fallback, RankingFeatures features) {

    /** Reason given to items that come from the popularity lists. */
    public static final String POPULAR = "popular";

    /** Creates an entry without features. */
    public Candidate(String itemId, double score, String reason, boolean fallback) {
        this(itemId, score, reason, fallback, null);
    }
}
