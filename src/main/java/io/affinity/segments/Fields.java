package io.affinity.segments;

import io.affinity.models.UseCase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The fields a rule may name: the behaviour aggregates (features' {@code customer_behaviour}), each probability use
 * case's probability and band (scoring's {@code latest_score}), and any profile trait ({@code trait.NAME}, ingest's
 * {@code customer_profile}), and each promotion's click probability ({@code promotion.ID.click_probability}, the
 * ctr rankings of scoring's {@code latest_ranking}) and the category of the top recommended product. All but the
 * click probabilities are columns of {@link CustomerFacts}.
 */
public final class Fields {

    public static final String TRAIT_PREFIX = "trait.";
    /** {@code promotion.ID.click_probability}: the ctr model's click probability for that promotion. */
    public static final String PROMOTION_PREFIX = "promotion.", CLICK_SUFFIX = ".click_probability";

    /** The category of the top product of the customer's latest recommend ranking. */
    public static final String RECOMMENDED_CATEGORY = "recommend.category";

    private static final Pattern PROMOTION_ID = Pattern.compile("[A-Za-z0-9_.:\\-]{1,200}");
    private static final Pattern TRAIT_NAME = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");
    private static final List<String> BANDS = List.of("low", "medium", "high");

    private static final Map<String, Field> KNOWN;

    static {
        Map<String, Field> m = new LinkedHashMap<>();
        behaviour(m, "recency_days", Field.Type.NUMBER, "days since the customer was last seen");
        behaviour(m, "events_7d", Field.Type.NUMBER, "events in the last 7 days");
        behaviour(m, "events_30d", Field.Type.NUMBER, "events in the last 30 days");
        behaviour(m, "events_90d", Field.Type.NUMBER, "events in the last 90 days");
        behaviour(m, "active_days_30d", Field.Type.NUMBER, "days with an event in the last 30 days");
        behaviour(m, "product_views_30d", Field.Type.NUMBER, "products viewed in the last 30 days");
        behaviour(m, "cart_adds_30d", Field.Type.NUMBER, "products added to the cart in the last 30 days");
        behaviour(m, "orders_30d", Field.Type.NUMBER, "orders in the last 30 days");
        behaviour(m, "orders_90d", Field.Type.NUMBER, "orders in the last 90 days");
        behaviour(m, "orders_total", Field.Type.NUMBER, "orders ever");
        behaviour(m, "revenue_30d", Field.Type.NUMBER, "revenue in the last 30 days");
        behaviour(m, "revenue_90d", Field.Type.NUMBER, "revenue in the last 90 days");
        behaviour(m, "revenue_total", Field.Type.NUMBER, "revenue ever");
        behaviour(m, "promo_views_30d", Field.Type.NUMBER, "promotions seen in the last 30 days");
        behaviour(m, "promo_clicks_30d", Field.Type.NUMBER, "promotions clicked in the last 30 days");
        behaviour(m, "subscribed", Field.Type.BOOLEAN, "has a running subscription");
        for (UseCase u : UseCase.probabilities()) {
            String id = u.id();
            m.put(
                    id + ".probability",
                    new Field(
                            id + ".probability",
                            Field.Type.NUMBER,
                            Field.Source.PROBABILITY,
                            id,
                            "the " + id + " probability of the latest batch run (0 to 1)",
                            List.of()));
            m.put(
                    id + ".band",
                    new Field(
                            id + ".band",
                            Field.Type.TEXT,
                            Field.Source.BAND,
                            id,
                            "the " + id + " band of the latest batch run",
                            BANDS));
        }
        m.put(
                RECOMMENDED_CATEGORY,
                new Field(
                        RECOMMENDED_CATEGORY,
                        Field.Type.TEXT,
                        Field.Source.RECOMMENDED,
                        UseCase.RECOMMEND.id(),
                        "the category of the customer's top recommended product (the latest recommend batch run)",
                        List.of()));
        KNOWN = Collections.unmodifiableMap(m);
    }

    private Fields() {}

    private static void behaviour(Map<String, Field> m, String column, Field.Type type, String description) {
        m.put(column, new Field(column, type, Field.Source.BEHAVIOUR, column, description, List.of()));
    }

    /** The fields with fixed names, in the builder's order (traits are open-ended: {@code trait.NAME}). */
    public static List<Field> known() {
        return new ArrayList<>(KNOWN.values());
    }

    /**
     * The field of that name; a trait's type is the type of the value it is compared with.
     *
     * @param valueType for {@code trait.NAME}: the type of the condition's value
     */
    static Optional<Field> find(String name, Field.Type valueType) {
        Field f = KNOWN.get(name);
        if (f != null) return Optional.of(f);
        if (name.startsWith(TRAIT_PREFIX)) {
            String trait = name.substring(TRAIT_PREFIX.length());
            if (TRAIT_NAME.matcher(trait).matches())
                return Optional.of(new Field(
                        name,
                        valueType,
                        Field.Source.TRAIT,
                        trait,
                        "the profile trait " + trait + " (from identify)",
                        List.of()));
        }
        if (name.startsWith(PROMOTION_PREFIX) && name.endsWith(CLICK_SUFFIX)) {
            String promotion = name.substring(PROMOTION_PREFIX.length(), name.length() - CLICK_SUFFIX.length());
            if (PROMOTION_ID.matcher(promotion).matches())
                return Optional.of(new Field(
                        name,
                        Field.Type.NUMBER,
                        Field.Source.CLICK,
                        promotion,
                        "the click probability of promotion " + promotion + " (the latest ctr batch run)",
                        List.of()));
        }
        return Optional.empty();
    }
}
