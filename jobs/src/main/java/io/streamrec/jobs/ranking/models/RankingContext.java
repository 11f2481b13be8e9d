package io.streamrec.jobs.ranking.models;

import io.streamrec.jobs.ranking.CachedNeighbours;
import io.streamrec.jobs.recommend.EnrichedEvent;
import io.streamrec.jobs.training.LearnedRankerModel;

import java.util.Map;
import java.util.Set;

/**
 * Everything a model may use to rank items for one user after one event.
 *
 * @param event the event with its profile snapshot, neighbours and popularity lists
 * @param neighbourLists neighbours of the user's recent items, by item id, including the event's item
 * @param excluded items no list may contain: the event's item and, unless allowed, purchased items
 * @param listSize maximum number of items in a list
 * @param learnedModel newest learned ranker weights the ranking stage holds
 */
public record RankingContext(
        EnrichedEvent event,
        Map<String, CachedNeighbours> neighbourLists,
        Set<String> excluded,
        int listSize,
        LearnedRankerModel learnedModel) {

    /** Creates a context with the learned ranker's built-in weights. */
    public RankingContext(EnrichedEvent event, Map<String, CachedNeighbours> neighbourLists, Set<String> excluded, int listSize) {
        this(event, neighbourLists, excluded, listSize, LearnedRankerModel.defaults());
    }
}
