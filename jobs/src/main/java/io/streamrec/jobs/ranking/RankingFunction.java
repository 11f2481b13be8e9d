package io.streamrec.jobs.ranking;

import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.jobs.profile.RecentItem;
import io.streamrec.jobs.ranking.models.Candidate;
import io.streamrec.jobs.ranking.models.CooccurrenceRanking;
import io.streamrec.jobs.ranking.models.PopularityRanking;
import io.streamrec.jobs.ranking.models.RankedList;
import io.streamrec.jobs.ranking.models.RankingContext;
import io.streamrec.jobs.ranking.models.RankingModel;
import io.streamrec.jobs.recommend.EnrichedEvent;
import io.streamrec.jobs.recommend.EventWeights;
import io.streamrec.schemas.Recommendation;
import io.streamrec.schemas.RecommendedItem;
import io.streamrec.schemas.StorefrontEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tests each model against the user's event, then builds every model's next list and publishes the
 * configured model's list. Keyed by user id.
 *
 * <p>Per event (test-then-train):
 *
 * <ol>
 *   <li>For each model, the event's item is looked up in the list that model last showed the user,
 *       and one {@link RankingOutcome} goes to the {@link #OUTCOMES} side output.
 *   <li>The event's neighbours are cached under its item; cached lists of items no longer among
 *       the user's recent items are dropped.
 *   <li>Each model builds a new list without the event's item and, unless
 *       {@code ranking.allow-purchased}, without purchased items. It replaces the model's last
 *       list, and the list of {@code recommend.model} is emitted as a {@link Recommendation}.
 * </ol>
 *
 * <p>Exactly one recommendation per input event. Ordering: events are used in arrival order, late
 * ones included.
 *
 * <p>State bounds: one last list per model (at most {@code recommend.list-size} ids each), cached
 * neighbour lists only for the user's recent items (at most {@code profile.recent-items} + 1 lists
 * of at most {@code cooccurrence.neighbours} entries), and an event-time timer that removes all of
 * a user's state once the watermark passes the last event time plus {@code state.ttl}.
 */
public class RankingFunction extends KeyedProcessFunction<String, EnrichedEvent, Recommendation> {

    private static final long serialVersionUID = 1L;

    /** Side output with one outcome per event and model. */
    public static final OutputTag<RankingOutcome> OUTCOMES =
            new OutputTag<>("ranking-outcomes", TypeInformation.of(RankingOutcome.class));

    /** Variant every user is in until A/B assignment exists. */
    public static final String DEFAULT_VARIANT = "default";

    /** Version of the fixed models. */
    public static final long FIXED_MODEL_VERSION = 0L;

    /** Counter of events whose item was in the published model's previous list. */
    public static final String PUBLISHED_HITS = "publishedModelHits";

    /** Counter of lists that were mostly popularity fallback, for the published model. */
    public static final String FALLBACK_LISTS = "fallbackDominatedLists";

    /** Counter of users whose state was removed after {@code state.ttl} without events. */
    public static final String EXPIRED_USERS = "expiredUsers";

    /** The list each model last showed the user, by model name. */
    public static final MapStateDescriptor<String, ShownList> LAST_LISTS =
            new MapStateDescriptor<>("last-lists", Types.STRING, TypeInformation.of(ShownList.class));

    /** Neighbour lists of the user's recent items, by item id. */
    public static final MapStateDescriptor<String, CachedNeighbours> NEIGHBOUR_CACHE =
            new MapStateDescriptor<>("neighbour-cache", Types.STRING, TypeInformation.of(CachedNeighbours.class));

    /** Last event time and expiry timer. */
    public static final ValueStateDescriptor<RankingMeta> META =
            new ValueStateDescriptor<>("ranking-meta", RankingMeta.class);

    private final List<RankingModel> models;
    private final String publishedModel;
    private final int listSize;
    private final boolean allowPurchased;
    private final long ttlMillis;

