package io.streamrec.jobs.ranking;

import io.streamrec.jobs.recommend.EnrichedEvent;

import java.util.ArrayList;
import java.util.List;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Restores each user's event order before ranking.
 *
 * <p>Between the profile stage and the ranking stage, events travel through the item stage, whose
 * subtasks are chosen by item. Two events of one user on different items can therefore overtake
 * each other, and a list made for an older event would then replace the newer one (and could show
 * an item the user has bought since). The profile stage numbers each user's events
 * ({@code ProfileSnapshot.sequence}); this function passes them on in that order.
 *
 * <p>Contract: keyed by user id. An event whose number is the next one is emitted at once,
 * followed by any held events that now follow on. An event that comes early is held until the gap
 * fills, for at most {@code maxWaitMillis} of processing time, {@code maxHeld} held events, or until
 * the watermark passes a held event's time (which the end of a bounded input also triggers); then
 * the held events are emitted in order and the gap is skipped. An event older than the last
 * emitted one is emitted at once and counted as out of order. Sequence 1 means the profile was
 * created anew (first event, or after the profile expired), which restarts the numbering.
 *
 * <p>State: the next expected number and the held events. Held events are bounded by
 * {@code maxHeld} and leave by the timer; the expected number is cleared after
 * {@code idleMillis} of processing time without events.
 */
public class UserOrderFunction extends KeyedProcessFunction<String, EnrichedEvent, EnrichedEvent> {

    private static final long serialVersionUID = 1L;

    /** Counter of events that arrived after a later event of the same user had been emitted. */
    public static final String OUT_OF_ORDER = "outOfOrderEvents";

    /** Counter of events held back until an earlier event of the same user arrived. */
    public static final String HELD = "heldEvents";

    /** Counter of gaps given up on after the wait. */
    public static final String GAPS_SKIPPED = "sequenceGapsSkipped";

    public static final ValueStateDescriptor<Long> NEXT_SEQUENCE =
            new ValueStateDescriptor<>("next-sequence", Types.LONG);

    public static final MapStateDescriptor<Long, EnrichedEvent> HELD_EVENTS =
            new MapStateDescriptor<>("held-events", Types.LONG, TypeInformation.of(EnrichedEvent.class));

    public static final ValueStateDescriptor<Long> TIMER = new ValueStateDescriptor<>("order-timer", Types.LONG);

    private final long maxWaitMillis;
    private final int maxHeld;
    private final long idleMillis;

    private transient ValueState<Long> nextSequence;
    private transient MapState<Long, EnrichedEvent> held;
    private transient ValueState<Long> timer;
    private transient Counter outOfOrder;
    private transient Counter heldCounter;
    private transient Counter gapsSkipped;

    public UserOrderFunction(long maxWaitMillis, int maxHeld, long idleMillis) {
        this.maxWaitMillis = maxWaitMillis;
        this.maxHeld = maxHeld;
        this.idleMillis = idleMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        nextSequence = getRuntimeContext().getState(NEXT_SEQUENCE);
        held = getRuntimeContext().getMapState(HELD_EVENTS);
        timer = getRuntimeContext().getState(TIMER);
        outOfOrder = getRuntimeContext().getMetricGroup().counter(OUT_OF_ORDER);
        heldCounter = getRuntimeContext().getMetricGroup().counter(HELD);
        gapsSkipped = getRuntimeContext().getMetricGroup().counter(GAPS_SKIPPED);
    }

    @Override
    public void processElement(EnrichedEvent event, Context ctx, Collector<EnrichedEvent> out) throws Exception {
        long sequence = event.profile == null ? 0 : event.profile.sequence;
        Long expected = nextSequence.value();

        if (sequence <= 0) {
            // Unnumbered events (built without a profile stage) pass straight through.
            out.collect(event);
            return;
        }
        if (sequence == 1 && expected != null && expected != 1) {
            // A new profile: whatever is held belongs to the old one and is older.
            flushHeld(out);
            expected = null;
        }
        if (expected == null || sequence == expected) {
            out.collect(event);
            emitFollowers(sequence + 1, out);
        } else if (sequence < expected) {
            outOfOrder.inc();
            out.collect(event);
        } else {
            heldCounter.inc();
            held.put(sequence, event);
            // When the watermark passes the held event, its predecessors are late or lost: the end of
            // a bounded input or a drain also fires this timer, so nothing stays held at the end.
            ctx.timerService().registerEventTimeTimer(event.eventTimeMillis());
            if (count(held) >= maxHeld) {
                gapsSkipped.inc();
                flushHeld(out);
            }
        }
        scheduleTimer(ctx);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EnrichedEvent> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            if (!held.isEmpty()) {
                gapsSkipped.inc();
                flushHeld(out);
                scheduleTimer(ctx);
            }
            return;
        }
        timer.clear();
        if (!held.isEmpty()) {
            gapsSkipped.inc();
            flushHeld(out);
            scheduleTimer(ctx);
        } else {
            nextSequence.clear();
        }
    }

    /** Emits held events from {@code from} on while they follow without a gap. */
    private void emitFollowers(long from, Collector<EnrichedEvent> out) throws Exception {
        long next = from;
        EnrichedEvent follower;
        while ((follower = held.get(next)) != null) {
            held.remove(next);
            out.collect(follower);
            next++;
        }
        nextSequence.update(next);
    }

    /** Emits every held event in sequence order and expects the one after the last. */
    private void flushHeld(Collector<EnrichedEvent> out) throws Exception {
        List<Long> sequences = new ArrayList<>();
        for (Long sequence : held.keys()) {
            sequences.add(sequence);
        }
        sequences.sort(Long::compare);
        for (Long sequence : sequences) {
            out.collect(held.get(sequence));
        }
        held.clear();
        if (!sequences.isEmpty()) {
            nextSequence.update(sequences.get(sequences.size() - 1) + 1);
        }
    }

    /** Schedules the user's one processing-time timer: soon while events are held, else at the idle expiry. */
    private void scheduleTimer(Context ctx) throws Exception {
        Long current = timer.value();
        long now = ctx.timerService().currentProcessingTime();
        long due = held.isEmpty() ? now + idleMillis : now + maxWaitMillis;
        if (current != null) {
            if (!held.isEmpty() && current <= due) {
                return;
            }
            ctx.timerService().deleteProcessingTimeTimer(current);
        }
        ctx.timerService().registerProcessingTimeTimer(due);
        timer.update(due);
    }

    private static int count(MapState<Long, EnrichedEvent> state) throws Exception {
        int count = 0;
        for (Long ignored : state.keys()) {
            count++;
        }
        return count;
    }
}
