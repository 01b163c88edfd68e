package io.affinity.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

/**
 * Turns one Segment call (a JSON object) into a {@link TrackedEvent}, or says exactly which field is wrong.
 *
 * <p>Rules: {@code type} is required; {@code userId} or {@code anonymousId} is required; {@code track} needs
 * {@code event}; timestamps are ISO-8601; strings may not hold NUL or broken surrogates (PostgreSQL cannot store
 * them). The event time follows Segment's clock-skew correction.
 */
public final class EventReader {

    /** Largest accepted event, as Segment's limit. */
    public static final int MAX_EVENT_BYTES = 32 * 1024;

    private static final int MAX_ID_LENGTH = 255;
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    private EventReader() {}

    /**
     * Validates and types one event.
     *
     * @param node the event as parsed
     * @param sizeBytes its size in the request, checked against {@link #MAX_EVENT_BYTES}
     * @param batch values the whole request supplies (receive time, batch sentAt/context, forced type)
     * @param sourceId the source, part of the server-made messageId
     * @param fallbackIdSeed used in the server-made messageId of an event that has neither messageId nor time
     * @throws EventRejectedException naming the field and the reason
     */
    public static TrackedEvent read(
            JsonNode node, int sizeBytes, BatchContext batch, long sourceId, String fallbackIdSeed)
            throws EventRejectedException {
        if (!(node instanceof ObjectNode obj)) {
            throw new EventRejectedException(null, "event must be a JSON object, got " + describe(node));
        }
        if (sizeBytes > MAX_EVENT_BYTES) {
            throw new EventRejectedException(
                    null, "event is " + sizeBytes + " bytes, over the limit of " + MAX_EVENT_BYTES + " bytes");
        }
        checkStrings(obj, "");
        CallType type = batch.forcedType() != null ? batch.forcedType() : readType(obj);
        String userId = readId(obj, "userId");
        String anonymousId = readId(obj, "anonymousId");
        if (userId == null && anonymousId == null) {
            throw new EventRejectedException("userId", "userId or anonymousId is required");
        }
        String previousId = readId(obj, "previousId");
        if (type == CallType.ALIAS && (previousId == null || userId == null)) {
            throw new EventRejectedException(
                    previousId == null ? "previousId" : "userId", "alias needs both previousId and userId");
        }
        String eventName = optionalText(obj, "event", 200);
        EventKind kind;
        if (type == CallType.TRACK) {
            if (eventName == null || eventName.isBlank()) {
                throw new EventRejectedException("event", "track needs a non-empty event name");
            }
            kind = EventKind.ofTrack(eventName);
        } else {
            kind = EventKind.valueOf(type.name());
        }
        ObjectNode properties = optionalObject(obj, "properties");
        ObjectNode traits = optionalObject(obj, "traits");
        ObjectNode context = optionalObject(obj, "context");
        if (context == null) {
            context = batch.context();
        }
        if (type == CallType.IDENTIFY
                && traits == null
                && context != null
                && context.get("traits") instanceof ObjectNode t) {
            traits = t;
        }

        Instant timestamp = optionalTime(obj, "timestamp");
        Instant original = optionalTime(obj, "originalTimestamp");
        Instant sentAt = optionalTime(obj, "sentAt");
        if (sentAt == null) {
            sentAt = batch.sentAt();
        }
        Instant ts = eventTime(timestamp, original, sentAt, batch.receivedAt());

        String messageId = readId(obj, "messageId");
        if (messageId == null) {
            messageId = serverMessageId(obj, sourceId, timestamp != null || original != null, fallbackIdSeed);
        }
        Typed typed = Typed.of(kind, properties);
        return new TrackedEvent(
                messageId,
                type,
                kind,
                eventName,
                userId,
                anonymousId,
                previousId,
                ts,
                batch.receivedAt(),
                sentAt,
                original,
                typed.productId,
                typed.category,
                typed.price,
                typed.quantity,
                typed.orderId,
                typed.revenue,
                typed.promotionId,
                properties,
                traits,
                context);
    }

