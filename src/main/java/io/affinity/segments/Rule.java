package io.affinity.segments;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A segment's rule: conditions on customers combined by AND ({@code all}), OR ({@code any}) and NOT groups. Written
 * as JSON (parsed and checked by {@link RuleParser}), run in PostgreSQL (compiled by {@link SegmentSql}).
 *
 * <pre>
 * {"all": [
 *   {"field": "churn.band", "op": "in", "value": ["medium", "high"]},
 *   {"field": "revenue_90d", "op": "&gt;=", "value": 100},
 *   {"did": "order_completed", "atLeast": 2, "withinDays": 30},
 *   {"not": {"inSegment": 4}},
 *   {"any": [{"field": "trait.plan", "op": "=", "value": "pro"}, {"field": "subscribed", "op": "=", "value": true}]}
 * ]}
 * </pre>
 */
public sealed interface Rule {

    /** Every rule holds. */
    record All(List<Rule> rules) implements Rule {}

    /** At least one rule holds. */
    record Any(List<Rule> rules) implements Rule {}

    /** The rule does not hold (a customer without the value a condition needs is outside it, so inside its NOT). */
    record Not(Rule rule) implements Rule {}

    /** A field compared with a value: {@code {"field": "recency_days", "op": "<=", "value": 30}}. */
    record Compare(Field field, String op, JsonNode value) implements Rule {}

    /** The customer did an event kind at least {@code atLeast} times in the last {@code withinDays} days. */
    record Did(String kind, int atLeast, int withinDays) implements Rule {}

    /** The customer matches another segment's rule (as it stands now, not as of its last refresh). */
    record InSegment(long segmentId, Rule rule) implements Rule {}
}