    private transient MapState<String, ShownList> lastLists;
    private transient MapState<String, CachedNeighbours> neighbourCache;
    private transient ValueState<RankingMeta> meta;
    private transient Counter publishedHits;
    private transient Counter fallbackLists;
    private transient Counter expiredUsers;

    public RankingFunction(Configuration conf) {
        this(conf, defaultModels(conf));
    }

    /** Creates the function with the given models; {@code recommend.model} must name one of them. */
    public RankingFunction(Configuration conf, List<RankingModel> models) {
        this.models = List.copyOf(models);
        this.publishedModel = conf.get(RecommendOptions.PUBLISHED_MODEL);
        this.listSize = conf.get(RecommendOptions.LIST_SIZE);
        this.allowPurchased = conf.get(RecommendOptions.ALLOW_PURCHASED);
        this.ttlMillis = conf.get(RecommendOptions.STATE_TTL).toMillis();
        if (models.stream().noneMatch(model -> model.name().equals(publishedModel))) {
            throw new IllegalArgumentException("Invalid value " + publishedModel + " for option '"
                    + RecommendOptions.PUBLISHED_MODEL.key() + "': expected one of "
                    + models.stream().map(RankingModel::name).toList() + ".");
        }
    }

    /** Returns the built-in models: popularity, co-occurrence, and co-occurrence with affinity. */
    public static List<RankingModel> defaultModels(Configuration conf) {
        EventWeights weights = EventWeights.from(conf);
        long halfLife = conf.get(RecommendOptions.COOCCURRENCE_HALF_LIFE).toMillis();
        return List.of(
                new PopularityRanking(),
                new CooccurrenceRanking(weights, halfLife, false),
                new CooccurrenceRanking(weights, halfLife, true));
    }

    @Override
    public void open(OpenContext openContext) {
        lastLists = getRuntimeContext().getMapState(LAST_LISTS);
        neighbourCache = getRuntimeContext().getMapState(NEIGHBOUR_CACHE);
        meta = getRuntimeContext().getState(META);
        publishedHits = getRuntimeContext().getMetricGroup().counter(PUBLISHED_HITS);
        fallbackLists = getRuntimeContext().getMetricGroup().counter(FALLBACK_LISTS);
        expiredUsers = getRuntimeContext().getMetricGroup().counter(EXPIRED_USERS);
    }

    @Override
    public void processElement(EnrichedEvent input, Context ctx, Collector<Recommendation> out) throws Exception {
        StorefrontEvent event = input.event;
        long eventTime = input.eventTimeMillis();

        Map<String, ShownList> previous = new HashMap<>();
        for (RankingModel model : models) {
            ShownList list = lastLists.get(model.name());
            if (list != null) {
                previous.put(model.name(), list);
            }
        }

        updateNeighbourCache(input, eventTime);
        RankingContext context = new RankingContext(input, cachedNeighbours(), excluded(input), listSize);
        long emittedAt = ctx.timerService().currentProcessingTime();

        for (RankingModel model : models) {
            RankedList list = model.rank(context);
            lastLists.put(model.name(), new ShownList(new ArrayList<>(list.itemIds()), eventTime));
            ctx.output(OUTCOMES, outcome(input, model.name(), previous.get(model.name()), list, emittedAt));

            if (model.name().equals(publishedModel)) {
                ShownList shown = previous.get(model.name());
                if (shown != null && shown.rankOf(event.getItemId()) > 0) {
                    publishedHits.inc();
                }
                if (list.mostlyFallback()) {
                    fallbackLists.inc();
                }
                out.collect(recommendation(event, model.name(), list, emittedAt));
            }
        }

        scheduleExpiry(eventTime, ctx);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Recommendation> out) throws Exception {
        RankingMeta state = meta.value();
        if (state == null || state.expiryTimerMillis != timestamp) {
            return;
        }
        if (state.lastEventTimeMillis + ttlMillis <= timestamp) {
            lastLists.clear();
            neighbourCache.clear();
            meta.clear();
            expiredUsers.inc();
        } else {
            state.expiryTimerMillis = state.lastEventTimeMillis + ttlMillis;
            ctx.timerService().registerEventTimeTimer(state.expiryTimerMillis);
            meta.update(state);
        }
    }

