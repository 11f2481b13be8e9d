package io.streamrec.jobs.ranking;

import io.streamrec.schemas.RankingFeatures;

/**
 * The {@link RankingFeatures} of one shown item, kept in the ranking stage's state until the user's
 * next event labels it. A Flink POJO with the same fields, so that the state needs no Avro or Kryo
 * serializer.
 */
public class StoredFeatures {

    public int featureVersion;
    public double cooccurrenceScore;
    public double popularityScore;
    public int categoryPopularityRank;
    public double categoryAffinity;

    /** Seconds since the user's last touch of the item; null when never touched. */
    public Long secondsSinceLastTouch;

    public int userTouchCount;
    public long itemAgeSeconds;
    public boolean fromPopularityFallback;
    public int candidatePosition;
    public boolean sameCategoryAsLastItem;
    public double cooccurrenceWeighted;
    public double cooccurrenceShare;
    public int cooccurrenceRank;
    public double lastItemCooccurrence;

    /** Creates an empty record, for Flink's POJO serializer. */
    public StoredFeatures() {}

    /** Copies an Avro record. */
    public static StoredFeatures of(RankingFeatures features) {
        StoredFeatures stored = new StoredFeatures();
        stored.featureVersion = features.getFeatureVersion();
        stored.cooccurrenceScore = features.getCooccurrenceScore();
        stored.popularityScore = features.getPopularityScore();
        stored.categoryPopularityRank = features.getCategoryPopularityRank();
        stored.categoryAffinity = features.getCategoryAffinity();
        stored.secondsSinceLastTouch = features.getSecondsSinceLastTouch();
        stored.userTouchCount = features.getUserTouchCount();
        stored.itemAgeSeconds = features.getItemAgeSeconds();
        stored.fromPopularityFallback = features.getFromPopularityFallback();
        stored.candidatePosition = features.getCandidatePosition();
        stored.sameCategoryAsLastItem = features.getSameCategoryAsLastItem();
        stored.cooccurrenceWeighted = features.getCooccurrenceWeighted();
        stored.cooccurrenceShare = features.getCooccurrenceShare();
        stored.cooccurrenceRank = features.getCooccurrenceRank();
        stored.lastItemCooccurrence = features.getLastItemCooccurrence();
        return stored;
    }

    /** Returns the Avro record with the same values. */
    public RankingFeatures toAvro() {
        return RankingFeatures.newBuilder()
                .setFeatureVersion(featureVersion)
                .setCooccurrenceScore(cooccurrenceScore)
                .setPopularityScore(popularityScore)
                .setCategoryPopularityRank(categoryPopularityRank)
                .setCategoryAffinity(categoryAffinity)
                .setSecondsSinceLastTouch(secondsSinceLastTouch)
                .setUserTouchCount(userTouchCount)
                .setItemAgeSeconds(itemAgeSeconds)
                .setFromPopularityFallback(fromPopularityFallback)
                .setCandidatePosition(candidatePosition)
                .setSameCategoryAsLastItem(sameCategoryAsLastItem)
                .setCooccurrenceWeighted(cooccurrenceWeighted)
                .setCooccurrenceShare(cooccurrenceShare)
                .setCooccurrenceRank(cooccurrenceRank)
                .setLastItemCooccurrence(lastItemCooccurrence)
                .build();
    }
}
