package io.affinity.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.affinity.ingest.RequestParser.RawEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

/**
 * Turns one Segment call (a JSON object, as raw bytes) into a {@link TrackedEvent}, or says exactly which field is
 * wrong. One streaming pass, no tree: properties, traits and context are kept as the bytes the producer sent.
 *
 * <p>Rules: {@code type} is required; {@code userId} or {@code anonymousId} is required; {@code track} needs
 * {@code event}; {@code alias} needs {@code previousId}; timestamps are ISO-8601 with an offset; strings may not
 * hold NUL or broken surrogates (PostgreSQL cannot store them); the e-commerce fields of a typed interaction must
 * have their types. The event time follows Segment's clock-skew correction.
 */
public final class EventReader {

    /** Largest accepted event, as Segment's limit. */
    public static final int MAX_EVENT_BYTES = 32 * 1024;

    static final int MAX_ID_LENGTH = 255;
    /**
     * How far ahead of the server's clock an event time may be; past it the event is stored at its receive time and
     * the claimed time kept in {@code claimed_ts}.
     */
    public static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(10);

    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    private EventReader() {}

    /**
     * Validates and types one event.
     *
     * @param batch values the whole request supplies (receive time, batch sentAt/context, forced type)
     * @param sourceId the source, part of the server-made messageId
     * @param fallbackIdSeed when not null, makes the server-made messageId of an event without messageId and without
     *     a client time repeatable (bulk files: the file and line)
     * @throws EventRejectedException naming the field and the reason
     */
    public static TrackedEvent read(RawEvent raw, BatchContext batch, long sourceId, String fallbackIdSeed)
            throws EventRejectedException {
        if (raw.len() > MAX_EVENT_BYTES) {
            throw new EventRejectedException(
                    null, "event is " + raw.len() + " bytes, over the limit of " + MAX_EVENT_BYTES + " bytes");
        }
        Fields f;
        if (raw.read() != null) { // read while the batch was parsed
            if (raw.read().rejection() != null) {
                throw raw.read().rejection();
            }
            f = raw.read().fields();
        } else {
            String problem = JsonText.problem(raw.buf(), raw.off(), raw.len());
            if (problem != null) {
                throw new EventRejectedException(locate(raw), problem);
            }
            try (JsonParser p = RequestParser.JSON.createParser(raw.buf(), raw.off(), raw.len())) {
                f = readFields(p, p.nextToken(), raw.buf(), raw.off());
            } catch (JsonProcessingException e) {
                throw new EventRejectedException(
                        null, "malformed JSON: " + io.affinity.platform.JsonErrors.plain(e.getOriginalMessage()));
            } catch (IOException e) {
                throw new EventRejectedException(null, "unreadable event: " + e.getMessage());
            }
        }
        return build(f, raw, batch, sourceId, fallbackIdSeed);
    }

    /** The fields of one event as read from the request, or why it cannot be read. */
    public record Read(Fields fields, EventRejectedException rejection) {}

    /**
     * Reads one event of a batch from the request's own parser, positioned on the event's first token, and leaves
     * the parser after the event whatever happens: the batch is tokenized once.
     *
     * @throws IOException for malformed JSON, which refuses the whole request
     */
    static Read readInBatch(JsonParser p, JsonToken first, byte[] body) throws IOException {
        JsonStreamContext outside = first == JsonToken.START_OBJECT || first == JsonToken.START_ARRAY
                ? p.getParsingContext().getParent()
                : p.getParsingContext();
        try {
            return new Read(readFields(p, first, body, 0), null);
        } catch (EventRejectedException e) {
            while (p.getParsingContext() != outside) {
                p.nextToken();
            }
            return new Read(null, e);
        }
    }