    private void updateNeighbourCache(EnrichedEvent input, long eventTime) throws Exception {
        neighbourCache.put(input.itemId(), new CachedNeighbours(new ArrayList<>(input.neighbours), eventTime));

        Set<String> recent = new HashSet<>();
        recent.add(input.itemId());
        if (input.profile != null) {
            for (RecentItem item : input.profile.recentItems) {
                recent.add(item.itemId);
            }
        }
        Iterator<String> cached = neighbourCache.keys().iterator();
        while (cached.hasNext()) {
            if (!recent.contains(cached.next())) {
                cached.remove();
            }
        }
    }

    private Map<String, CachedNeighbours> cachedNeighbours() throws Exception {
        Map<String, CachedNeighbours> lists = new HashMap<>();
        for (Map.Entry<String, CachedNeighbours> entry : neighbourCache.entries()) {
            lists.put(entry.getKey(), entry.getValue());
        }
        return lists;
    }

    private Set<String> excluded(EnrichedEvent input) {
        Set<String> excluded = new HashSet<>();
        excluded.add(input.itemId());
        if (!allowPurchased && input.profile != null) {
            excluded.addAll(input.profile.purchasedItems);
        }
        return excluded;
    }

    private void scheduleExpiry(long eventTime, Context ctx) throws Exception {
        RankingMeta state = meta.value();
        if (state == null) {
            state = new RankingMeta();
        }
        state.lastEventTimeMillis = Math.max(state.lastEventTimeMillis, eventTime);
        if (state.expiryTimerMillis == Long.MIN_VALUE) {
            state.expiryTimerMillis = state.lastEventTimeMillis + ttlMillis;
            ctx.timerService().registerEventTimeTimer(state.expiryTimerMillis);
        }
        meta.update(state);
    }

    private static RankingOutcome outcome(
            EnrichedEvent input, String model, ShownList previous, RankedList list, long emittedAt) {
        StorefrontEvent event = input.event;
        RankingOutcome outcome = new RankingOutcome();
        outcome.model = model;
        outcome.variant = DEFAULT_VARIANT;
        outcome.userId = event.getUserId();
        outcome.eventId = event.getEventId();
        outcome.eventItemId = event.getItemId();
        outcome.eventType = event.getEventType();
        outcome.eventTimeMillis = input.eventTimeMillis();
        outcome.rank = previous == null ? 0 : previous.rankOf(event.getItemId());
        outcome.previousListSize = previous == null ? 0 : previous.itemIds.size();
        outcome.newUser = input.profile != null && input.profile.newUser;
        String previousItem = input.profile == null ? null : input.profile.previousItemId;
        outcome.nextNewItem = previousItem == null || !previousItem.equals(event.getItemId());
        outcome.mostlyFallback = list.mostlyFallback();
        outcome.arrivalMillis = input.arrivalMillis;
        outcome.emittedAtMillis = emittedAt;
        outcome.newListItemIds = new ArrayList<>(list.itemIds());
        return outcome;
    }

    private static Recommendation recommendation(StorefrontEvent event, String model, RankedList list, long emittedAt) {
        List<RecommendedItem> items = new ArrayList<>(list.items().size());
        for (Candidate candidate : list.items()) {
            items.add(new RecommendedItem(candidate.itemId(), candidate.score(), candidate.reason()));
        }
        return Recommendation.newBuilder()
                .setUserId(event.getUserId())
                .setItems(items)
                .setModel(model)
                .setModelVersion(FIXED_MODEL_VERSION)
                .setVariant(DEFAULT_VARIANT)
                .setTriggerEventId(event.getEventId())
                .setTriggerEventTime(event.getEventTime())
                .setEmittedAt(Instant.ofEpochMilli(emittedAt))
                .build();
    }
}
