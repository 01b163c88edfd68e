package io.affinity.segments;

import java.util.List;

/**
 * A field a segment's condition may compare: a behaviour aggregate, a use case's probability or band, a promotion's
 * click probability, the top recommended category, or a profile trait.
 *
 * @param name as written in a rule ({@code recency_days}, {@code churn.probability}, {@code trait.plan})
 * @param source where the value comes from
 * @param key the aggregate's column, the use case's id, or the trait's name
 * @param values a text field's possible values when they are known (a band's low, medium, high); else empty
 */
public record Field(String name, Type type, Source source, String key, String description, List<String> values) {

    /** What a field's values are, which decides the operators it takes. */
    public enum Type {
        NUMBER(List.of("=", "!=", "<", "<=", ">", ">=")),
        TEXT(List.of("=", "!=", "in", "not in", "contains")),
        BOOLEAN(List.of("=", "!="));

        private final List<String> operators;

        Type(List<String> operators) {
            this.operators = operators;
        }

        @com.fasterxml.jackson.annotation.JsonProperty("operators")
        public List<String> operators() {
            return operators;
        }

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Where a field's value comes from. */
    public enum Source {
        BEHAVIOUR,
        PROBABILITY,
        BAND,
        TRAIT,
        CLICK,
        /** The category of the customer's top recommended product. */
        RECOMMENDED
    }

    @com.fasterxml.jackson.annotation.JsonProperty("operators")
    public List<String> operators() {
        return type.operators();
    }
}