    /** Segment: an explicit timestamp wins; else receivedAt - (sentAt - originalTimestamp); else the client time. */
    static Instant eventTime(Instant timestamp, Instant original, Instant sentAt, Instant receivedAt) {
        if (timestamp != null) {
            return timestamp;
        }
        if (original != null && sentAt != null) {
            return receivedAt.minus(java.time.Duration.between(original, sentAt));
        }
        return original != null ? original : receivedAt;
    }

    /**
     * A messageId for an event that came without one. With a client time, it is a hash of the event, so a replay of
     * the same event is recognised; without, nothing tells two identical events apart and each gets a fresh id.
     */
    private static String serverMessageId(ObjectNode obj, long sourceId, boolean hasClientTime, String seed) {
        if (!hasClientTime && seed == null) {
            return "srv-" + UUID.randomUUID();
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Long.toString(sourceId).getBytes(StandardCharsets.UTF_8));
            if (!hasClientTime) {
                sha.update(seed.getBytes(StandardCharsets.UTF_8));
            }
            sha.update(obj.toString().getBytes(StandardCharsets.UTF_8));
            return "srv-"
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(sha.digest())
                            .substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CallType readType(ObjectNode obj) throws EventRejectedException {
        JsonNode t = obj.get("type");
        if (t == null || t.isNull()) {
            throw new EventRejectedException("type", "type is required (track, identify, page, screen, group, alias)");
        }
        if (!t.isTextual()) {
            throw new EventRejectedException("type", "type must be a string, got " + describe(t));
        }
        return CallType.parse(t.asText())
                .orElseThrow(() -> new EventRejectedException(
                        "type", "unknown type '" + t.asText() + "' (track, identify, page, screen, group, alias)"));
    }

    /** Ids are strings; integral numbers are taken as their decimal text, as Segment's libraries do. */
    private static String readId(ObjectNode obj, String field) throws EventRejectedException {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String s;
        if (v.isTextual()) {
            s = v.asText();
        } else if (v.isIntegralNumber()) {
            s = v.bigIntegerValue().toString();
        } else {
            throw new EventRejectedException(field, field + " must be a string, got " + describe(v));
        }
        if (s.isBlank()) {
            return null;
        }
        if (s.length() > MAX_ID_LENGTH) {
            throw new EventRejectedException(field, field + " is longer than " + MAX_ID_LENGTH + " characters");
        }
        return s;
    }

    private static String optionalText(ObjectNode obj, String field, int maxLength) throws EventRejectedException {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new EventRejectedException(field, field + " must be a string, got " + describe(v));
        }
        if (v.asText().length() > maxLength) {
            throw new EventRejectedException(field, field + " is longer than " + maxLength + " characters");
        }
        return v.asText();
    }

