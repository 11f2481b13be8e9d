package io.streamrec.jobs.ranking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The list a model last showed a user. A Flink POJO. */
public class ShownList {

    /** Item ids, best first. */
    public List<String> itemIds = new ArrayList<>();

    /** Event time of the event that produced the list, in milliseconds. */
    public long triggerEventTimeMillis;

    /** Version of the model that ranked the list. */
    public long modelVersion;

    /**
     * Features of each item, in the order of {@link #itemIds}, for the learned ranker's list; empty
     * for the other models, whose lists produce no training examples.
     */
    public List<StoredFeatures> features = new ArrayList<>();

    /** Category of the event that produced the list, for the learned ranker's list; else null. */
    public String triggerCategory;

    /**
     * The user's category affinity shares when the list was made, for the learned ranker's list:
     * categories here, shares at the same index in {@link #affinityShareValues}.
     */
    public List<String> affinityCategories = new ArrayList<>();

    /** Shares of {@link #affinityCategories}, in the same order. */
    public List<Double> affinityShareValues = new ArrayList<>();

    /** Creates an empty list, for Flink's POJO serializer. */
    public ShownList() {}

    public ShownList(List<String> itemIds, long triggerEventTimeMillis) {
        this.itemIds = itemIds;
        this.triggerEventTimeMillis = triggerEventTimeMillis;
    }

    /** Returns the stored affinity shares by category. */
    public Map<String, Double> affinityShares() {
        Map<String, Double> shares = new HashMap<>();
        for (int i = 0; i < Math.min(affinityCategories.size(), affinityShareValues.size()); i++) {
            shares.put(affinityCategories.get(i), affinityShareValues.get(i));
        }
        return shares;
    }

    /** Returns the 1-based rank of an item, or 0 if the list does not contain it. */
    public int rankOf(String itemId) {
        int index = itemIds.indexOf(itemId);
        return index + 1;
    }
}
