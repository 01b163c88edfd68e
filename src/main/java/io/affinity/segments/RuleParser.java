package io.affinity.segments;

import com.fasterxml.jackson.databind.JsonNode;
import io.affinity.ingest.EventKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

/**
 * Reads a rule from its JSON and checks it, naming what is wrong and where in the caller's JSON ({@code
 * rule.all[1].op}): unknown fields and operators, values of the wrong type, a segment that refers to itself (directly
 * or through others).
 */
final class RuleParser {

    static final int MAX_DEPTH = 8;
    static final int MAX_CONDITIONS = 64;
    static final int MAX_DAYS = 3650;

    private static final String KINDS =
            Arrays.stream(EventKind.values()).map(EventKind::dbName).collect(Collectors.joining(", "));

    /** A stored segment's rule by id, empty when there is none. */
    interface Segments extends LongFunction<Optional<JsonNode>> {}

    private final Segments segments;
    private final Set<Long> visiting = new LinkedHashSet<>();
    private int conditions;

    private RuleParser(Segments segments) {
        this.segments = segments;
    }

    /**
     * @param self the id of the segment being saved (null for a new one or a preview): a rule may not refer to it
     * @throws SegmentException (400) saying what is wrong and where
     */
    static Rule parse(JsonNode json, Long self, Segments segments) {
        RuleParser p = new RuleParser(segments);
        if (self != null) p.visiting.add(self);
        return p.rule(json, "rule", 0);
    }

    private Rule rule(JsonNode node, String at, int depth) {
        if (node == null || node.isNull() || node.isMissingNode())
            throw bad(
                    at,
                    "a rule is required: a condition, or a group {\"all\": [...]}, {\"any\": [...]}, {\"not\": ...}");
        if (!node.isObject()) throw bad(at, "expected a rule (a JSON object), got " + kind(node));
        if (depth > MAX_DEPTH) throw bad(at, "groups nest at most " + MAX_DEPTH + " deep");
        if (node.has("all") || node.has("any")) {
            String op = node.has("all") ? "all" : "any";
            only(node, at, op);
            JsonNode list = node.get(op);
            if (!list.isArray() || list.isEmpty())
                throw bad(
                        at + "." + op,
                        "expected a non-empty list of rules, got " + (list.isArray() ? "an empty list" : kind(list)));
            List<Rule> rules = new ArrayList<>();
            for (int i = 0; i < list.size(); i++)
                rules.add(rule(list.get(i), at + "." + op + "[" + i + "]", depth + 1));
            return op.equals("all") ? new Rule.All(List.copyOf(rules)) : new Rule.Any(List.copyOf(rules));
        }
        if (node.has("not")) {
            only(node, at, "not");
            return new Rule.Not(rule(node.get("not"), at + ".not", depth + 1));
        }
        if (++conditions > MAX_CONDITIONS) throw bad(at, "a rule holds at most " + MAX_CONDITIONS + " conditions");
        if (node.has("field")) return compare(node, at);
        if (node.has("did")) return did(node, at);
        if (node.has("inSegment")) return inSegment(node, at, depth);
        throw bad(
                at,
                "not a rule: expected one of \"all\", \"any\", \"not\", \"field\", \"did\", \"inSegment\"; got the keys "
                        + keys(node));
    }

    private Rule compare(JsonNode node, String at) {
        only(node, at, "field", "op", "value");
        JsonNode name = node.get("field"), op = node.get("op"), value = node.get("value");
        if (!name.isTextual()) throw bad(at + ".field", "expected a field name, got " + kind(name));
        if (value == null) throw bad(at + ".value", "a value to compare with is required");
        Field.Type valueType = typeOf(value, at + ".value");
        Field field = Fields.find(name.asText(), valueType)
                .orElseThrow(() -> bad(
                        at + ".field",
                        "unknown field '" + name.asText() + "'; use a behaviour field (recency_days, orders_90d, ...),"
                                + " a score (churn.probability, churn.band, ...), trait.NAME or"
                                + " promotion.ID.click_probability (GET /api/segments/fields lists them)"));
        if (op == null || !op.isTextual())
            throw bad(at + ".op", "an operator is required: one of " + field.operators());
        String o = op.asText().toLowerCase(Locale.ROOT).strip();
        if (!field.operators().contains(o))
            throw bad(
                    at + ".op",
                    "'" + op.asText() + "' does not fit the " + field.type().word() + " field " + field.name()
                            + "; use one of " + field.operators());
        boolean list = o.equals("in") || o.equals("not in");
        if (list) {
            if (!value.isArray() || value.isEmpty())
                throw bad(at + ".value", "'" + o + "' takes a non-empty list of texts, got " + kind(value));
            for (int i = 0; i < value.size(); i++) {
                if (!value.get(i).isTextual())
                    throw bad(at + ".value[" + i + "]", "expected a text, got " + kind(value.get(i)));
                requireKnownValue(field, value.get(i).asText(), at + ".value[" + i + "]");
            }
        } else {
            if (valueType != field.type())
                throw bad(
                        at + ".value",
                        field.name() + " is a " + field.type().word() + " field; '" + o + "' compares it with a "
                                + field.type().word() + ", got " + kind(value));
            if (field.type() == Field.Type.TEXT && !o.equals("contains"))
                requireKnownValue(field, value.asText(), at + ".value");
        }
        return new Rule.Compare(field, o, value);
    }

