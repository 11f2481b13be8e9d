package io.streamrec.jobs.ranking.models;

import java.util.List;

/**
 * A model's list for one user, best first.
 *
 * @param items the entries, best first
 * @param modelVersion version of the model that ranked the list; 0 for fixed models and the learned
 *     ranker's built-in weights
 */
public record RankedList(List<Candidate> items, long modelVersion) {

    /** Creates the list of a fixed model, version 0. */
    public RankedList(List<Candidate> items) {
        this(items, 0L);
    }

    /** Returns how many entries came from the popularity fallback. */
    public int fallbackCount() {
        int count = 0;
        for (Candidate candidate : items) {
            if (candidate.fallback()) {
                count++;
            }
        }
        return count;
    }

    /** Returns whether more than half of the list came from the popularity fallback. */
    public boolean mostlyFallback() {
        return 2 * fallbackCount() > items.size();
    }

    public List<String> itemIds() {
        return items.stream().map(Candidate::itemId).toList();
    }
}
