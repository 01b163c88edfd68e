package io.affinity.features;

/**
 * The one SQL definition of customer aggregates, parameterised by the point in time ({@code ?::timestamptz} as the
 * only parameter, used once): only events at or before it count, so the same query gives point-in-time-correct
 * training features and current serving features.
 */
final class AggregateSql {

    private AggregateSql() {}

    /** Rebuilds identity links: an anonymous id seen with a user id, or an alias, points at that user (first wins). */
    static final String REBUILD_LINKS = """
            DELETE FROM identity_link;
            INSERT INTO identity_link (alias_id, customer_id)
            SELECT DISTINCT ON (alias_id) alias_id, customer_id FROM (
                SELECT anonymous_id AS alias_id, user_id AS customer_id, ts FROM event_log
                 WHERE anonymous_id IS NOT NULL AND user_id IS NOT NULL AND anonymous_id <> user_id
                UNION ALL
                SELECT previous_id, user_id, ts FROM event_log
                 WHERE type = 'alias' AND previous_id IS NOT NULL AND previous_id <> user_id
            ) l ORDER BY alias_id, ts
            """;

    /** Columns in the order of {@code customer_aggregate}. */
    static final String SELECT = """
            WITH params AS (SELECT ?::timestamptz AS as_of),
            resolved AS (
                SELECT customer_id, kind, ts, revenue, category
                  FROM customer_event
                 WHERE ts <= (SELECT as_of FROM params)
            ),
            windowed AS (
                SELECT r.*, p.as_of,
                       r.ts > p.as_of - interval '7 days' AS in7,
                       r.ts > p.as_of - interval '30 days' AS in30,
                       r.ts > p.as_of - interval '90 days' AS in90
                  FROM resolved r CROSS JOIN params p
            ),
            kinds AS (
                SELECT customer_id, jsonb_object_agg(kind, n) AS counts FROM (
                    SELECT customer_id, kind, count(*) AS n FROM windowed WHERE in90 GROUP BY 1, 2) k
                 GROUP BY 1
            ),
            categories AS (
                SELECT customer_id, jsonb_object_agg(category, n) AS counts FROM (
                    SELECT customer_id, category, count(*) AS n FROM windowed
                     WHERE in90 AND category IS NOT NULL GROUP BY 1, 2) c
                 GROUP BY 1
            ),
            agg AS (
                SELECT customer_id,
                       min(as_of) AS as_of,
                       min(ts) AS first_seen,
                       max(ts) AS last_seen,
                       extract(epoch FROM (min(as_of) - max(ts))) / 86400.0 AS recency_days,
                       count(*) FILTER (WHERE in7) AS events_7d,
                       count(*) FILTER (WHERE in30) AS events_30d,
                       count(*) FILTER (WHERE in90) AS events_90d,
                       count(DISTINCT date_trunc('day', ts)) FILTER (WHERE in30) AS active_days_30d,
                       count(*) FILTER (WHERE in30 AND kind = 'product_viewed') AS product_views_30d,
                       count(*) FILTER (WHERE in30 AND kind = 'product_added') AS cart_adds_30d,
                       count(*) FILTER (WHERE in30 AND kind = 'order_completed') AS orders_30d,
                       count(*) FILTER (WHERE in90 AND kind = 'order_completed') AS orders_90d,
                       count(*) FILTER (WHERE kind = 'order_completed') AS orders_total,
                       coalesce(sum(revenue) FILTER (WHERE in30 AND kind = 'order_completed'), 0) AS revenue_30d,
                       coalesce(sum(revenue) FILTER (WHERE in90 AND kind = 'order_completed'), 0) AS revenue_90d,
                       coalesce(sum(revenue) FILTER (WHERE kind = 'order_completed'), 0) AS revenue_total,
                       count(*) FILTER (WHERE in30 AND kind = 'promotion_viewed') AS promo_views_30d,
                       count(*) FILTER (WHERE in30 AND kind = 'promotion_clicked') AS promo_clicks_30d,
                       max(ts) FILTER (WHERE kind = 'order_completed') AS last_order_at,
                       max(ts) FILTER (WHERE kind IN ('subscription_started', 'subscription_renewed')) AS subscribed_at,
                       max(ts) FILTER (WHERE kind = 'subscription_cancelled') AS cancelled_at
                  FROM windowed GROUP BY customer_id
            )
            SELECT a.customer_id, a.as_of, a.first_seen, a.last_seen, a.recency_days,
                   a.events_7d, a.events_30d, a.events_90d, a.active_days_30d, a.product_views_30d, a.cart_adds_30d,
                   a.orders_30d, a.orders_90d, a.orders_total, a.revenue_30d, a.revenue_90d, a.revenue_total,
                   a.promo_views_30d, a.promo_clicks_30d, a.last_order_at,
                   coalesce(a.subscribed_at > coalesce(a.cancelled_at, '-infinity'::timestamptz), false) AS subscribed,
                   a.cancelled_at,
                   coalesce(k.counts, '{}'::jsonb) AS kind_counts_90d,
                   coalesce(c.counts, '{}'::jsonb) AS category_counts_90d
              FROM agg a
              LEFT JOIN kinds k USING (customer_id)
              LEFT JOIN categories c USING (customer_id)
            """;
}
