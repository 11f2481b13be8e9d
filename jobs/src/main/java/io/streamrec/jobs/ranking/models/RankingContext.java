package io.streamrec.jobs.ranking.models;

import io.streamrec.jobs.ranking.CachedNeighbours;
import io.streamrec.jobs.recommend.EnrichedEvent;

import java.util.Map;
import java.util.Set;

/**
 * Everything a model may use to rank items for one user after one event.
 *
 * @param event the event with its profile snapshot, neighbours and popularity lists
 * @param neighbourLists neighbours of the user's recent items, by item id, including the event's item
 * @param excluded items no list may contain: the event's item and, unless allowed, purchased items
 * @param listSize maximum number of items in a list
 */
public record RankingContext(
        EnrichedEvent event, Map<String, CachedNeighbours> neighbourLists, Set<String> excluded, int listSize) {}
