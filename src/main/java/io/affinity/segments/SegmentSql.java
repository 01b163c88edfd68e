package io.affinity.segments;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A rule compiled to one PostgreSQL query over the {@link CustomerFacts} ({@code segment_fact}, one row per customer
 * with aggregates): each field a column, a trait read from its traits, a click probability from scoring's {@code
 * latest_ranking} on its customer index, "did X" from features' {@code customer_event}. Values are bound as
 * parameters, never spliced. A customer without the value is outside the condition and inside its NOT: AND and OR
 * of SQL's three-valued logic are true exactly when they are true with every unknown read as false, so only a NOT's
 * operand needs {@code coalesce(..., false)}, and the conditions stay plain comparisons the planner has statistics
 * for.
 *
 * @param where the condition, with {@code ?} for {@link #params}
 * @param useCases the use cases whose scores or rankings the rule reads
 */
record SegmentSql(String where, List<Object> params, List<String> useCases) {

    static SegmentSql compile(Rule rule) {
        Compiler c = new Compiler();
        String where = c.sql(rule);
        return new SegmentSql(where, List.copyOf(c.params), List.copyOf(c.useCases));
    }

    /** The use case whose rankings hold the click probabilities. */
    private static final String CTR = "ctr";

    /** {@code SELECT count(*) ...} of the members. */
    String count() {
        return "SELECT count(*) FROM " + CustomerFacts.TABLE + " a WHERE " + where;
    }

    /** The members' ids. */
    String ids() {
        return "SELECT a.customer_id FROM " + CustomerFacts.TABLE + " a WHERE " + where;
    }

    private static final class Compiler {
        final Set<String> useCases = new LinkedHashSet<>();
        final List<Object> params = new ArrayList<>();

        String sql(Rule rule) {
            if (rule instanceof Rule.All all) return group(all.rules(), " AND ");
            if (rule instanceof Rule.Any any) return group(any.rules(), " OR ");
            if (rule instanceof Rule.Not not) return "NOT coalesce(" + sql(not.rule()) + ", false)";
            if (rule instanceof Rule.Compare c) return "(" + compare(c) + ")";
            if (rule instanceof Rule.Did d) {
                params.add(d.kind());
                params.add(d.withinDays());
                params.add(d.atLeast());
                return "a.customer_id IN (SELECT customer_id FROM customer_event WHERE kind = ?"
                        + " AND ts > now() - make_interval(days => ?) GROUP BY customer_id HAVING count(*) >= ?)";
            }
            if (rule instanceof Rule.InSegment in) return "(" + sql(in.rule()) + ")";
            throw new IllegalStateException("no SQL for " + rule);
        }

        private String group(List<Rule> rules, String joiner) {
            List<String> parts = new ArrayList<>();
            for (Rule r : rules) parts.add(sql(r));
            return "(" + String.join(joiner, parts) + ")";
        }

        private String compare(Rule.Compare c) {
            Field f = c.field();
            String column = column(f);
            JsonNode v = c.value();
            switch (c.op()) {
                case "in", "not in" -> {
                    List<String> values = new ArrayList<>();
                    v.forEach(x -> values.add(x.asText()));
                    params.add(values.toArray(String[]::new));
                    return (c.op().equals("in") ? "" : "NOT ") + column + " = ANY (?)";
                }
                case "contains" -> {
                    params.add("%"
                            + v.asText()
                                    .replace("\\", "\\\\")
                                    .replace("%", "\\%")
                                    .replace("_", "\\_") + "%");
                    return column + " ILIKE ?";
                }
                default -> {
                    params.add(
                            switch (f.type()) {
                                case NUMBER -> v.asDouble();
                                case BOOLEAN -> v.asBoolean();
                                case TEXT -> v.asText();
                            });
                    String op = c.op().equals("!=") ? "<>" : c.op();
                    return column + " " + op + " ?";
                }
            }
        }

        private String column(Field f) {
            return switch (f.source()) {
                case BEHAVIOUR -> "a." + CustomerFacts.column(f); // column names from Fields, never the caller's text
                case PROBABILITY, BAND, RECOMMENDED -> {
                    useCases.add(f.key());
                    yield "a." + CustomerFacts.column(f);
                }
                case TRAIT -> trait(f);
                case CLICK -> click(f);
            };
        }

        /** The promotion's score in the customer's latest ctr ranking (on its customer index); null when absent. */
        private String click(Field f) {
            useCases.add(CTR);
            params.add(f.key());
            return "(SELECT x.score FROM latest_ranking x WHERE x.customer_id = a.customer_id AND x.use_case = '" + CTR
                    + "' AND x.item_id = ? LIMIT 1)";
        }

        private String trait(Field f) {
            params.add(f.key());
            return switch (f.type()) {
                case NUMBER ->
                    "(CASE WHEN jsonb_typeof(a.traits -> ?) = 'number' THEN (a.traits ->> " + paramAgain(f.key())
                            + ")::double precision END)";
                case BOOLEAN ->
                    "(CASE WHEN jsonb_typeof(a.traits -> ?) = 'boolean' THEN (a.traits ->> " + paramAgain(f.key())
                            + ")::boolean END)";
                case TEXT -> "(a.traits ->> ?)";
            };
        }

        private String paramAgain(String value) {
            params.add(value);
            return "?";
        }
    }
}
