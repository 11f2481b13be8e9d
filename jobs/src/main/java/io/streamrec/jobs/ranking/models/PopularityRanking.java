package io.streamrec.jobs.ranking.models;

import io.streamrec.jobs.recommend.ScoredItem;

import java.util.ArrayList;
import java.util.List;

/** The global top list minus the excluded items, first N: the baseline and the new users' list. */
public final class PopularityRanking implements RankingModel {

    private static final long serialVersionUID = 1L;

    public static final String NAME = "popularity";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RankedList rank(RankingContext context) {
        List<Candidate> items = new ArrayList<>();
        for (ScoredItem item : context.event().popularGlobal) {
            if (items.size() >= context.listSize()) {
                break;
            }
            if (!context.excluded().contains(item.itemId)) {
                items.add(new Candidate(item.itemId, item.score, Candidate.POPULAR, false));
            }
        }
        return new RankedList(items);
    }
}
