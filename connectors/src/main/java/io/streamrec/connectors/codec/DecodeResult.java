package io.streamrec.connectors.codec;

import java.util.Objects;

import io.streamrec.schemas.RejectedEvent;
import io.streamrec.schemas.StorefrontEvent;

/** The outcome of decoding one input record: either a valid event or its rejection. */
public final class DecodeResult {

    private final StorefrontEvent event;
    private final RejectedEvent rejection;

    private DecodeResult(StorefrontEvent event, RejectedEvent rejection) {
        this.event = event;
        this.rejection = rejection;
    }

    public static DecodeResult valid(StorefrontEvent event) {
        return new DecodeResult(Objects.requireNonNull(event, "event"), null);
    }

    public static DecodeResult rejected(RejectedEvent rejection) {
        return new DecodeResult(null, Objects.requireNonNull(rejection, "rejection"));
    }

    public boolean isValid() {
        return event != null;
    }

    /**
     * Returns the decoded event.
     *
     * @throws IllegalStateException if the record was rejected
     */
    public StorefrontEvent event() {
        if (event == null) {
            throw new IllegalStateException("Record was rejected: " + rejection.getReason() + " " + rejection.getDetail());
        }
        return event;
    }

    /**
     * Returns the rejection to publish to the dead-letter topic.
     *
     * @throws IllegalStateException if the record is valid
     */
    public RejectedEvent rejection() {
        if (rejection == null) {
            throw new IllegalStateException("Record is valid: " + event.getEventId());
        }
        return rejection;
    }

    /**
     * Returns the reason of the rejection.
     *
     * @throws IllegalStateException if the record is valid
     */
    public RejectReason reason() {
        return RejectReason.valueOf(rejection().getReason());
    }

    @Override
    public String toString() {
        return isValid() ? "valid " + event : "rejected " + rejection.getReason() + ": " + rejection.getDetail();
    }
}
