package io.streamrec.jobs.popularity;

import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.jobs.recommend.BoundedTopList;
import io.streamrec.jobs.recommend.EndOfInput;
import io.streamrec.jobs.recommend.EnrichedEvent;
import io.streamrec.jobs.recommend.EventWeights;
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

import java.util.Iterator;
import java.util.Map;

/**
 * Updates global and per-category popularity with each event and attaches the current lists to it,
 * following {@link PopularityModel} exactly. Keyed by a constant and run at parallelism 1, so each
 * event gets the lists that include it and a replay is repeatable.
 *
 * <p>Ordering: events are applied in arrival order; late events are used like any other.
 *
 * <p>State bounds: the top lists are capped by {@code popularity.candidates} and the number of
 * category lists by {@code popularity.max-categories}. Item values are swept by an event-time
 * timer every {@code state.ttl}: an item whose last event is older than the watermark minus
 * {@code state.ttl} loses its value. The sweep fired by the final watermark leaves the state in
 * place, so a savepoint taken by a stop with drain contains it without a sweep timer, and a job
 * restored from that savepoint schedules the next sweep at its first event.
 *
 * <p>NOTE: a swept item that comes back starts again from zero, while the exact definition keeps
 * its old value. The old value has decayed by {@code 2^(-state.ttl / popularity.half-life)}
 * (2^-168 with the defaults), so lists differ from the definition only when the half-life is
 * close to {@code state.ttl}.
 */
public class PopularityFunction extends KeyedProcessFunction<Integer, EnrichedEvent, EnrichedEvent> {

    private static final long serialVersionUID = 1L;

    /** The single key of this stage. */
    public static final int KEY = 0;

    /** Counter of item values removed by the sweep. */
    public static final String SWEPT_ITEMS = "sweptItems";

    /** Counter of category lists evicted by {@code popularity.max-categories}. */
    public static final String EVICTED_CATEGORIES = "evictedCategories";

    /** Counter of event-time timers fired by the final watermark that skipped their clearing work. */
    public static final String TIMERS_SKIPPED_AT_END = "timersSkippedAtEndOfInput";

    /** Clock, global list and category count. */
    public static final ValueStateDescriptor<PopularityState> MODEL =
            new ValueStateDescriptor<>("popularity-model", PopularityState.class);

    /** Forward-decayed value of each item. */
    public static final MapStateDescriptor<String, ItemValue> ITEM_VALUES =
            new MapStateDescriptor<>("popularity-item-values", Types.STRING, TypeInformation.of(ItemValue.class));

    /** Top list of each category. */
    public static final MapStateDescriptor<String, BoundedTopList> CATEGORY_LISTS =
            new MapStateDescriptor<>("popularity-category-lists", Types.STRING, TypeInformation.of(BoundedTopList.class));

    /** Time of the pending sweep timer. */
    public static final ValueStateDescriptor<Long> SWEEP_TIMER =
            new ValueStateDescriptor<>("popularity-sweep-timer", Types.LONG);

    private final PopularityModel model;
    private final long ttlMillis;

    private transient ValueState<PopularityState> modelState;
    private transient MapState<String, ItemValue> itemValues;
    private transient MapState<String, BoundedTopList> categoryLists;
    private transient ValueState<Long> sweepTimer;
    private transient StateStore store;
    private transient Counter sweptItems;
    private transient Counter evictedCategories;
    private transient Counter timersSkippedAtEnd;

    public PopularityFunction(Configuration conf) {
        this.model = new PopularityModel(
                EventWeights.from(conf),
                conf.get(RecommendOptions.POPULARITY_HALF_LIFE).toMillis(),
                conf.get(RecommendOptions.POPULARITY_CANDIDATES),
                conf.get(RecommendOptions.POPULARITY_MAX_CATEGORIES));
        this.ttlMillis = conf.get(RecommendOptions.STATE_TTL).toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        modelState = getRuntimeContext().getState(MODEL);
        itemValues = getRuntimeContext().getMapState(ITEM_VALUES);
        categoryLists = getRuntimeContext().getMapState(CATEGORY_LISTS);
        sweepTimer = getRuntimeContext().getState(SWEEP_TIMER);
        sweptItems = getRuntimeContext().getMetricGroup().counter(SWEPT_ITEMS);
        evictedCategories = getRuntimeContext().getMetricGroup().counter(EVICTED_CATEGORIES);
        timersSkippedAtEnd = getRuntimeContext().getMetricGroup().counter(TIMERS_SKIPPED_AT_END);
        store = new StateStore();
    }

