package io.streamrec.jobs.evaluation;

import io.streamrec.schemas.EventType;
import io.streamrec.schemas.StorefrontEvent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A plain-Java replay of the popularity model's prequential evaluation, written from the
 * definition of the recommend job's architecture page and sharing no code with the job, so that
 * it can check the job's numbers at parallelism 1.
 *
 * <p>For each event, in the order given:
 * <ol>
 *   <li>An event whose (user, event id) was already replayed is skipped as a duplicate.</li>
 *   <li>If the user was shown a list before, the event is tested: its rank is the 1-based
 *       position of its item in that list, or 0 for a miss. It is a next-new-item event when its
 *       item differs from the user's previous event's item.</li>
 *   <li>The item's popularity value grows by {@code w(type) * 2^((eventTime - landmark) / halfLife)};
 *       the landmark is the first event time. When the exponent passes 512, every value is
 *       divided by 2^512 and the landmark moves 512 half-lives later.</li>
 *   <li>A purchase adds the item to the user's purchased items.</li>
 *   <li>The user's new list: the first {@code candidates} items by value descending, then item id
 *       ascending, minus the event's item and the user's purchased items (unless purchased items
 *       are allowed), first {@code listSize} of them.</li>
 * </ol>
 *
 * <p>NOTE: the replay keeps every event id and every purchase, while the job bounds both (a
 * deduplication window and a cap on purchased items per user), and it never expires a user.
 * Results can differ where a duplicate id arrives after the job forgot it, where a user bought
 * more items than the job keeps, or where a user's state expired in the job.
 *
 * <p>NOTE: an item whose events all weigh 0 (only REMOVE_FROM_CART by default) has value 0 and
 * still ranks, after every positive item; the architecture page does not say whether the job's
 * top list admits such items.
 */
public final class IndependentPopularityEvaluator {

    /** Exponent past which the values are rescaled, as the architecture page prescribes. */
    private static final int RESCALE_EXPONENT = 512;

    private final Settings settings;

    public IndependentPopularityEvaluator(Settings settings) {
        this.settings = settings;
    }

    /** Replays {@code events} in list order and returns every outcome with the summary metrics. */
    public Result replay(List<StorefrontEvent> events) {
        Popularity popularity = new Popularity(settings.halfLifeMillis);
        Set<String> seenEventIds = new HashSet<>();
        Map<String, UserState> users = new HashMap<>();
        Result result = new Result(settings.cutoffs);

        for (StorefrontEvent event : events) {
            String userId = event.getUserId();
            String itemId = event.getItemId();
            if (!seenEventIds.add(userId + '\u0000' + event.getEventId())) {
                result.duplicates++;
                continue;
            }
            UserState user = users.computeIfAbsent(userId, id -> new UserState());

            boolean tested = user.shownList != null;
            boolean nextNewItem = !itemId.equals(user.previousItem);
            int rank = tested ? user.shownList.indexOf(itemId) + 1 : 0;

            popularity.add(itemId, settings.weight(event.getEventType()), event.getEventTime().toEpochMilli());
            if (event.getEventType() == EventType.PURCHASE) {
                user.purchased.add(itemId);
            }

            List<String> newList = new ArrayList<>(settings.listSize);
            for (String candidate : popularity.top(settings.candidates)) {
                if (newList.size() >= settings.listSize) {
                    break;
                }
                boolean excluded = candidate.equals(itemId)
                        || (!settings.allowPurchased && user.purchased.contains(candidate));
                if (!excluded) {
                    newList.add(candidate);
                }
            }
            user.shownList = newList;
            user.previousItem = itemId;

            Outcome outcome = new Outcome(event.getEventId(), userId, itemId, tested, nextNewItem, rank,
                    Collections.unmodifiableList(newList));
            result.add(outcome);
        }
        return result;
    }

    /** Settings of the replay; the defaults are those of the recommend job. */
    public static final class Settings {

        final Map<EventType, Double> weights = new EnumMap<>(EventType.class);
        long halfLifeMillis = 60 * 60 * 1000L;
        int candidates = 100;
        int listSize = 20;
        boolean allowPurchased;
        int[] cutoffs = {1, 5, 10, 20};

        public Settings() {
            weights.put(EventType.VIEW, 1.0);
            weights.put(EventType.FAVORITE, 2.0);
            weights.put(EventType.ADD_TO_CART, 3.0);
            weights.put(EventType.PURCHASE, 5.0);
            weights.put(EventType.REMOVE_FROM_CART, 0.0);
            weights.put(EventType.OTHER, 0.5);
        }

        public Settings weight(EventType type, double weight) {
            weights.put(type, weight);
            return this;
        }

        public Settings halfLifeMillis(long millis) {
            halfLifeMillis = millis;
            return this;
        }

        public Settings candidates(int count) {
            candidates = count;
            return this;
        }

