package io.streamrec.jobs.evaluation.report;

import io.streamrec.jobs.evaluation.MetricsSnapshots;
import io.streamrec.jobs.evaluation.SegmentAccumulator;
import io.streamrec.jobs.evaluation.Segments;
import io.streamrec.jobs.ranking.RankingOutcome;
import io.streamrec.schemas.EventType;
import io.streamrec.schemas.MetricsScope;
import io.streamrec.schemas.MetricsSnapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Builds WINDOW and TOTAL snapshots the way the aggregator does, from random outcomes of models
 * with different hit probabilities, for report tests and for looking at the report.
 */
final class SyntheticSnapshots {

    static final long T0 = 1_767_225_600_000L;
    static final long WINDOW = 10 * 60_000L;
    static final int[] CUTOFFS = {1, 5, 10, 20};

    private SyntheticSnapshots() {}

    /**
     * Returns the snapshots of {@code windows} windows with {@code eventsPerWindow} events each for
     * every model; model i finds the event's item with a probability growing with i.
     */
    static List<MetricsSnapshot> build(List<String> models, int windows, int eventsPerWindow, long seed) {
        Random random = new Random(seed);
        List<MetricsSnapshot> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<String, Map<String, SegmentAccumulator>> totals = new HashMap<>();
        EventType[] types = {EventType.VIEW, EventType.VIEW, EventType.VIEW, EventType.VIEW, EventType.ADD_TO_CART,
            EventType.FAVORITE, EventType.PURCHASE, EventType.REMOVE_FROM_CART};

        for (int w = 0; w < windows; w++) {
            long start = T0 + w * WINDOW;
            Map<String, Map<String, SegmentAccumulator>> windowAccumulators = new HashMap<>();
            for (int e = 0; e < eventsPerWindow; e++) {
                String item = "item-" + random.nextInt(400 + w * 40);
                seen.add(item);
                EventType type = types[random.nextInt(types.length)];
                boolean newUser = random.nextDouble() < 0.3 * Math.exp(-w / 6.0) + 0.05;
                boolean nextNew = random.nextDouble() < 0.7;
                long latency = 2 + (long) (random.nextGaussian() * 2 + 4) + (random.nextDouble() < 0.02 ? 80 : 0);
                for (int m = 0; m < models.size(); m++) {
                    RankingOutcome event = new RankingOutcome();
                    event.model = models.get(m);
                    event.variant = "default";
                    event.eventItemId = item;
                    event.eventType = type;
                    event.eventTimeMillis = start + e * (WINDOW / eventsPerWindow);
                    event.newUser = newUser;
                    event.nextNewItem = nextNew;
                    double quality = (0.08 + 0.06 * m) * (1 - Math.exp(-(w + 1) / 4.0)) * (nextNew ? 1.0 : 0.2);
                    event.rank = random.nextDouble() < quality * 2.2 ? 1 + (int) Math.min(19, Math.abs(random.nextGaussian() * 7)) : 0;
                    event.mostlyFallback = newUser || random.nextDouble() < 0.6 / (m + 1);
                    event.arrivalMillis = 0;
                    event.emittedAtMillis = Math.max(0, latency + m);
                    int listItems = 20;
                    for (int i = 0; i < listItems; i++) {
                        event.newListItemIds.add("item-" + random.nextInt(40 + 120 * m + w * 10));
                    }
                    for (String segment : Segments.of(event)) {
                        windowAccumulators.computeIfAbsent(event.model, k -> new HashMap<>())
                                .computeIfAbsent(segment, k -> new SegmentAccumulator(CUTOFFS.length, 11))
                                .add(event, CUTOFFS);
                    }
                }
            }

            long end = start + WINDOW;
            long emittedAt = end + 1_000;
            for (String model : models) {
                for (String segment : Segments.ordered()) {
                    SegmentAccumulator window = windowAccumulators.get(model).get(segment);
                    if (window == null) {
                        continue;
                    }
                    totals.computeIfAbsent(model, k -> new HashMap<>())
                            .computeIfAbsent(segment, k -> new SegmentAccumulator(CUTOFFS.length, 11))
                            .merge(window);
                    out.add(MetricsSnapshots.of("recommend", model, "default", MetricsScope.WINDOW, segment,
                            start, end, window, CUTOFFS, seen.size(), emittedAt));
                }
                for (String segment : Segments.ordered()) {
                    SegmentAccumulator total = totals.get(model).get(segment);
                    if (total != null) {
                        out.add(MetricsSnapshots.of("recommend", model, "default", MetricsScope.TOTAL, segment,
                                T0, end, total, CUTOFFS, seen.size(), emittedAt));
                    }
                }
            }
        }
        return out;
    }
}
