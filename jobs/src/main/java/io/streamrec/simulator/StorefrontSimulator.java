package io.streamrec.simulator;

import io.streamrec.schemas.EventType;
import io.streamrec.schemas.StorefrontEvent;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A synthetic storefront that produces events in event-time order, so that {@code streamrec
 * demo} works without any file.
 *
 * <p>The shop has a catalogue of items in categories. Items form small clusters within a category
 * (accessories of one product, say), and shoppers who view one item of a cluster often view
 * another next: that is the signal the co-occurrence model can learn. Each user prefers a few
 * categories. A session browses, sometimes favourites, adds to the cart, removes from it, and at
 * its end buys some of the cart. Item popularity follows a Zipf-like law, and every trend period a
 * few items become trending, so popularity drifts over time.
 *
 * <p>The output is fully determined by the configuration's seed.
 */
public final class StorefrontSimulator implements Iterator<StorefrontEvent> {

    private static final double ZIPF_EXPONENT = 0.9;
    private static final double TREND_BOOST = 25.0;
    private static final double PREFERRED_CATEGORY_PROBABILITY = 0.8;
    private static final double FAVORITE_PROBABILITY = 0.03;
    private static final double REMOVE_FROM_CART_PROBABILITY = 0.15;
    private static final double SESSION_END_PROBABILITY = 0.15;
    private static final long MIN_STEP_MILLIS = 5_000;
    private static final long MAX_STEP_MILLIS = 120_000;

    private final SimulatorConfig config;
    private final SplittableRandom random;
    private final double[] baseWeight;
    private final String[] itemCategory;
    private final double[] itemPrice;
    private final int[][] categoryItems;
    private final double[][] categoryCumulative;
    private final int[][] userCategories;
    private final PriorityQueue<Session> sessions;
    private long emitted;
    private long currentTrendPeriod = -1;

    public StorefrontSimulator(SimulatorConfig config) {
        this.config = config.validate();
        this.random = new SplittableRandom(config.seed());
        this.baseWeight = new double[config.items()];
        this.itemCategory = new String[config.items()];
        this.itemPrice = new double[config.items()];
        this.categoryItems = new int[config.categories()][];
        this.categoryCumulative = new double[config.categories()][];
        this.userCategories = new int[config.users()][];
        this.sessions = new PriorityQueue<>();

        buildCatalogue();
        buildUsers();
        for (int user = 0; user < config.users(); user++) {
            long firstStart = config.start().toEpochMilli() + nextGapMillis();
            sessions.add(new Session(user, firstStart));
        }
    }

    /** Item id of catalogue index {@code index}, as it appears in events. */
    public static String itemId(int index) {
        return "item-" + index;
    }

    /** User id of user index {@code index}, as it appears in events. */
    public static String userId(int index) {
        return "user-" + index;
    }

    /** Category id of item index {@code index}, the same function the catalogue uses. */
    public String categoryOf(int index) {
        return itemCategory[index];
    }

    @Override
    public boolean hasNext() {
        return emitted < config.maxEvents();
    }