        public Settings listSize(int size) {
            listSize = size;
            return this;
        }

        public Settings allowPurchased(boolean allow) {
            allowPurchased = allow;
            return this;
        }

        public Settings cutoffs(int... ks) {
            cutoffs = ks.clone();
            return this;
        }

        double weight(EventType type) {
            return weights.get(type == null ? EventType.OTHER : type);
        }
    }

    /** Forward-decayed global popularity with an exact order over every item. */
    private static final class Popularity {

        private final long halfLifeMillis;
        private final Map<String, Double> values = new HashMap<>();
        private final TreeSet<String> order = new TreeSet<>(
                Comparator.<String>comparingDouble(item -> -values.get(item)).thenComparing(Comparator.naturalOrder()));
        private long landmark;
        private boolean started;

        Popularity(long halfLifeMillis) {
            this.halfLifeMillis = halfLifeMillis;
        }

        void add(String item, double weight, long eventTime) {
            if (!started) {
                landmark = eventTime;
                started = true;
            }
            double exponent = (eventTime - landmark) / (double) halfLifeMillis;
            while (exponent > RESCALE_EXPONENT) {
                rescale();
                exponent = (eventTime - landmark) / (double) halfLifeMillis;
            }

            // The comparator reads the map, so an item leaves the set before its value changes.
            Double previous = values.get(item);
            if (previous != null) {
                order.remove(item);
            }
            double value = (previous == null ? 0.0 : previous) + weight * Math.pow(2.0, exponent);
            values.put(item, value);
            order.add(item);
        }

        /** Returns the first {@code count} items, best first. */
        List<String> top(int count) {
            List<String> top = new ArrayList<>(Math.min(count, order.size()));
            Iterator<String> it = order.iterator();
            while (it.hasNext() && top.size() < count) {
                top.add(it.next());
            }
            return top;
        }

        private void rescale() {
            // Dividing by a power of two is exact, so the order does not change, except that values
            // below 2^-1074 after the division become 0 and then tie, ordered by item id.
            List<String> items = new ArrayList<>(order);
            order.clear();
            for (String item : items) {
                values.put(item, Math.scalb(values.get(item), -RESCALE_EXPONENT));
            }
            order.addAll(items);
            landmark += RESCALE_EXPONENT * halfLifeMillis;
        }
    }

    private static final class UserState {
        List<String> shownList;
        String previousItem;
        final Set<String> purchased = new LinkedHashSet<>();
    }

    /** One replayed event: whether it was tested, its rank and the list made after it. */
    public record Outcome(
            String eventId,
            String userId,
            String itemId,
            boolean tested,
            boolean nextNewItem,
            int rank,
            List<String> newList) {}

    /** Every outcome of a replay, with HR@K and MRR@K over all tested events and over next-new-item ones. */
    public static final class Result {

        private final int[] cutoffs;
        private final List<Outcome> outcomes = new ArrayList<>();
        private long duplicates;

        Result(int[] cutoffs) {
            this.cutoffs = cutoffs;
        }

        void add(Outcome outcome) {
            outcomes.add(outcome);
        }

        public List<Outcome> outcomes() {
            return Collections.unmodifiableList(outcomes);
        }

        /** Returns the number of events skipped because their (user, event id) was already replayed. */
        public long duplicates() {
            return duplicates;
        }

        /** Returns the number of tested events, over all events or over next-new-item events only. */
        public long tested(boolean nextNewItemOnly) {
            return selected(nextNewItemOnly).size();
        }

        /** Returns the number of tested events whose rank is at most {@code k}. */
        public long hits(int k, boolean nextNewItemOnly) {
            return selected(nextNewItemOnly).stream().filter(o -> o.rank >= 1 && o.rank <= k).count();
        }

        /** Returns HR@K, or 0 when no event was tested. */
        public double hitRate(int k, boolean nextNewItemOnly) {
            long tested = tested(nextNewItemOnly);
            return tested == 0 ? 0.0 : (double) hits(k, nextNewItemOnly) / tested;
        }

        /** Returns MRR@K, or 0 when no event was tested. */
        public double mrr(int k, boolean nextNewItemOnly) {
            List<Outcome> selected = selected(nextNewItemOnly);
            if (selected.isEmpty()) {
                return 0.0;
            }
            double sum = 0.0;
            for (Outcome o : selected) {
                if (o.rank >= 1 && o.rank <= k) {
                    sum += 1.0 / o.rank;
                }
            }
            return sum / selected.size();
        }

        public int[] cutoffs() {
            return cutoffs.clone();
        }

        private List<Outcome> selected(boolean nextNewItemOnly) {
            List<Outcome> selected = new ArrayList<>();
            for (Outcome o : outcomes) {
                if (o.tested && (!nextNewItemOnly || o.nextNewItem)) {
                    selected.add(o);
                }
            }
            return selected;
        }
    }
}