    /** Reads the fields of an event from {@code first} to its closing brace; offsets are relative to {@code base}. */
    private static Fields readFields(JsonParser p, JsonToken first, byte[] buf, int base)
            throws IOException, EventRejectedException {
        if (first != JsonToken.START_OBJECT) {
            throw new EventRejectedException(null, "event must be a JSON object, got " + describe(first));
        }
        Fields f = new Fields();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "type" -> f.type = typeText(p, v);
                case "userId" -> f.userId = id(p, v, name);
                case "anonymousId" -> f.anonymousId = id(p, v, name);
                case "previousId" -> f.previousId = id(p, v, name);
                case "messageId" -> f.messageId = id(p, v, name);
                case "event" -> f.event = text(p, v, name, 200);
                case "name" -> f.name = text(p, v, name, MAX_ID_LENGTH);
                case "groupId" -> f.groupId = id(p, v, name);
                case "timestamp" -> f.timestamp = time(p, v, name);
                case "originalTimestamp" -> f.originalTimestamp = time(p, v, name);
                case "sentAt" -> f.sentAt = time(p, v, name);
                case "properties" -> f.properties = Properties.scan(p, v, buf, base);
                case "traits" -> f.traits = object(p, v, name, buf, base);
                case "context" -> f.context = object(p, v, name, buf, base);
                default -> p.skipChildren();
            }
        }
        return f;
    }

    private static TrackedEvent build(Fields f, RawEvent raw, BatchContext batch, long sourceId, String seed)
            throws EventRejectedException {
        CallType type = batch.forcedType() != null ? batch.forcedType() : callType(f.type);
        if (f.userId == null && f.anonymousId == null) {
            throw new EventRejectedException("userId", "userId or anonymousId is required");
        }
        if (type == CallType.ALIAS && (f.previousId == null || f.userId == null)) {
            throw new EventRejectedException(
                    f.previousId == null ? "previousId" : "userId", "alias needs both previousId and userId");
        }
        EventKind kind;
        if (type == CallType.TRACK) {
            if (f.event == null || f.event.isBlank()) {
                throw new EventRejectedException("event", "track needs a non-empty event name");
            }
            kind = EventKind.ofTrack(f.event);
        } else {
            kind = EventKind.valueOf(type.name());
        }
        Properties props = f.properties == null ? Properties.NONE : f.properties;
        props.check(kind);
        Instant sentAt = f.sentAt != null ? f.sentAt : batch.sentAt();
        Instant ts = eventTime(f.timestamp, f.originalTimestamp, sentAt, batch.receivedAt());
        Instant claimed = null;
        if (ts.isAfter(batch.receivedAt().plus(MAX_FUTURE_SKEW))) {
            // A wrong client clock: kept at the time it arrived, so one client cannot move everyone's "latest event".
            claimed = ts;
            ts = batch.receivedAt();
        }
        String messageId = f.messageId != null
                ? f.messageId
                : serverMessageId(raw, sourceId, f.timestamp != null || f.originalTimestamp != null, seed);
        boolean product = kind == EventKind.PRODUCT_VIEWED
                || kind == EventKind.PRODUCT_CLICKED
                || kind == EventKind.PRODUCT_ADDED;
        boolean order = kind == EventKind.ORDER_COMPLETED;
        boolean subscription = kind == EventKind.SUBSCRIPTION_STARTED
                || kind == EventKind.SUBSCRIPTION_RENEWED
                || kind == EventKind.SUBSCRIPTION_CANCELLED;
        boolean promotion = kind == EventKind.PROMOTION_VIEWED || kind == EventKind.PROMOTION_CLICKED;
        return new TrackedEvent(
                messageId,
                type,
                kind,
                f.event,
                f.userId,
                f.anonymousId,
                f.previousId,
                ts,
                batch.receivedAt(),
                sentAt,
                f.originalTimestamp,
                product ? props.productId() : null,
                product ? props.category : null,
                product ? props.price : null,
                product ? props.quantity() : null,
                order ? props.orderId : null,
                order ? props.revenueOrTotal() : subscription ? props.revenue : null,
                promotion ? props.promotionId : null,
                f.name,
                f.groupId,
                f.properties == null ? null : f.properties.raw,
                f.traits,
                f.context != null ? f.context : batch.context(),
                claimed);
    }

    /** Segment: an explicit timestamp wins; else receivedAt - (sentAt - originalTimestamp); else the client time. */
    static Instant eventTime(Instant timestamp, Instant original, Instant sentAt, Instant receivedAt) {
        if (timestamp != null) {
            return timestamp;
        }
        if (original != null && sentAt != null) {
            return receivedAt.minus(Duration.between(original, sentAt));
        }
        return original != null ? original : receivedAt;
    }

    /**
     * A messageId for an event that came without one. With a client time (or a bulk-file seed), it is a hash of the
     * event, so a replay of the same event is recognised; otherwise nothing tells two identical events apart and
     * each gets a fresh id.
     */
    private static String serverMessageId(RawEvent raw, long sourceId, boolean hasClientTime, String seed) {
        if (!hasClientTime && seed == null) {
            return "srv-" + UUID.randomUUID();
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Long.toString(sourceId).getBytes(StandardCharsets.UTF_8));
            if (!hasClientTime) {
                sha.update(seed.getBytes(StandardCharsets.UTF_8));
            }
            sha.update(raw.buf(), raw.off(), raw.len());
            return "srv-"
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(sha.digest())
                            .substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CallType callType(String type) throws EventRejectedException {
        if (type == null) {
            throw new EventRejectedException("type", "type is required (track, identify, page, screen, group, alias)");
        }
        return CallType.parse(type)
                .orElseThrow(() -> new EventRejectedException(
                        "type", "unknown type '" + type + "' (track, identify, page, screen, group, alias)"));
    }

    private static String typeText(JsonParser p, JsonToken v) throws IOException, EventRejectedException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.VALUE_STRING) {
            p.skipChildren();
            throw new EventRejectedException("type", "type must be a string, got " + describe(v));
        }
        return p.getText();
    }

    /** Ids are strings; integral numbers are taken as their decimal text, as Segment's libraries do. */
    private static String id(JsonParser p, JsonToken v, String field) throws IOException, EventRejectedException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.VALUE_STRING && v != JsonToken.VALUE_NUMBER_INT) {
            throw new EventRejectedException(field, field + " must be a string, got " + describe(v));
        }
        String s = p.getText();
        if (s.isBlank()) {
            return null;
        }
        if (s.length() > MAX_ID_LENGTH) {
            throw new EventRejectedException(field, field + " is longer than " + MAX_ID_LENGTH + " characters");
        }
        return s;
    }

    private static String text(JsonParser p, JsonToken v, String field, int maxLength)
            throws IOException, EventRejectedException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.VALUE_STRING) {
            throw new EventRejectedException(field, field + " must be a string, got " + describe(v));
        }
        String s = p.getText();
        if (s.length() > maxLength) {
            throw new EventRejectedException(field, field + " is longer than " + maxLength + " characters");
        }
        return s;
    }

    private static Instant time(JsonParser p, JsonToken v, String field) throws IOException, EventRejectedException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.VALUE_STRING) {
            throw new EventRejectedException(field, field + " must be an ISO-8601 string, got " + describe(v));
        }
        return parseTime(p.getText(), field);
    }

    static Instant parseTime(String text, String field) throws EventRejectedException {
        Instant t;
        try {
            t = IsoTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new EventRejectedException(
                    field,
                    field + " is not an ISO-8601 date-time with offset (e.g. 2026-11-29T08:00:00.000Z): '"
                            + abbreviate(text) + "'");
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw new EventRejectedException(field, field + " is outside 1970..2200: " + text);
        }
        return t;
    }

    private static RawJson object(JsonParser p, JsonToken v, String field, byte[] buf, int base)
            throws IOException, EventRejectedException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.START_OBJECT) {
            throw new EventRejectedException(field, field + " must be a JSON object, got " + describe(v));
        }
        int start = (int) p.currentTokenLocation().getByteOffset();
        p.skipChildren();
        int end = (int) p.currentLocation().getByteOffset();
        return new RawJson(buf, base + start, end - start);
    }

    /** Slow path, taken only for a refused event: the path of the first string PostgreSQL cannot store. */
    static String locate(RawEvent raw) {
        try {
            return firstBadString(RequestParser.JSON.readTree(raw.buf(), raw.off(), raw.len()), "");
        } catch (IOException e) {
            return null;
        }
    }

    private static String firstBadString(JsonNode node, String path) {
        if (node.isTextual()) {
            return badString(node.asText()) ? path : null;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                String found = badString(e.getKey()) ? child : firstBadString(e.getValue(), child);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = firstBadString(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static boolean badString(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return true;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    static String describe(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_STRING -> "a string";
            case VALUE_NULL -> "null";
            default -> t.asString();
        };
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** The top-level fields of a call as read. */
    static final class Fields {
        String type;
        String userId;
        String anonymousId;
        String previousId;
        String messageId;
        String event;
        String name;
        String groupId;
        Instant timestamp;
        Instant originalTimestamp;
        Instant sentAt;
        Properties properties;
        RawJson traits;
        RawJson context;
    }
}