    @Override
    public StorefrontEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException("The simulator has produced its " + config.maxEvents()
                    + " events.");
        }
        Session session = sessions.poll();
        refreshTrends(session.nextTime);

        if (session.pending.isEmpty()) {
            planNextStep(session);
        }
        Action action = session.pending.pollFirst();
        StorefrontEvent event = event(session, action, session.nextTime);
        emitted++;

        if (!session.pending.isEmpty()) {
            session.nextTime += MIN_STEP_MILLIS;
        } else if (session.ended) {
            session.startNewSession(session.nextTime + nextGapMillis());
        } else {
            session.nextTime += stepMillis();
        }
        sessions.add(session);
        return event;
    }

    private void buildCatalogue() {
        int items = config.items();
        int categories = config.categories();

        // Shuffled ranks so that popular items are spread across clusters and categories.
        int[] rank = new int[items];
        for (int i = 0; i < items; i++) {
            rank[i] = i;
        }
        for (int i = items - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = rank[i];
            rank[i] = rank[j];
            rank[j] = swap;
        }

        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c < categories; c++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < items; i++) {
            int cluster = i / config.clusterSize();
            int category = cluster % categories;
            itemCategory[i] = "cat-" + category;
            baseWeight[i] = 1.0 / Math.pow(rank[i] + 1, ZIPF_EXPONENT);
            double categoryBasePrice = 5.0 + 10.0 * category;
            itemPrice[i] = Math.round(categoryBasePrice * Math.exp(random.nextDouble() - 0.5) * 100) / 100.0;
            members.get(category).add(i);
        }
        for (int c = 0; c < categories; c++) {
            categoryItems[c] = members.get(c).stream().mapToInt(Integer::intValue).toArray();
            categoryCumulative[c] = new double[categoryItems[c].length];
        }
    }

    private void buildUsers() {
        for (int user = 0; user < config.users(); user++) {
            int preferred = 1 + random.nextInt(3);
            int[] chosen = new int[preferred];
            for (int k = 0; k < preferred; k++) {
                chosen[k] = random.nextInt(config.categories());
            }
            userCategories[user] = chosen;
        }
    }

    /** Recomputes the item weights when event time enters a new trend period. */
    private void refreshTrends(long eventTimeMillis) {
        long period = (eventTimeMillis - config.start().toEpochMilli()) / config.trendPeriod().toMillis();
        if (period == currentTrendPeriod) {
            return;
        }
        currentTrendPeriod = period;
        SplittableRandom trendRandom = new SplittableRandom(config.seed() * 31 + period);
        double[] weight = baseWeight.clone();
        int trending = Math.max(1, (int) Math.round(config.items() * config.trendShare()));
        for (int k = 0; k < trending; k++) {
            weight[trendRandom.nextInt(config.items())] *= TREND_BOOST;
        }
        for (int c = 0; c < categoryItems.length; c++) {
            double sum = 0;
            for (int k = 0; k < categoryItems[c].length; k++) {
                sum += weight[categoryItems[c][k]];
                categoryCumulative[c][k] = sum;
            }
        }
    }

    private void planNextStep(Session session) {
        if (session.currentItem >= 0 && random.nextDouble() < SESSION_END_PROBABILITY) {
            planCheckout(session);
            if (!session.pending.isEmpty()) {
                session.ended = true;
                return;
            }
            // Nothing to check out: the next step opens a new session at once.
            session.startNewSession(session.nextTime);
        }
        int item = chooseNextItem(session);
        session.currentItem = item;
        session.pending.add(new Action(item, EventType.VIEW, 1));

        if (random.nextDouble() < FAVORITE_PROBABILITY) {
            session.pending.add(new Action(item, EventType.FAVORITE, 1));
        }
        if (random.nextDouble() < config.cartProbability()) {
            session.pending.add(new Action(item, EventType.ADD_TO_CART, 1 + random.nextInt(2)));
            session.cart.add(item);
        }
    }

    private void planCheckout(Session session) {
        for (int item : session.cart) {
            double draw = random.nextDouble();
            if (draw < config.purchaseProbability()) {
                session.pending.add(new Action(item, EventType.PURCHASE, 1));
            } else if (draw < config.purchaseProbability() + REMOVE_FROM_CART_PROBABILITY) {
                session.pending.add(new Action(item, EventType.REMOVE_FROM_CART, 1));
            }
        }
        session.cart.clear();
    }

    private int chooseNextItem(Session session) {
        if (session.currentItem >= 0 && random.nextDouble() < config.sameClusterProbability()) {
            int clusterStart = (session.currentItem / config.clusterSize()) * config.clusterSize();
            int clusterEnd = Math.min(config.items(), clusterStart + config.clusterSize());
            int candidate = clusterStart + random.nextInt(clusterEnd - clusterStart);
            if (candidate != session.currentItem) {
                return candidate;
            }
        }
        int[] preferred = userCategories[session.user];
        int category = random.nextDouble() < PREFERRED_CATEGORY_PROBABILITY
                ? preferred[random.nextInt(preferred.length)]
                : random.nextInt(config.categories());
        return sampleFromCategory(category);
    }

    private int sampleFromCategory(int category) {
        double[] cumulative = categoryCumulative[category];
        double target = random.nextDouble() * cumulative[cumulative.length - 1];
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (cumulative[middle] < target) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return categoryItems[category][low];
    }

    private StorefrontEvent event(Session session, Action action, long time) {
        return StorefrontEvent.newBuilder()
                .setEventId("sim-" + session.user + "-" + session.sequence++)
                .setUserId(userId(session.user))
                .setSessionId("session-" + session.user + "-" + session.number)
                .setItemId(itemId(action.item()))
                .setEventType(action.type())
                .setEventTime(Instant.ofEpochMilli(time))
                .setCategory(itemCategory[action.item()])
                .setPrice(itemPrice[action.item()])
                .setQuantity(action.quantity())
                .setContext(Map.of("source", "simulator"))
                .build();
    }

    private long nextGapMillis() {
        double mean = config.meanSessionGap().toMillis();
        return 1 + (long) (-Math.log(1.0 - random.nextDouble()) * mean);
    }

    private long stepMillis() {
        return MIN_STEP_MILLIS + random.nextLong(MAX_STEP_MILLIS - MIN_STEP_MILLIS);
    }

    /** One planned interaction; its time is set when it is emitted. */
    private record Action(int item, EventType type, int quantity) {
    }

    /** One user's current session; ordered by the time of its next event. */
    private static final class Session implements Comparable<Session> {
        final int user;
        final Deque<Action> pending = new ArrayDeque<>();
        final List<Integer> cart = new ArrayList<>();
        long nextTime;
        int number;
        long sequence;
        int currentItem = -1;
        boolean ended;

        Session(int user, long start) {
            this.user = user;
            this.nextTime = start;
        }

        void startNewSession(long start) {
            nextTime = start;
            number++;
            currentItem = -1;
            ended = false;
            cart.clear();
        }

        @Override
        public int compareTo(Session other) {
            int byTime = Long.compare(nextTime, other.nextTime);
            return byTime != 0 ? byTime : Integer.compare(user, other.user);
        }
    }
}
