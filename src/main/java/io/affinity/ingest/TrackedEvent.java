package io.affinity.ingest;

import java.time.Instant;
import java.util.Objects;

/**
 * One validated event, ready to store: the Segment call plus the typed e-commerce fields models learn from.
 *
 * @param ts the event time after clock-skew correction (never more than {@link EventReader#MAX_FUTURE_SKEW} ahead of
 *     receivedAt)
 * @param name the name of a page or screen call
 * @param groupId the group of a group call
 * @param properties properties, traits, context: the JSON objects as sent
 * @param claimedTs the event time the client claimed when it was too far ahead and {@code ts} was set to
 *     receivedAt; null when the claimed time was kept
 */
public record TrackedEvent(
        String messageId,
        CallType type,
        EventKind kind,
        String event,
        String userId,
        String anonymousId,
        String previousId,
        Instant ts,
        Instant receivedAt,
        Instant sentAt,
        Instant originalTimestamp,
        String productId,
        String category,
        Double price,
        Integer quantity,
        String orderId,
        Double revenue,
        String promotionId,
        String name,
        String groupId,
        RawJson properties,
        RawJson traits,
        RawJson context,
        Instant claimedTs) {

    public TrackedEvent {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (userId == null && anonymousId == null) {
            throw new IllegalArgumentException("userId or anonymousId is required");
        }
    }

    /** The identity this event is about: the user id when known, else the anonymous id. */
    public String identity() {
        return userId != null ? userId : anonymousId;
    }
}
