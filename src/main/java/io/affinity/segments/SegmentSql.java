package io.affinity.segments;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rule compiled to one PostgreSQL query over the published read models: {@code customer_behaviour} for every
 * customer with aggregates, joined to {@code latest_score} once per use case the rule names and to {@code
 * customer_profile} when it names a trait. Values are bound as parameters, never spliced; every condition is
 * {@code coalesce(..., false)}, so a customer without the value is outside the condition and inside its NOT.
 *
 * @param from the FROM clause with its joins (no parameters)
 * @param where the condition, with {@code ?} for {@link #params}
 */
record SegmentSql(String from, String where, List<Object> params) {

    static SegmentSql compile(Rule rule) {
        Compiler c = new Compiler();
        String where = c.sql(rule);
        StringBuilder from = new StringBuilder("customer_behaviour a");
        if (c.traits) from.append(" LEFT JOIN customer_profile p ON p.customer_id = a.customer_id");
        c.scores.forEach((useCase, alias) -> from.append(" LEFT JOIN latest_score ")
                .append(alias)
                .append(" ON ")
                .append(alias)
                .append(".customer_id = a.customer_id AND ")
                .append(alias)
                .append(".use_case = '")
                .append(useCase) // a use case's id from UseCase.ALL (Fields), never the caller's text
                .append('\''));
        return new SegmentSql(from.toString(), where, List.copyOf(c.params));
    }

    /** The use cases whose scores the rule reads. */
    static List<String> useCases(Rule rule) {
        Compiler c = new Compiler();
        c.sql(rule);
        List<String> all = new ArrayList<>(c.scores.keySet());
        if (c.clicks && !all.contains(CTR)) all.add(CTR);
        return List.copyOf(all);
    }

    /** The use case whose rankings hold the click probabilities. */
    private static final String CTR = "ctr";

    /** {@code SELECT count(*) ...} of the members. */
    String count() {
        return "SELECT count(*) FROM " + from + " WHERE " + where;
    }

    /** The members' ids. */
    String ids() {
        return "SELECT a.customer_id FROM " + from + " WHERE " + where;
    }

    private static final class Compiler {
        final Map<String, String> scores = new LinkedHashMap<>();
        final List<Object> params = new ArrayList<>();
        boolean traits, clicks;

        String sql(Rule rule) {
            if (rule instanceof Rule.All all) return group(all.rules(), " AND ");
            if (rule instanceof Rule.Any any) return group(any.rules(), " OR ");
            if (rule instanceof Rule.Not not) return "NOT " + sql(not.rule());
            if (rule instanceof Rule.Compare c) return "coalesce(" + compare(c) + ", false)";
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
                case BEHAVIOUR -> "a." + f.key(); // a column name from Fields, never the caller's text
                case PROBABILITY -> score(f.key()) + ".probability";
                case BAND -> score(f.key()) + ".band";
                case TRAIT -> trait(f);
                case CLICK -> click(f);
            };
        }

        /** The promotion's score in the customer's latest ctr ranking (on its customer index); null when absent. */
        private String click(Field f) {
            clicks = true;
            params.add(f.key());
            return "(SELECT x.score FROM latest_ranking x WHERE x.customer_id = a.customer_id AND x.use_case = '" + CTR
                    + "' AND x.item_id = ? LIMIT 1)";
        }

        private String score(String useCase) {
            return scores.computeIfAbsent(useCase, u -> "s" + scores.size());
        }

        private String trait(Field f) {
            traits = true;
            params.add(f.key());
            return switch (f.type()) {
                case NUMBER ->
                    "(CASE WHEN jsonb_typeof(p.traits -> ?) = 'number' THEN (p.traits ->> " + paramAgain(f.key())
                            + ")::double precision END)";
                case BOOLEAN ->
                    "(CASE WHEN jsonb_typeof(p.traits -> ?) = 'boolean' THEN (p.traits ->> " + paramAgain(f.key())
                            + ")::boolean END)";
                case TEXT -> "(p.traits ->> ?)";
            };
        }

        private String paramAgain(String value) {
            params.add(value);
            return "?";
        }
    }
}
