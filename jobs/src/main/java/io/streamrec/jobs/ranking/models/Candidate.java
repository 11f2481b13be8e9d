package io.streamrec.jobs.ranking.models;

/** One entry of a ranked list as a model builds it. */
public record Candidate(String itemId, double score, String reason, boolean fallback) {

    /** Reason given to items that come from the popularity lists. */
    public static final String POPULAR = "popular";
}