    private static ObjectNode optionalObject(ObjectNode obj, String field) throws EventRejectedException {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v instanceof ObjectNode o) {
            return o;
        }
        throw new EventRejectedException(field, field + " must be a JSON object, got " + describe(v));
    }

    static Instant optionalTime(JsonNode obj, String field) throws EventRejectedException {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new EventRejectedException(field, field + " must be an ISO-8601 string, got " + describe(v));
        }
        Instant t;
        try {
            t = OffsetDateTime.parse(v.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new EventRejectedException(
                    field,
                    field + " is not an ISO-8601 date-time with offset (e.g. 2026-11-29T08:00:00.000Z): '"
                            + abbreviate(v.asText()) + "'");
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw new EventRejectedException(field, field + " is outside 1970..2200: " + v.asText());
        }
        return t;
    }

    /** PostgreSQL stores neither NUL nor unpaired surrogates; refuse them with the path of the offending string. */
    private static void checkStrings(JsonNode node, String path) throws EventRejectedException {
        if (node.isTextual()) {
            checkString(node.asText(), path);
        } else if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                checkString(e.getKey(), child);
                checkStrings(e.getValue(), child);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkStrings(node.get(i), path + "[" + i + "]");
            }
        }
    }

    private static void checkString(String s, String path) throws EventRejectedException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                throw new EventRejectedException(path, "contains a NUL character (\\u0000), which cannot be stored");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new EventRejectedException(path, "contains an unpaired UTF-16 surrogate (invalid Unicode)");
            }
            if (Character.isLowSurrogate(c)) {
                throw new EventRejectedException(path, "contains an unpaired UTF-16 surrogate (invalid Unicode)");
            }
        }
    }

    static String describe(JsonNode v) {
        if (v == null || v.isNull()) {
            return "null";
        }
        return switch (v.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            default -> v.getNodeType().name().toLowerCase();
        };
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** The e-commerce v2 fields of a typed interaction, checked for type. */
    private record Typed(
            String productId,
            String category,
            Double price,
            Integer quantity,
            String orderId,
            Double revenue,
            String promotionId) {

        static final Typed NONE = new Typed(null, null, null, null, null, null, null);

        static Typed of(EventKind kind, ObjectNode p) throws EventRejectedException {
            if (p == null) {
                return NONE;
            }
            return switch (kind) {
                case PRODUCT_VIEWED, PRODUCT_CLICKED, PRODUCT_ADDED ->
                    new Typed(
                            productId(p, "properties"),
                            text(p, "category", "properties"),
                            number(p, "price", "properties"),
                            integer(p, "quantity", "properties"),
                            null,
                            null,
                            null);
                case ORDER_COMPLETED -> {
                    Double revenue = number(p, "revenue", "properties");
                    if (revenue == null) {
                        revenue = number(p, "total", "properties");
                    }
                    checkProducts(p);
                    yield new Typed(null, null, null, null, text(p, "order_id", "properties"), revenue, null);
                }
                case PROMOTION_VIEWED, PROMOTION_CLICKED ->
                    new Typed(null, null, null, null, null, null, text(p, "promotion_id", "properties"));
                case SUBSCRIPTION_STARTED, SUBSCRIPTION_RENEWED, SUBSCRIPTION_CANCELLED ->
                    new Typed(null, null, null, null, null, number(p, "revenue", "properties"), null);
                default -> NONE;
            };
        }

        private static void checkProducts(ObjectNode p) throws EventRejectedException {
            JsonNode products = p.get("products");
            if (products == null || products.isNull()) {
                return;
            }
            if (!products.isArray()) {
                throw new EventRejectedException(
                        "properties.products", "products must be an array, got " + describe(products));
            }
            for (int i = 0; i < products.size(); i++) {
                String path = "properties.products[" + i + "]";
                if (!(products.get(i) instanceof ObjectNode item)) {
                    throw new EventRejectedException(path, "each product must be an object");
                }
                productId(item, path);
                text(item, "category", path);
                number(item, "price", path);
                integer(item, "quantity", path);
            }
        }

        private static String productId(ObjectNode p, String path) throws EventRejectedException {
            String id = text(p, "product_id", path);
            return id != null ? id : text(p, "sku", path);
        }

        private static String text(ObjectNode p, String field, String path) throws EventRejectedException {
            JsonNode v = p.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (v.isTextual() || v.isIntegralNumber()) {
                String s = v.asText();
                if (s.length() > MAX_ID_LENGTH) {
                    throw new EventRejectedException(
                            path + "." + field, "longer than " + MAX_ID_LENGTH + " characters");
                }
                return s.isBlank() ? null : s;
            }
            throw new EventRejectedException(path + "." + field, field + " must be a string, got " + describe(v));
        }

        /** A finite number; numeric strings such as "12.50" are accepted, as many producers send them. */
        private static Double number(ObjectNode p, String field, String path) throws EventRejectedException {
            JsonNode v = p.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            double d;
            if (v.isNumber()) {
                d = v.doubleValue();
            } else if (v.isTextual()) {
                try {
                    d = Double.parseDouble(v.asText().trim());
                } catch (NumberFormatException e) {
                    throw new EventRejectedException(
                            path + "." + field, field + " must be a number, got '" + abbreviate(v.asText()) + "'");
                }
            } else {
                throw new EventRejectedException(path + "." + field, field + " must be a number, got " + describe(v));
            }
            if (!Double.isFinite(d) || Math.abs(d) > 1e15) {
                throw new EventRejectedException(path + "." + field, field + " is out of range: " + v.asText());
            }
            return d;
        }

        private static Integer integer(ObjectNode p, String field, String path) throws EventRejectedException {
            Double d = number(p, field, path);
            if (d == null) {
                return null;
            }
            if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
                throw new EventRejectedException(path + "." + field, field + " must be a whole number, got " + d);
            }
            return d.intValue();
        }
    }
}
