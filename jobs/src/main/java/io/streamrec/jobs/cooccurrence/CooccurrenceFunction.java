package io.streamrec.jobs.cooccurrence;

import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.jobs.profile.RecentItem;
import io.streamrec.jobs.recommend.EndOfInput;
import io.streamrec.jobs.recommend.EnrichedEvent;
import io.streamrec.jobs.recommend.ForwardDecay;
import io.streamrec.jobs.recommend.EventWeights;
import io.streamrec.jobs.recommend.ScoredItem;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;

/**
 * Learns which items are used together and attaches an item's neighbours to its events. Keyed by
 * item id.
 *
 * <p>An event on item i with session items s1..sn (from
 * {@link io.streamrec.jobs.profile.ProfileFunction}) adds
 * {@code w(type) * 2^((t - landmark) / cooccurrence.half-life)} to each pair (i, sj) in i's list,
 * on i's own forward-decay clock. It then attaches i's neighbours, each scored by its pair weight
 * decayed to the event time, best first, ties by item id. A {@link PairUpdate} keyed by sj adds
 * the same pair weight to (sj, i) on sj's clock and emits nothing. An event of weight 0 adds
 * nothing.
 *
 * <p>Ordering: records are applied in arrival order, which at parallelism 1 equals the profile
 * stage's output order. Late records are used like any other.
 *
 * <p>State bounds: at most {@code cooccurrence.neighbours} neighbours per item; a new neighbour
 * that beats the weakest of a full list evicts it and its weight is forgotten. An event-time timer
 * removes an item's state once the watermark passes its last event time plus {@code state.ttl}.
 * Timers fired by the final watermark leave the state in place, so a savepoint taken by a stop with
 * drain contains it without timers, and a job restored from that savepoint never removes it.
 *
 * @see io.streamrec.jobs.profile.ProfileFunction
 */
public class CooccurrenceFunction extends KeyedProcessFunction<String, CooccurrenceInput, EnrichedEvent> {

    private static final long serialVersionUID = 1L;

    /** Counter of pair weights added. */
    public static final String PAIRS_ADDED = "pairsAdded";

    /** Counter of item states removed after {@code state.ttl} without events. */
    public static final String EXPIRED_ITEMS = "expiredItems";

    /** Counter of event-time timers fired by the final watermark that skipped their clearing work. */
    public static final String TIMERS_SKIPPED_AT_END = "timersSkippedAtEndOfInput";

    /** The neighbours of the item. */
    public static final ValueStateDescriptor<NeighbourState> NEIGHBOURS =
            new ValueStateDescriptor<>("neighbours", NeighbourState.class);

    private final EventWeights weights;
    private final int capacity;
    private final long halfLifeMillis;
    private final long ttlMillis;

    private transient ValueState<NeighbourState> neighbours;
    private transient Counter pairsAdded;
    private transient Counter expiredItems;
    private transient Counter timersSkippedAtEnd;

    public CooccurrenceFunction(Configuration conf) {
        this.weights = EventWeights.from(conf);
        this.capacity = conf.get(RecommendOptions.NEIGHBOURS);
        this.halfLifeMillis = conf.get(RecommendOptions.COOCCURRENCE_HALF_LIFE).toMillis();
        this.ttlMillis = conf.get(RecommendOptions.STATE_TTL).toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        neighbours = getRuntimeContext().getState(NEIGHBOURS);
        pairsAdded = getRuntimeContext().getMetricGroup().counter(PAIRS_ADDED);
        expiredItems = getRuntimeContext().getMetricGroup().counter(EXPIRED_ITEMS);
        timersSkippedAtEnd = getRuntimeContext().getMetricGroup().counter(TIMERS_SKIPPED_AT_END);
    }

    @Override
    public void processElement(CooccurrenceInput input, Context ctx, Collector<EnrichedEvent> out) throws Exception {
        NeighbourState state = neighbours.value();

        if (input.pair != null) {
            PairUpdate pair = input.pair;
            state = state != null ? state : new NeighbourState(halfLifeMillis, capacity);
            state.addPair(pair.neighbourId, pair.neighbourCategory, pair.weight, pair.eventTimeMillis);
            pairsAdded.inc();
            scheduleExpiry(state, ctx);
            neighbours.update(state);
            return;
        }

        EnrichedEvent event = input.event;
        long eventTime = event.eventTimeMillis();
        double weight = weights.of(event.event.getEventType());
        List<RecentItem> session = event.profile == null ? List.of() : event.profile.sessionItems;
        if (weight != 0.0 && !session.isEmpty()) {
            state = state != null ? state : new NeighbourState(halfLifeMillis, capacity);
            for (RecentItem item : session) {
                state.addPair(item.itemId, item.category, weight, eventTime);
                pairsAdded.inc();
            }
            scheduleExpiry(state, ctx);
            neighbours.update(state);
        }

        event.neighbours = state == null ? new ArrayList<>() : decayedNeighbours(state, eventTime);
        out.collect(event);
    }

    /**
     * Removes the item's state once it has expired. A timer fired by the final watermark (end of
     * input, or stop with drain) changes nothing and is counted in {@value #TIMERS_SKIPPED_AT_END},
     * because the job is ending and the final savepoint keeps the state as it is.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EnrichedEvent> out) throws Exception {
        if (EndOfInput.reached(ctx.timerService())) {
            timersSkippedAtEnd.inc();
            return;
        }
        NeighbourState state = neighbours.value();
        if (state == null || state.expiryTimerMillis != timestamp) {
            return;
        }
        if (state.lastEventTimeMillis + ttlMillis <= timestamp) {
            neighbours.clear();
            expiredItems.inc();
        } else {
            state.expiryTimerMillis = Long.MIN_VALUE;
            scheduleExpiry(state, ctx);
            neighbours.update(state);
        }
    }

    private void scheduleExpiry(NeighbourState state, Context ctx) {
        if (state.expiryTimerMillis == Long.MIN_VALUE) {
            state.expiryTimerMillis = state.lastEventTimeMillis + ttlMillis;
            ctx.timerService().registerEventTimeTimer(state.expiryTimerMillis);
        }
    }

    private static List<ScoredItem> decayedNeighbours(NeighbourState state, long eventTime) {
        List<ScoredItem> top = state.neighbours.top(state.neighbours.size());
        double growth = state.clock.growth(eventTime);
        for (ScoredItem item : top) {
            item.score = ForwardDecay.finiteScore(item.score / growth);
        }
        return top;
    }
}
