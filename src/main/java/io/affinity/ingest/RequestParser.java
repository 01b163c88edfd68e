package io.affinity.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.affinity.platform.JsonErrors;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a tracking-API request body in one streaming pass: the write key, batch-level fields and each event with its
 * size in bytes. Malformed JSON is refused whole with its line and column.
 */
public final class RequestParser {

    /** Largest request, as Segment's limit. */
    public static final int MAX_BATCH_BYTES = 500 * 1024;
    /** Most events in one batch, as Segment's limit. */
    public static final int MAX_BATCH_EVENTS = 2500;

    /**
     * Strict limits: deep nesting and absurd numbers are input errors here, not work to do. Duplicate keys are not
     * refused: the last one wins, as in JavaScript and in PostgreSQL's jsonb, so what is stored and what is read
     * agree (and checking costs a hash set per object on the hot path).
     */
    static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxNumberLength(100)
                    .maxStringLength(MAX_BATCH_BYTES)
                    .build())
            .build());

    /** A parsed request: the write key it names (if any), the batch context, the events in order. */
    public record Parsed(String writeKey, BatchContext context, List<RawEvent> events) {}

    /**
     * One event as sent: its position (index in a batch, line in a file) and its bytes.
     *
     * @param buf the whole request (or line); the event is {@code len} bytes from {@code off}
     */
    public record RawEvent(int index, byte[] buf, int off, int len, EventReader.Read read) {

        public RawEvent(int index, byte[] buf, int off, int len) {
            this(index, buf, off, len, null);
        }

        public static RawEvent of(int index, byte[] bytes) {
            return new RawEvent(index, bytes, 0, bytes.length);
        }

        /** The start of the event as text, for error reports. */
        public String excerpt(int maxBytes) {
            return new String(buf, off, Math.min(len, maxBytes), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private RequestParser() {}

    /**
     * @param forcedType the endpoint's call type, or null for {@code /v1/batch} and {@code /v1/import}
     * @throws IngestException 413 when over the size limits, 400 when the body is not a well-formed request
     */
    public static Parsed parse(byte[] body, CallType forcedType, Instant receivedAt) {
        if (body.length > MAX_BATCH_BYTES) {
            throw IngestException.tooLarge(
                    "request body is " + body.length + " bytes, over the limit of " + MAX_BATCH_BYTES + " bytes");
        }
        if (body.length == 0) {
            throw IngestException.badRequest("request body is empty; expected a JSON object");
        }
        if (!looksLikeUtf8(body)) {
            throw IngestException.badRequest("request body must be UTF-8 JSON (it looks like UTF-16 or UTF-32)");
        }
        try (JsonParser p = JSON.createParser(body)) {
            try {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw IngestException.badRequest("request body must be a JSON object");
                }
                return forcedType == null
                        ? parseBatch(p, body, receivedAt)
                        : parseSingle(p, body, forcedType, receivedAt);
            } catch (JsonProcessingException e) {
                // The limits (nesting, number length) carry no position of their own: the parser's is where it stopped.
                throw IngestException.badRequest(JsonErrors.describe(e, p.currentLocation()));
            }
        } catch (IOException e) {
            throw IngestException.badRequest("unreadable request body: " + e.getMessage());
        }
    }

    private static Parsed parseBatch(JsonParser p, byte[] body, Instant receivedAt) throws IOException {
        String writeKey = null;
        Instant sentAt = null;
        RawJson context = null;
        List<RawEvent> events = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "batch" -> events = readEvents(p, body, value);
                case "writeKey" -> writeKey = p.getValueAsString();
                case "sentAt", "context" -> {
                    JsonNode node = p.readValueAsTree();
                    ObjectNode holder = JSON.createObjectNode().set(name, node);
                    if (name.equals("sentAt")) {
                        sentAt = readTime(holder, "sentAt");
                    } else if (node instanceof ObjectNode o) {
                        context = RawJson.of(o.toString());
                        String problem = JsonText.problem(context.buf(), 0, context.len());
                        if (problem != null) {
                            throw IngestException.badRequest("batch context " + problem);
                        }
                    } else if (!node.isNull()) {
                        throw IngestException.badRequest("context must be a JSON object");
                    }
                }
                default -> p.skipChildren();
            }
        }
        expectEnd(p);
        if (events == null) {
            throw IngestException.badRequest("request has no 'batch' array of events");
        }
        if (events.isEmpty()) {
            throw IngestException.badRequest("'batch' is empty: send at least one event");
        }
        return new Parsed(writeKey, new BatchContext(receivedAt, null, sentAt, context), events);
    }

    /**
     * Reads the events in the one pass over the request. What PostgreSQL could not store is found by one byte scan
     * of the whole body and charged to the event it falls in.
     */
    private static List<RawEvent> readEvents(JsonParser p, byte[] body, JsonToken start) throws IOException {
        if (start != JsonToken.START_ARRAY) {
            throw IngestException.badRequest("'batch' must be an array of events");
        }
        List<RawEvent> events = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (events.size() == MAX_BATCH_EVENTS) {
                throw IngestException.badRequest(
                        "batch holds more than " + MAX_BATCH_EVENTS + " events; split it into smaller batches");
            }
            int from = (int) p.currentTokenLocation().getByteOffset();
            EventReader.Read read = EventReader.readInBatch(p, p.currentToken(), body);
            int to = (int) p.currentLocation().getByteOffset();
            events.add(new RawEvent(events.size(), body, from, to - from, read));
        }
        List<JsonText.Problem> problems = JsonText.problems(body, 0, body.length, MAX_BATCH_EVENTS);
        if (!problems.isEmpty()) {
            events.replaceAll(e -> charge(e, problems));
        }
        return events;
    }

    private static RawEvent charge(RawEvent e, List<JsonText.Problem> problems) {
        for (JsonText.Problem problem : problems) {
            if (problem.at() >= e.off() && problem.at() < e.off() + e.len()) {
                RawEvent bare = new RawEvent(e.index(), e.buf(), e.off(), e.len());
                return new RawEvent(
                        e.index(),
                        e.buf(),
                        e.off(),
                        e.len(),
                        new EventReader.Read(
                                null, new EventRejectedException(EventReader.locate(bare), problem.message())));
            }
        }
        return e;
    }

    /** The body is the event itself; only its write key is looked at here. */
    private static Parsed parseSingle(JsonParser p, byte[] body, CallType type, Instant receivedAt) throws IOException {
        int from = (int) p.currentTokenLocation().getByteOffset();
        String writeKey = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("writeKey") && value == JsonToken.VALUE_STRING) {
                writeKey = p.getText();
            } else {
                p.skipChildren();
            }
        }
        int to = (int) p.currentLocation().getByteOffset();
        expectEnd(p);
        return new Parsed(
                writeKey,
                new BatchContext(receivedAt, type, null, null),
                List.of(new RawEvent(0, body, from, to - from)));
    }

    /**
     * JSON parsers guess UTF-16/32 from zero bytes or a byte-order mark at the start; the tracking API (like
     * Segment's) takes UTF-8 only, and the bytes of events are stored as they came.
     */
    private static boolean looksLikeUtf8(byte[] body) {
        if (body.length >= 2 && ((body[0] & 0xff) == 0xFE || (body[0] & 0xff) == 0xFF)) {
            return false;
        }
        for (int i = 0; i < Math.min(4, body.length); i++) {
            if (body[i] == 0) {
                return false;
            }
        }
        return true;
    }

    private static void expectEnd(JsonParser p) throws IOException {
        if (p.nextToken() != null) {
            throw IngestException.badRequest("unexpected content after the JSON object");
        }
    }

    private static Instant readTime(JsonNode holder, String field) {
        try {
            JsonNode v = holder.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual()) {
                throw IngestException.badRequest(field + " must be an ISO-8601 string");
            }
            return EventReader.parseTime(v.asText(), field);
        } catch (EventRejectedException e) {
            throw IngestException.badRequest(e.getMessage());
        }
    }
}
