package io.affinity.ingest;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What an event means to the models: a typed interaction of the e-commerce v2 spec, or a generic call. */
public enum EventKind {
    PRODUCT_VIEWED,
    PRODUCT_CLICKED,
    PRODUCT_ADDED,
    ORDER_COMPLETED,
    PROMOTION_VIEWED,
    PROMOTION_CLICKED,
    SUBSCRIPTION_STARTED,
    SUBSCRIPTION_RENEWED,
    SUBSCRIPTION_CANCELLED,
    TRACK,
    IDENTIFY,
    PAGE,
    SCREEN,
    GROUP,
    ALIAS;

    private static final Map<String, EventKind> TRACK_NAMES = Map.ofEntries(
            Map.entry("product viewed", PRODUCT_VIEWED),
            Map.entry("product clicked", PRODUCT_CLICKED),
            Map.entry("product added", PRODUCT_ADDED),
            Map.entry("order completed", ORDER_COMPLETED),
            Map.entry("promotion viewed", PROMOTION_VIEWED),
            Map.entry("promotion clicked", PROMOTION_CLICKED),
            Map.entry("subscription started", SUBSCRIPTION_STARTED),
            Map.entry("trial started", SUBSCRIPTION_STARTED),
            Map.entry("subscription renewed", SUBSCRIPTION_RENEWED),
            Map.entry("subscription cancelled", SUBSCRIPTION_CANCELLED),
            Map.entry("subscription canceled", SUBSCRIPTION_CANCELLED));

    /** The same names as the spec spells them ("Product Viewed"): the common case, looked up without lower-casing. */
    private static final Map<String, EventKind> SPEC_SPELLING = TRACK_NAMES.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(e -> titleCase(e.getKey()), Map.Entry::getValue));

    /** The kind of a {@code track} call by its event name (case-insensitive); unknown names are generic. */
    public static EventKind ofTrack(String eventName) {
        EventKind exact = SPEC_SPELLING.get(eventName);
        return exact != null ? exact : TRACK_NAMES.getOrDefault(eventName.trim().toLowerCase(Locale.ROOT), TRACK);
    }

    private static String titleCase(String words) {
        return Arrays.stream(words.split(" "))
                .map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1))
                .collect(Collectors.joining(" "));
    }

    /**
     * The product interactions the recommender learns from and, at serving, reads a customer's latest products from:
     * one definition for both, as an SQL list of stored names ({@code 'product_viewed', ...}).
     */
    public static final String PRODUCT_INTERACTIONS_SQL = Stream.of(PRODUCT_VIEWED, PRODUCT_CLICKED, PRODUCT_ADDED)
            .map(k -> "'" + k.dbName() + "'")
            .collect(Collectors.joining(", "));

    /** The stored name, e.g. {@code product_viewed}. */
    private final String dbName = name().toLowerCase(Locale.ROOT);

    public String dbName() {
        return dbName;
    }
}