    @Override
    public void processElement(EnrichedEvent input, Context ctx, Collector<EnrichedEvent> out) throws Exception {
        PopularityState state = modelState.value();
        if (state == null) {
            state = model.newState();
        }
        long eventTime = input.eventTimeMillis();

        model.update(state, store, input.itemId(), input.event.getCategory(), input.event.getEventType(), eventTime);
        modelState.update(state);

        if (sweepTimer.value() == null) {
            long next = eventTime + ttlMillis;
            sweepTimer.update(next);
            ctx.timerService().registerEventTimeTimer(next);
        }

        input.popularGlobal = model.globalTop(state, eventTime);
        input.popularCategory = model.categoryTop(state, store, input.event.getCategory(), eventTime);
        out.collect(input);
    }

    /**
     * Sweeps out the item values older than {@code state.ttl} and schedules the next sweep. The
     * sweep fired by the final watermark (end of input, or stop with drain) is skipped and counted
     * in {@value #TIMERS_SKIPPED_AT_END}, because the job is ending and the final savepoint keeps
     * the state as it is.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EnrichedEvent> out) throws Exception {
        if (EndOfInput.reached(ctx.timerService())) {
            // Forgetting the fired timer lets a job restored from the final savepoint schedule a new one.
            sweepTimer.clear();
            timersSkippedAtEnd.inc();
            return;
        }
        long cutoff = timestamp - ttlMillis;
        boolean anyLeft = false;
        Iterator<Map.Entry<String, ItemValue>> entries = itemValues.iterator();
        while (entries.hasNext()) {
            if (entries.next().getValue().lastEventTimeMillis <= cutoff) {
                entries.remove();
                sweptItems.inc();
            } else {
                anyLeft = true;
            }
        }

        if (anyLeft) {
            long next = timestamp + ttlMillis;
            sweepTimer.update(next);
            ctx.timerService().registerEventTimeTimer(next);
        } else {
            // Nothing recent is left, so the lists only name forgotten items; start afresh.
            modelState.clear();
            itemValues.clear();
            categoryLists.clear();
            sweepTimer.clear();
        }
    }

    /** Keeps the model's item values and category lists in keyed state. */
    private final class StateStore implements PopularityModel.Store {

        @Override
        public double value(String itemId) throws Exception {
            ItemValue value = itemValues.get(itemId);
            return value == null ? 0.0 : value.value;
        }

        @Override
        public void putValue(String itemId, double value, long eventTimeMillis) throws Exception {
            ItemValue previous = itemValues.get(itemId);
            long lastTime = previous == null ? eventTimeMillis : Math.max(previous.lastEventTimeMillis, eventTimeMillis);
            long firstSeen = previous == null ? eventTimeMillis : Math.min(previous.firstSeenMillis, eventTimeMillis);
            itemValues.put(itemId, new ItemValue(value, lastTime, firstSeen));
        }

        @Override
        public long firstSeenMillis(String itemId) throws Exception {
            ItemValue value = itemValues.get(itemId);
            return value == null ? 0L : value.firstSeenMillis;
        }

        @Override
        public void scaleAll(double factor) throws Exception {
            for (Map.Entry<String, ItemValue> entry : itemValues.entries()) {
                ItemValue value = entry.getValue();
                value.value *= factor;
                entry.setValue(value);
            }
            for (Map.Entry<String, BoundedTopList> entry : categoryLists.entries()) {
                BoundedTopList list = entry.getValue();
                list.scale(factor);
                entry.setValue(list);
            }
        }

        @Override
        public BoundedTopList categoryList(String category) throws Exception {
            return categoryLists.get(category);
        }

        @Override
        public void putCategoryList(String category, BoundedTopList list) throws Exception {
            categoryLists.put(category, list);
        }

        @Override
        public void removeCategoryList(String category) throws Exception {
            categoryLists.remove(category);
            evictedCategories.inc();
        }

        @Override
        public Iterable<Map.Entry<String, BoundedTopList>> categoryLists() throws Exception {
            return categoryLists.entries();
        }
    }
}
