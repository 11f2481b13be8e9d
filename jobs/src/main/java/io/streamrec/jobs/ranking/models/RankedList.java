package io.streamrec.jobs.ranking.models;

import java.util.List;

/** A model's list for one user, best first. */
public record RankedList(List<Candidate> items) {

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
