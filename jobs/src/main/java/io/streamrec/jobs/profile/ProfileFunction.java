package io.streamrec.jobs.profile;

import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.jobs.cooccurrence.CooccurrenceInput;
import io.streamrec.jobs.cooccurrence.PairUpdate;
import io.streamrec.jobs.recommend.BoundedTopList;
import io.streamrec.jobs.recommend.EndOfInput;
import io.streamrec.jobs.recommend.EnrichedEvent;
import io.streamrec.jobs.recommend.EventWeights;
import io.streamrec.jobs.recommend.ForwardDecay;
import io.streamrec.jobs.recommend.ScoredItem;
import io.streamrec.schemas.EventType;
import io.streamrec.schemas.StorefrontEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps each user's profile and enriches the user's events with it. Keyed by user id.
 *
 * <p>Per event, in this order:
 *
 * <ol>
 *   <li>Duplicates: an event whose id this user already sent with an event time at most
 *       {@code dedupe.window} apart is dropped and counted in {@value #DUPLICATES}. Ids are
 *       remembered until the watermark passes their event time plus the window, and at most
 *       {@code dedupe.max-ids} per user; beyond that the id with the oldest event time is forgotten
 *       first ({@value #DEDUPE_EVICTIONS}).
 *   <li>Session: the recent items chained to the event by gaps of at most
 *       {@code profile.session-gap} form the session; its newest {@code cooccurrence.session-items}
 *       distinct items other than the event's item each produce one {@link PairUpdate} keyed by
 *       that item, carrying the event's item and the event-type weight (none for weight 0).
 *   <li>Profile: the event goes first in the recent items (cap {@code profile.recent-items}), a
 *       purchase adds its item to the purchased items (cap {@code profile.purchased-items}, oldest
 *       dropped), and the event's category gains {@code weight * 2^((t - landmark) / affinity half-life)} of
 *       forward-decayed affinity (cap {@code profile.categories}, weakest dropped).
 *   <li>Output: the pair updates, then the event with a {@link ProfileSnapshot}, all as
 *       {@link CooccurrenceInput} records.
 * </ol>
 *
 * <p>Ordering and lateness: events are applied in arrival order. A late event is still used; it
 * goes first in the recent items although an event with a later time arrived before it.
 *
 * <p>State bounds: caps as above, and an event-time timer removes the whole profile and the
 * remembered ids once the watermark passes the user's last event time plus {@code state.ttl}.
 * Timers fired by the final watermark leave the state in place, so a savepoint taken by a stop
 * with drain contains it without timers.
 *
 * <p>NOTE: a job restored from such a savepoint has no expiry timers for those profiles and never
 * removes them. Take the savepoints of upgrades without drain, as Flink recommends for a job that
 * will be resumed.
 */
public class ProfileFunction extends KeyedProcessFunction<String, EnrichedEvent, CooccurrenceInput> {

    private static final long serialVersionUID = 1L;

    /** Counter of dropped duplicate events. */
    public static final String DUPLICATES = "duplicateEvents";

    /** Counter of event ids forgotten early because a user reached {@code dedupe.max-ids}. */
    public static final String DEDUPE_EVICTIONS = "dedupeIdsEvicted";

    /** Counter of events from users without a profile. */
    public static final String NEW_USERS = "newUserEvents";

    /** Counter of profiles removed after {@code state.ttl} without events. */
    public static final String EXPIRED_PROFILES = "expiredProfiles";

    /** Counter of event-time timers fired by the final watermark that skipped their clearing work. */
    public static final String TIMERS_SKIPPED_AT_END = "timersSkippedAtEndOfInput";

    /** The user's profile. */
    public static final ValueStateDescriptor<ProfileState> PROFILE =
            new ValueStateDescriptor<>("profile", ProfileState.class);

    /** Event ids seen recently, with their event times. */
    public static final MapStateDescriptor<String, Long> SEEN_EVENT_IDS =
            new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.LONG);

    /**
     * Cutoff of the last pass that forgot event ids: every id with an event time at or before it is
     * gone. Absent while no ids are remembered.
     */
    public static final ValueStateDescriptor<Long> SEEN_EVENT_IDS_SWEPT_UNTIL =
            new ValueStateDescriptor<>("seen-event-ids-swept-until", Types.LONG);

    /** Number of entries in {@link #SEEN_EVENT_IDS}, so that the cap needs no scan. */
    public static final ValueStateDescriptor<Integer> SEEN_EVENT_ID_COUNT =
            new ValueStateDescriptor<>("seen-event-id-count", Types.INT);

    private final EventWeights weights;
    private final int recentCap;
    private final int purchasedCap;
    private final int categoriesCap;
    private final int sessionItems;
    private final long sessionGapMillis;
    private final long affinityHalfLifeMillis;
    private final long ttlMillis;
    private final long dedupeWindowMillis;
    private final int dedupeMaxIds;

    private transient ValueState<ProfileState> profile;
    private transient MapState<String, Long> seenIds;
    private transient ValueState<Integer> seenIdCount;
    private transient ValueState<Long> seenIdsSweptUntil;
    private transient Counter duplicates;
    private transient Counter dedupeEvictions;
    private transient Counter newUsers;
    private transient Counter expiredProfiles;
    private transient Counter timersSkippedAtEnd;

    public ProfileFunction(Configuration conf) {
        this.weights = EventWeights.from(conf);
        this.recentCap = conf.get(RecommendOptions.PROFILE_RECENT_ITEMS);
        this.purchasedCap = conf.get(RecommendOptions.PROFILE_PURCHASED_ITEMS);
        this.categoriesCap = conf.get(RecommendOptions.PROFILE_CATEGORIES);
        this.sessionItems = conf.get(RecommendOptions.SESSION_ITEMS);
        this.sessionGapMillis = conf.get(RecommendOptions.SESSION_GAP).toMillis();
        this.affinityHalfLifeMillis = conf.get(RecommendOptions.AFFINITY_HALF_LIFE).toMillis();
        this.ttlMillis = conf.get(RecommendOptions.STATE_TTL).toMillis();
        this.dedupeWindowMillis = conf.get(RecommendOptions.DEDUPE_WINDOW).toMillis();
        this.dedupeMaxIds = conf.get(RecommendOptions.DEDUPE_MAX_IDS);
    }

    @Override
    public void open(OpenContext openContext) {
        profile = getRuntimeContext().getState(PROFILE);
        seenIds = getRuntimeContext().getMapState(SEEN_EVENT_IDS);
        seenIdCount = getRuntimeContext().getState(SEEN_EVENT_ID_COUNT);
        seenIdsSweptUntil = getRuntimeContext().getState(SEEN_EVENT_IDS_SWEPT_UNTIL);
        duplicates = getRuntimeContext().getMetricGroup().counter(DUPLICATES);
        dedupeEvictions = getRuntimeContext().getMetricGroup().counter(DEDUPE_EVICTIONS);
        newUsers = getRuntimeContext().getMetricGroup().counter(NEW_USERS);
        expiredProfiles = getRuntimeContext().getMetricGroup().counter(EXPIRED_PROFILES);
        timersSkippedAtEnd = getRuntimeContext().getMetricGroup().counter(TIMERS_SKIPPED_AT_END);
    }

    @Override
    public void processElement(EnrichedEvent input, Context ctx, Collector<CooccurrenceInput> out) throws Exception {
        StorefrontEvent event = input.event;
        long eventTime = input.eventTimeMillis();

        if (isDuplicate(event.getEventId(), eventTime)) {
            duplicates.inc();
            return;
        }
        rememberEventId(event.getEventId(), eventTime, ctx);

        ProfileState state = profile.value();
        boolean newUser = state == null;
        if (newUser) {
            newUsers.inc();
            state = new ProfileState();
            state.affinityClock = new ForwardDecay(affinityHalfLifeMillis);
            state.affinities = new BoundedTopList(Math.max(1, categoriesCap));
        }
        String previousItemId = newUser || state.recent.isEmpty() ? null : state.recent.get(0).itemId;

        List<RecentItem> session = sessionItems(state.recent, event.getItemId(), eventTime);
        double weight = weights.of(event.getEventType());
        if (weight != 0.0) {
            for (RecentItem item : session) {
                out.collect(CooccurrenceInput.of(new PairUpdate(
                        item.itemId, event.getItemId(), event.getCategory(), weight, eventTime)));
            }
        }

        apply(state, event, eventTime, weight);
        state.eventCount++;
        scheduleExpiry(state, ctx);
        profile.update(state);

        input.profile = snapshot(state, session, newUser, previousItemId, eventTime);
        input.profile.sequence = state.eventCount;
        out.collect(CooccurrenceInput.of(input));
    }

    /**
     * Forgets event ids older than the dedupe window and removes the profile once it has expired.
     *
     * <p>A timer fired by the final watermark (end of input, or stop with drain) changes nothing and
     * is counted in {@value #TIMERS_SKIPPED_AT_END}: the job is ending, so clearing state there only
     * costs time, and the final savepoint keeps the state as it is.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CooccurrenceInput> out) throws Exception {
        if (EndOfInput.reached(ctx.timerService())) {
            timersSkippedAtEnd.inc();
            return;
        }
        forgetExpiredEventIds(timestamp, ctx.timerService().currentWatermark());

        ProfileState state = profile.value();
        if (state == null || state.expiryTimerMillis != timestamp) {
            return;
        }
        if (state.lastEventTimeMillis + ttlMillis <= timestamp) {
            profile.clear();
            seenIds.clear();
            seenIdCount.clear();
            seenIdsSweptUntil.clear();
            expiredProfiles.inc();
        } else {
            state.expiryTimerMillis = Long.MIN_VALUE;
            scheduleExpiry(state, ctx);
            profile.update(state);
        }
    }

    private boolean isDuplicate(String eventId, long eventTime) throws Exception {
        Long seenAt = seenIds.get(eventId);
        return seenAt != null && Math.abs(seenAt - eventTime) <= dedupeWindowMillis;
    }

    private void rememberEventId(String eventId, long eventTime, Context ctx) throws Exception {
        int count = seenIdCount.value() == null ? 0 : seenIdCount.value();
        if (!seenIds.contains(eventId)) {
            if (count >= dedupeMaxIds) {
                evictOldestEventId();
                dedupeEvictions.inc();
            } else {
                count++;
            }
        }
        seenIds.put(eventId, eventTime);
        seenIdCount.update(count);
        Long sweptUntil = seenIdsSweptUntil.value();
        if (sweptUntil != null && eventTime <= sweptUntil) {
            // A late id that an earlier pass would have forgotten: its timer has to sweep again.
            seenIdsSweptUntil.clear();
        }
        ctx.timerService().registerEventTimeTimer(eventTime + dedupeWindowMillis);
    }

    private void evictOldestEventId() throws Exception {
        String oldest = null;
        long oldestTime = Long.MAX_VALUE;
        for (Map.Entry<String, Long> entry : seenIds.entries()) {
            if (entry.getValue() < oldestTime) {
                oldest = entry.getKey();
                oldestTime = entry.getValue();
            }
        }
        if (oldest != null) {
            seenIds.remove(oldest);
        }
    }

    /**
     * Forgets, in one pass, every event id whose event time is at most the watermark minus the
     * dedupe window. A timer whose ids an earlier pass already forgot costs one state read instead:
     * when the watermark jumps, all of a user's id timers fire together, and a pass for each would
     * take time quadratic in the user's number of events.
     */
    private void forgetExpiredEventIds(long timestamp, long watermark) throws Exception {
        Long sweptUntil = seenIdsSweptUntil.value();
        if (sweptUntil != null && timestamp - dedupeWindowMillis <= sweptUntil) {
            return;
        }
        // The watermark is at least the timer's time here, so this cutoff covers the timer's ids.
        long cutoff = watermark - dedupeWindowMillis;
        if (forgetEventIdsBefore(cutoff)) {
            seenIdsSweptUntil.update(cutoff);
        } else {
            seenIdsSweptUntil.clear();
        }
    }

    /** Forgets every event id whose event time is at most {@code cutoff}; returns whether ids remain. */
    private boolean forgetEventIdsBefore(long cutoff) throws Exception {
        Integer count = seenIdCount.value();
        if (count == null) {
            return false;
        }
        Iterator<Map.Entry<String, Long>> entries = seenIds.iterator();
        while (entries.hasNext()) {
            if (entries.next().getValue() <= cutoff) {
                entries.remove();
                count--;
            }
        }
        if (count <= 0) {
            // Removing the last entry through the iterator can leave an empty map behind.
            seenIds.clear();
            seenIdCount.clear();
            return false;
        }
        seenIdCount.update(count);
        return true;
    }

    /** Returns the distinct items chained to the event by gaps of at most the session gap, newest first. */
    private List<RecentItem> sessionItems(List<RecentItem> recent, String eventItemId, long eventTime) {
        List<RecentItem> session = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        seen.add(eventItemId);
        long chainTime = eventTime;
        for (RecentItem item : recent) {
            if (session.size() >= sessionItems || Math.abs(chainTime - item.eventTimeMillis) > sessionGapMillis) {
                break;
            }
            chainTime = item.eventTimeMillis;
            if (seen.add(item.itemId)) {
                session.add(item);
            }
        }
        return session;
    }

    private void apply(ProfileState state, StorefrontEvent event, long eventTime, double weight) {
        state.recent.add(0, new RecentItem(event.getItemId(), event.getCategory(), event.getEventType(), eventTime));
        while (state.recent.size() > recentCap) {
            state.recent.remove(state.recent.size() - 1);
        }

        if (event.getEventType() == EventType.PURCHASE && purchasedCap > 0) {
            state.purchased.remove(event.getItemId());
            state.purchased.add(0, event.getItemId());
            while (state.purchased.size() > purchasedCap) {
                state.purchased.remove(state.purchased.size() - 1);
            }
        }

        double factor = state.affinityClock.rebaseFactor(eventTime);
        if (factor != 1.0) {
            state.affinities.scale(factor);
        }
        if (event.getCategory() != null && categoriesCap > 0 && weight > 0.0) {
            state.affinities.add(event.getCategory(), null, weight * state.affinityClock.growth(eventTime));
        }

        state.lastEventTimeMillis = Math.max(state.lastEventTimeMillis, eventTime);
    }

    private void scheduleExpiry(ProfileState state, Context ctx) {
        if (state.expiryTimerMillis == Long.MIN_VALUE) {
            state.expiryTimerMillis = state.lastEventTimeMillis + ttlMillis;
            ctx.timerService().registerEventTimeTimer(state.expiryTimerMillis);
        }
    }

    private static ProfileSnapshot snapshot(
            ProfileState state, List<RecentItem> session, boolean newUser, String previousItemId, long eventTime) {
        ProfileSnapshot snapshot = new ProfileSnapshot();
        snapshot.recentItems = new ArrayList<>(state.recent);
        snapshot.sessionItems = session;
        snapshot.purchasedItems = new ArrayList<>(state.purchased);
        snapshot.newUser = newUser;
        snapshot.previousItemId = previousItemId;

        List<ScoredItem> categories = state.affinities.top(state.affinities.size());
        double growth = state.affinityClock.growth(eventTime);
        for (ScoredItem category : categories) {
            category.score = ForwardDecay.finiteScore(category.score / growth);
        }
        snapshot.topCategories = categories;
        return snapshot;
    }
}
