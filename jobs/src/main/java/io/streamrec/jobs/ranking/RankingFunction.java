package io.streamrec.jobs.ranking;

import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.jobs.profile.RecentItem;
import io.streamrec.jobs.ranking.models.Candidate;
import io.streamrec.jobs.ranking.models.CandidateFeatures;
import io.streamrec.jobs.ranking.models.CooccurrenceRanking;
import io.streamrec.jobs.ranking.models.LearnedRanking;
import io.streamrec.jobs.ranking.models.PopularityRanking;
import io.streamrec.jobs.ranking.models.RankedList;
import io.streamrec.jobs.ranking.models.RankingContext;
import io.streamrec.jobs.ranking.models.RankingModel;
import io.streamrec.jobs.recommend.EnrichedEvent;
import io.streamrec.jobs.recommend.EventWeights;
import io.streamrec.jobs.training.LearnedRankerModel;
import io.streamrec.schemas.ModelUpdate;
import io.streamrec.schemas.RankingFeatures;
import io.streamrec.schemas.Recommendation;
import io.streamrec.schemas.RecommendedItem;
import io.streamrec.schemas.StorefrontEvent;
import io.streamrec.schemas.TrainingExample;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Tests each model against the user's event, then builds every model's next list and publishes the
 * list of the model of the user's A/B variant. Keyed by user id; the broadcast input carries the
 * learned ranker's {@link ModelUpdate}s.
 *
 * <p>Per event (test-then-train):
 *
 * <ol>
 *   <li>The user's variant is {@link VariantAssignment#assign} of the user id.
 *   <li>For each model of {@code recommend.models} (shadow evaluation: every model ranks every
 *       event), the event's item is looked up in the list that model last showed the user, and one
 *       {@link RankingOutcome} with the user's variant goes to the {@link #OUTCOMES} side output.
 *   <li>If the learned ranker last showed the user a list, each item of that list becomes one
 *       {@link TrainingExample} on {@link #TRAINING_EXAMPLES}: label 1 with the event-type weight
 *       for the event's item, label 0 with weight 1 for the others, with the features stored when
 *       the list was made. When the event's item was not in the list but among the learned
 *       ranker's candidates of that moment, one more positive carries the item's features as they
 *       were then ({@link CandidateFeatures#beforeEvent}: the neighbour cache before this event,
 *       the recent items without it, the affinity shares and category stored with the list). An
 *       item outside the candidates gives no example and counts in
 *       {@link #POSITIVES_OUTSIDE_CANDIDATES}: no list can contain it, and with no negatives from
 *       outside the candidates its mostly empty features taught the model that unknown items beat
 *       the user's neighbours. Then up to {@code ranking.training-negatives}
 *       candidates of that view that the list did not show, drawn at random (seeded by the event),
 *       become negatives weighted by (unshown candidates / drawn ones). Without them the model
 *       would learn only from the items it chose itself: those are selected for high values of the
 *       features it trusts, the unshown positives are not, and the learner turns against its own
 *       best features. So an event yields at most {@code recommend.list-size} + 1 +
 *       {@code ranking.training-negatives} examples.
 *   <li>The event's neighbours are cached under its item; cached lists of items no longer among
 *       the user's recent items are dropped.
 *   <li>Each model builds a new list without the event's item and, unless
 *       {@code ranking.allow-purchased}, without purchased items. It replaces the model's last
 *       list, and the list of the variant's model is emitted as a {@link Recommendation} carrying
 *       the variant and the model version.
 * </ol>
 *
 * <p>Model updates: the broadcast state keeps, per model name, the update with the highest
 * version. An update for a name other than the learned ranker's, with an older or equal version, or
 * whose feature layout {@link LearnedRankerModel#fromUpdate} rejects is counted and ignored. Until
 * an update is kept, the learned ranker uses {@link LearnedRankerModel#defaults()}, version 0.
 *
 * <p>Exactly one recommendation per input event. Ordering: events are used in arrival order, late
 * ones included. Which model version ranks an event depends on when the update reached this
 * subtask relative to the event, so runs with updates are not repeatable to the event.
 *
 * <p>State bounds: one last list per model (at most {@code recommend.list-size} ids each, and as
 * many stored features for the learned ranker's list), cached neighbour lists only for the user's
 * recent items (at most {@code profile.recent-items} + 1 lists of at most
 * {@code cooccurrence.neighbours} entries), and an event-time timer that removes all of a user's
 * state once the watermark passes the last event time plus {@code state.ttl}. The broadcast state
 * contains at most one update, the learned ranker's.
 */
public class RankingFunction extends KeyedBroadcastProcessFunction<String, EnrichedEvent, ModelUpdate, Recommendation> {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(RankingFunction.class);

    /** Side output with one outcome per event and model. */
    public static final OutputTag<RankingOutcome> OUTCOMES =
            new OutputTag<>("ranking-outcomes", TypeInformation.of(RankingOutcome.class));

    /** Side output with the training examples of the learned ranker's shown lists. */
    public static final OutputTag<TrainingExample> TRAINING_EXAMPLES =
            new OutputTag<>("training-examples", TypeInformation.of(TrainingExample.class));

    /** Variant every user is in when {@code ab.variants} is empty. */
    public static final String DEFAULT_VARIANT = VariantAssignment.DEFAULT_VARIANT;

    /** Version of the fixed models. */
    public static final long FIXED_MODEL_VERSION = 0L;

    /** Counter of events whose item was in the published model's previous list. */
    public static final String PUBLISHED_HITS = "publishedModelHits";

    /** Counter of lists that were mostly popularity fallback, for the published model. */
    public static final String FALLBACK_LISTS = "fallbackDominatedLists";

    /** Counter of users whose state was removed after {@code state.ttl} without events. */
    public static final String EXPIRED_USERS = "expiredUsers";

    /** Counter of training examples emitted. */
    public static final String TRAINING_EXAMPLES_EMITTED = "trainingExamples";

    /**
     * Counter of events whose item was neither shown by the learned ranker nor among its
     * candidates, so that they gave no positive example.
     */
    public static final String POSITIVES_OUTSIDE_CANDIDATES = "positivesOutsideCandidates";

    /** Counter of model updates kept in the broadcast state. */
    public static final String MODEL_UPDATES_APPLIED = "modelUpdatesApplied";

    /** Counter of model updates ignored: unknown name, stale version or a layout that does not match. */
    public static final String MODEL_UPDATES_IGNORED = "modelUpdatesIgnored";

    /** Gauge of the learned ranker's version in use by this subtask. */
    public static final String LEARNED_MODEL_VERSION = "learnedModelVersion";

    /** The list each model last showed the user, by model name. */
    public static final MapStateDescriptor<String, ShownList> LAST_LISTS =
            new MapStateDescriptor<>("last-lists", Types.STRING, TypeInformation.of(ShownList.class));

    /** Neighbour lists of the user's recent items, by item id. */
    public static final MapStateDescriptor<String, CachedNeighbours> NEIGHBOUR_CACHE =
            new MapStateDescriptor<>("neighbour-cache", Types.STRING, TypeInformation.of(CachedNeighbours.class));

    /** Last event time and expiry timer. */
    public static final ValueStateDescriptor<RankingMeta> META =
            new ValueStateDescriptor<>("ranking-meta", RankingMeta.class);

    /** Broadcast state: the newest model update per model name. */
    public static final MapStateDescriptor<String, ModelUpdate> LEARNED_MODELS =
            new MapStateDescriptor<>("learned-models", Types.STRING, TypeInformation.of(ModelUpdate.class));

    private final List<RankingModel> models;
    private final VariantAssignment variants;
    private final EventWeights weights;
    private final int listSize;
    private final boolean allowPurchased;
    private final int trainingNegatives;
    private final long ttlMillis;

    private transient MapState<String, ShownList> lastLists;
    private transient MapState<String, CachedNeighbours> neighbourCache;
    private transient ValueState<RankingMeta> meta;
    private transient Counter publishedHits;
    private transient Counter fallbackLists;
    private transient Counter expiredUsers;
    private transient Counter trainingExamples;
    private transient Counter positivesOutsideCandidates;
    private transient Counter updatesApplied;
    private transient Counter updatesIgnored;
    private transient LearnedRankerModel learnedModel;

    /** Creates the function with the models of {@code recommend.models} and the variants of {@code ab.variants}. */
    public RankingFunction(Configuration conf) {
        this(conf, defaultModels(conf));
    }

    /**
     * Creates the function with the given models.
     *
     * @throws IllegalArgumentException if a variant's model is not among {@code models}
     */
    public RankingFunction(Configuration conf, List<RankingModel> models) {
        this.models = List.copyOf(models);
        this.variants = VariantAssignment.from(conf);
        this.weights = EventWeights.from(conf);
        this.listSize = conf.get(RecommendOptions.LIST_SIZE);
        this.allowPurchased = conf.get(RecommendOptions.ALLOW_PURCHASED);
        this.trainingNegatives = conf.get(RecommendOptions.TRAINING_NEGATIVES);
        this.ttlMillis = conf.get(RecommendOptions.STATE_TTL).toMillis();
        List<String> names = models.stream().map(RankingModel::name).toList();
        for (String published : variants.publishedModels()) {
            if (!names.contains(published)) {
                throw new IllegalArgumentException("Invalid published model " + published + ": expected one of "
                        + names + " from option '" + RecommendOptions.MODELS.key() + "'.");
            }
        }
    }

    /** Returns the models named by {@code recommend.models}, in that order. */
    public static List<RankingModel> defaultModels(Configuration conf) {
        EventWeights weights = EventWeights.from(conf);
        long halfLife = conf.get(RecommendOptions.COOCCURRENCE_HALF_LIFE).toMillis();
        List<RankingModel> models = new ArrayList<>();
        for (String name : conf.get(RecommendOptions.MODELS)) {
            models.add(switch (name) {
                case PopularityRanking.NAME -> new PopularityRanking();
                case CooccurrenceRanking.NAME -> new CooccurrenceRanking(weights, halfLife, false);
                case CooccurrenceRanking.AFFINITY_NAME -> new CooccurrenceRanking(weights, halfLife, true);
                case LearnedRanking.NAME -> new LearnedRanking(weights, halfLife);
                default -> throw new IllegalArgumentException("Invalid model " + name + " in option '"
                        + RecommendOptions.MODELS.key() + "': expected popularity, cooccurrence, "
                        + "cooccurrence-affinity or learned-ranker.");
            });
        }
        return models;
    }

    @Override
    public void open(OpenContext openContext) {
        lastLists = getRuntimeContext().getMapState(LAST_LISTS);
        neighbourCache = getRuntimeContext().getMapState(NEIGHBOUR_CACHE);
        meta = getRuntimeContext().getState(META);
        publishedHits = getRuntimeContext().getMetricGroup().counter(PUBLISHED_HITS);
        fallbackLists = getRuntimeContext().getMetricGroup().counter(FALLBACK_LISTS);
        expiredUsers = getRuntimeContext().getMetricGroup().counter(EXPIRED_USERS);
        trainingExamples = getRuntimeContext().getMetricGroup().counter(TRAINING_EXAMPLES_EMITTED);
        positivesOutsideCandidates = getRuntimeContext().getMetricGroup().counter(POSITIVES_OUTSIDE_CANDIDATES);
        updatesApplied = getRuntimeContext().getMetricGroup().counter(MODEL_UPDATES_APPLIED);
        updatesIgnored = getRuntimeContext().getMetricGroup().counter(MODEL_UPDATES_IGNORED);
        getRuntimeContext().getMetricGroup().<Long, Gauge<Long>>gauge(
                LEARNED_MODEL_VERSION, () -> learnedModel == null ? LearnedRankerModel.DEFAULT_VERSION : learnedModel.version());
    }

    @Override
    public void processElement(EnrichedEvent input, ReadOnlyContext ctx, Collector<Recommendation> out) throws Exception {
        StorefrontEvent event = input.event;
        long eventTime = input.eventTimeMillis();
        VariantAssignment.Variant variant = variants.assign(event.getUserId());

        Map<String, ShownList> previous = new HashMap<>();
        for (RankingModel model : models) {
            ShownList list = lastLists.get(model.name());
            if (list != null) {
                previous.put(model.name(), list);
            }
        }

        Map<String, CachedNeighbours> previousNeighbours = cachedNeighbours();
        Map<String, CachedNeighbours> neighbours = updateNeighbourCache(input, eventTime, previousNeighbours);
        LearnedRankerModel learned = learnedModel(ctx.getBroadcastState(LEARNED_MODELS));
        RankingContext context = new RankingContext(input, neighbours, excluded(input), listSize, learned);
        long emittedAt = ctx.timerService().currentProcessingTime();

        for (RankingModel model : models) {
            ShownList shown = previous.get(model.name());
            if (model instanceof LearnedRanking learnedRanking && shown != null) {
                emitTrainingExamples(input, variant.name(), shown, learnedRanking, context, previousNeighbours, ctx);
            }

            RankedList list = model.rank(context);
            lastLists.put(model.name(), shownList(list, input, model instanceof LearnedRanking));
            ctx.output(OUTCOMES, outcome(input, model.name(), variant.name(), shown, list, emittedAt));

            if (model.name().equals(variant.model())) {
                if (shown != null && shown.rankOf(event.getItemId()) > 0) {
                    publishedHits.inc();
                }
                if (list.mostlyFallback()) {
                    fallbackLists.inc();
                }
                out.collect(recommendation(event, model.name(), variant.name(), list, emittedAt));
            }
        }

        scheduleExpiry(eventTime, ctx);
    }

    /**
     * Keeps the update if it is the learned ranker's, newer than the kept one, and has the feature
     * layout of this build. Any other update is counted and ignored, without an exception.
     */
    @Override
    public void processBroadcastElement(ModelUpdate update, Context ctx, Collector<Recommendation> out) throws Exception {
        if (update == null || !LearnedRanking.NAME.equals(update.getModelName())) {
            ignore(update, "it is not for the learned ranker " + LearnedRanking.NAME);
            return;
        }
        BroadcastState<String, ModelUpdate> state = ctx.getBroadcastState(LEARNED_MODELS);
        ModelUpdate kept = state.get(update.getModelName());
        if (kept != null && kept.getVersion() >= update.getVersion()) {
            ignore(update, "version " + kept.getVersion() + " is already in use");
            return;
        }
        try {
            LearnedRankerModel.fromUpdate(update);
        } catch (IllegalArgumentException e) {
            ignore(update, e.getMessage());
            return;
        }
        state.put(update.getModelName(), update);
        updatesApplied.inc();
        LOG.info("Ranking with {} version {} from now on", update.getModelName(), update.getVersion());
    }

    /**
     * Removes the user's state once it has expired. A timer fired by the final watermark (end of
     * input, or stop with drain) leaves the state in place, because the job is ending and clearing
     * the map states of every user would take minutes on RocksDB. The final savepoint then contains
     * that state without timers, so a job restored from it never removes it.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Recommendation> out) throws Exception {
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            return;
        }
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

    private void ignore(ModelUpdate update, String reason) {
        updatesIgnored.inc();
        // Updates arrive once per publication, seconds apart, so one line each is not a flood.
        LOG.warn("Ignored model update {} version {}: {}",
                update == null ? null : update.getModelName(), update == null ? null : update.getVersion(), reason);
    }

    /** Returns the model of the kept update, rebuilt only when the kept version changed. */
    private LearnedRankerModel learnedModel(ReadOnlyBroadcastState<String, ModelUpdate> state) throws Exception {
        ModelUpdate kept = state.get(LearnedRanking.NAME);
        if (kept == null) {
            if (learnedModel == null || learnedModel.version() != LearnedRankerModel.DEFAULT_VERSION) {
                learnedModel = LearnedRankerModel.defaults();
            }
        } else if (learnedModel == null || learnedModel.version() != kept.getVersion()) {
            learnedModel = LearnedRankerModel.fromUpdate(kept);
        }
        return learnedModel;
    }

    private void emitTrainingExamples(
            EnrichedEvent input, String variant, ShownList shown, LearnedRanking ranker, RankingContext context,
            Map<String, CachedNeighbours> previousNeighbours, ReadOnlyContext ctx) {
        if (shown.features.size() != shown.itemIds.size() || shown.features.isEmpty()) {
            return;
        }
        StorefrontEvent event = input.event;
        String eventItem = event.getItemId();
        double positiveWeight = weights.of(event.getEventType());
        boolean found = false;
        for (int i = 0; i < shown.itemIds.size(); i++) {
            String itemId = shown.itemIds.get(i);
            boolean positive = itemId.equals(eventItem);
            found |= positive;
            emit(ctx, example(input, variant, shown.modelVersion, itemId, positive,
                    positive ? positiveWeight : 1.0, shown.features.get(i).toAvro()));
        }

        CandidateFeatures before = ranker.beforeEvent(
                context, previousNeighbours, shown.affinityShares(), shown.triggerCategory, shown.triggerEventTimeMillis);
        List<String> candidates = LearnedRanking.candidateIds(context, before);
        if (!found) {
            if (candidates.contains(eventItem)) {
                emit(ctx, example(input, variant, shown.modelVersion, eventItem, true, positiveWeight,
                        before.compute(eventItem)));
            } else {
                positivesOutsideCandidates.inc();
            }
        }
        if (trainingNegatives == 0) {
            return;
        }
        Set<String> shownIds = new HashSet<>(shown.itemIds);
        List<String> unshown = new ArrayList<>();
        for (String itemId : candidates) {
            if (!shownIds.contains(itemId) && !itemId.equals(eventItem)) {
                unshown.add(itemId);
            }
        }
        int draws = Math.min(trainingNegatives, unshown.size());
        if (draws == 0) {
            return;
        }
        // A partial Fisher-Yates shuffle seeded by the event, so that a replay draws the same items.
        Random random = new Random(((long) event.getEventId().hashCode() << 32) ^ event.getUserId().hashCode());
        double weight = (double) unshown.size() / draws;
        for (int i = 0; i < draws; i++) {
            int j = i + random.nextInt(unshown.size() - i);
            String itemId = unshown.get(j);
            unshown.set(j, unshown.get(i));
            unshown.set(i, itemId);
            emit(ctx, example(input, variant, shown.modelVersion, itemId, false, weight, before.compute(itemId)));
        }
    }

    private void emit(ReadOnlyContext ctx, TrainingExample example) {
        ctx.output(TRAINING_EXAMPLES, example);
        trainingExamples.inc();
    }

    private static TrainingExample example(
            EnrichedEvent input, String variant, long modelVersion, String itemId, boolean positive, double weight,
            RankingFeatures features) {
        StorefrontEvent event = input.event;
        return TrainingExample.newBuilder()
                .setModelName(LearnedRanking.NAME)
                .setModelVersion(modelVersion)
                .setVariant(variant)
                .setUserId(event.getUserId())
                .setItemId(itemId)
                .setEventId(event.getEventId())
                .setLabel(positive ? 1 : 0)
                .setWeight(weight)
                .setFeatures(features)
                .setEventTime(event.getEventTime())
                .build();
    }

    private static ShownList shownList(RankedList list, EnrichedEvent input, boolean keepFeatures) {
        ShownList shown = new ShownList(new ArrayList<>(list.itemIds()), input.eventTimeMillis());
        shown.modelVersion = list.modelVersion();
        if (keepFeatures) {
            shown.triggerCategory = input.event.getCategory();
            CandidateFeatures.affinitySharesOf(input).forEach((category, share) -> {
                shown.affinityCategories.add(category);
                shown.affinityShareValues.add(share);
            });
            for (Candidate candidate : list.items()) {
                if (candidate.features() == null) {
                    shown.features.clear();
                    break;
                }
                shown.features.add(StoredFeatures.of(candidate.features()));
            }
        }
        return shown;
    }

    /**
     * Caches the event's neighbours under its item and drops the lists of items no longer among
     * the user's recent items, in state and in a copy of {@code previous}, which it returns.
     */
    private Map<String, CachedNeighbours> updateNeighbourCache(
            EnrichedEvent input, long eventTime, Map<String, CachedNeighbours> previous) throws Exception {
        Map<String, CachedNeighbours> current = new HashMap<>(previous);
        CachedNeighbours own = new CachedNeighbours(new ArrayList<>(input.neighbours), eventTime);
        neighbourCache.put(input.itemId(), own);
        current.put(input.itemId(), own);

        Set<String> recent = new HashSet<>();
        recent.add(input.itemId());
        if (input.profile != null) {
            for (RecentItem item : input.profile.recentItems) {
                recent.add(item.itemId);
            }
        }
        Iterator<String> cached = current.keySet().iterator();
        while (cached.hasNext()) {
            String itemId = cached.next();
            if (!recent.contains(itemId)) {
                neighbourCache.remove(itemId);
                cached.remove();
            }
        }
        return current;
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

    private void scheduleExpiry(long eventTime, ReadOnlyContext ctx) throws Exception {
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
            EnrichedEvent input, String model, String variant, ShownList previous, RankedList list, long emittedAt) {
        StorefrontEvent event = input.event;
        RankingOutcome outcome = new RankingOutcome();
        outcome.model = model;
        outcome.variant = variant;
        outcome.modelVersion = list.modelVersion();
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

    private static Recommendation recommendation(
            StorefrontEvent event, String model, String variant, RankedList list, long emittedAt) {
        List<RecommendedItem> items = new ArrayList<>(list.items().size());
        for (Candidate candidate : list.items()) {
            // A reason is required by the schema; a model that left it out must not fail the sink.
            String reason = candidate.reason() == null ? "" : candidate.reason();
            items.add(new RecommendedItem(candidate.itemId(), candidate.score(), reason));
        }
        return Recommendation.newBuilder()
                .setUserId(event.getUserId())
                .setItems(items)
                .setModel(model)
                .setModelVersion(list.modelVersion())
                .setVariant(variant)
                .setTriggerEventId(event.getEventId())
                .setTriggerEventTime(event.getEventTime())
                .setEmittedAt(Instant.ofEpochMilli(emittedAt))
                .build();
    }
}