    private static void requireKnownValue(Field field, String value, String at) {
        if (!field.values().isEmpty() && !field.values().contains(value))
            throw bad(at, "'" + value + "' is not a value of " + field.name() + "; use one of " + field.values());
    }

    private Rule did(JsonNode node, String at) {
        only(node, at, "did", "atLeast", "withinDays");
        JsonNode kind = node.get("did");
        if (!kind.isTextual()) throw bad(at + ".did", "expected an event kind, got " + kind(kind));
        String k = kind.asText().strip().toLowerCase(Locale.ROOT).replace(' ', '_');
        if (Arrays.stream(EventKind.values()).noneMatch(e -> e.dbName().equals(k)))
            throw bad(at + ".did", "unknown event kind '" + kind.asText() + "'; use one of " + KINDS);
        int atLeast = whole(node.get("atLeast"), at + ".atLeast", 1, 1, 1_000_000);
        int within = whole(node.get("withinDays"), at + ".withinDays", 30, 1, MAX_DAYS);
        return new Rule.Did(k, atLeast, within);
    }

    private Rule inSegment(JsonNode node, String at, int depth) {
        only(node, at, "inSegment");
        JsonNode id = node.get("inSegment");
        if (!id.canConvertToLong() || !id.isIntegralNumber())
            throw bad(at + ".inSegment", "expected a segment id (a whole number), got " + kind(id));
        long segment = id.asLong();
        if (visiting.contains(segment))
            throw bad(
                    at + ".inSegment",
                    "segment " + segment + " refers to itself"
                            + (visiting.size() > 1 ? " (through segments " + visiting + ")" : ""));
        JsonNode stored =
                segments.apply(segment).orElseThrow(() -> bad(at + ".inSegment", "there is no segment " + segment));
        visiting.add(segment);
        Rule inner = rule(stored, "segment " + segment + "'s rule", depth + 1);
        visiting.remove(segment);
        return new Rule.InSegment(segment, inner);
    }

    private static int whole(JsonNode n, String at, int absent, int min, int max) {
        if (n == null || n.isNull()) return absent;
        if (!n.isIntegralNumber() || n.asLong() < min || n.asLong() > max)
            throw bad(at, "expected a whole number in " + min + ".." + max + ", got " + kind(n));
        return n.asInt();
    }

    private static Field.Type typeOf(JsonNode value, String at) {
        if (value.isNumber()) return Field.Type.NUMBER;
        if (value.isBoolean()) return Field.Type.BOOLEAN;
        if (value.isTextual() || value.isArray()) return Field.Type.TEXT;
        throw bad(at, "expected a number, a text, true or false, or a list of texts; got " + kind(value));
    }

    private static void only(JsonNode node, String at, String... allowed) {
        List<String> ok = List.of(allowed);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!ok.contains(key)) throw bad(at + "." + key, "unexpected here; this rule takes " + ok);
        }
    }

    private static String keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys.toString();
    }

    private static String kind(JsonNode n) {
        if (n == null || n.isNull()) return "nothing";
        if (n.isTextual()) return "the text \"" + n.asText() + "\"";
        if (n.isNumber() || n.isBoolean()) return n.toString();
        return n.isArray() ? "a list" : "an object";
    }

    private static SegmentException bad(String at, String problem) {
        return new SegmentException(400, at + ": " + problem);
    }
}
