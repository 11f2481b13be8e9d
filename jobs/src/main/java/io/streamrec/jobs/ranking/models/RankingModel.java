package io.streamrec.jobs.ranking.models;

import java.io.Serializable;

/**
 * A way to rank items for a user. Implementations are pure: the same context gives the same list,
 * with no item of {@link RankingContext#excluded()}, at most {@link RankingContext#listSize()}
 * items, scores descending and ties broken by item id ascending.
 */
public interface RankingModel extends Serializable {

    /** Name of the model as it appears in recommendations and evaluation outcomes. */
    String name();

    RankedList rank(RankingContext context);
}
