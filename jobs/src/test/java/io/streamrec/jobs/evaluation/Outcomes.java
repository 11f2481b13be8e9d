package io.streamrec.jobs.evaluation;

import io.streamrec.jobs.ranking.RankingOutcome;
import io.streamrec.schemas.EventType;

import java.util.ArrayList;
import java.util.List;

/** Test-data builder of {@link RankingOutcome}s with readable defaults. */
final class Outcomes {

    /** Start of the first test window: 2026-01-01T00:00:00Z. */
    static final long T0 = 1_767_225_600_000L;

    static final long SECOND = 1_000L;

    static final long MINUTE = 60 * SECOND;

    private final RankingOutcome event = new RankingOutcome();

    private Outcomes(String model) {
        event.model = model;
        event.variant = "default";
        event.userId = "u1";
        event.eventId = "e" + System.nanoTime();
        event.eventItemId = "i1";
        event.eventType = EventType.VIEW;
        event.eventTimeMillis = T0;
        event.nextNewItem = true;
        event.previousListSize = 20;
        event.arrivalMillis = 1_000L;
        event.emittedAtMillis = 1_005L;
    }

    /** Starts an outcome of a returning user of {@code model}, missed, at T0. */
    static Outcomes outcome(String model) {
        return new Outcomes(model);
    }

    Outcomes variant(String variant) {
        event.variant = variant;
        return this;
    }

    Outcomes user(String userId) {
        event.userId = userId;
        return this;
    }

    Outcomes id(String eventId) {
        event.eventId = eventId;
        return this;
    }

    Outcomes item(String itemId) {
        event.eventItemId = itemId;
        return this;
    }

    Outcomes type(EventType type) {
        event.eventType = type;
        return this;
    }

    Outcomes at(long eventTime) {
        event.eventTimeMillis = eventTime;
        return this;
    }

    Outcomes rank(int rank) {
        event.rank = rank;
        return this;
    }

    Outcomes newUser() {
        event.newUser = true;
        event.rank = 0;
        event.previousListSize = 0;
        return this;
    }

    Outcomes repeatedItem() {
        event.nextNewItem = false;
        return this;
    }

    Outcomes fallback() {
        event.mostlyFallback = true;
        return this;
    }

    Outcomes latency(long millis) {
        event.emittedAtMillis = event.arrivalMillis + millis;
        return this;
    }

    Outcomes recommended(String... items) {
        event.newListItemIds = new ArrayList<>(List.of(items));
        return this;
    }

    RankingOutcome build() {
        return event;
    }
}
