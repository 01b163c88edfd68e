package io.affinity.features;

import io.affinity.ingest.EventKind;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the event store knows of products (category, latest price) and of what a customer has bought. */
@ApplicationScoped
public class Catalogue {

    /** A product's category and price as last seen in events; either may be null. */
    public record Product(String category, Double price) {}

    /** The latest k product interactions per customer: identified events, linked anonymous ones, never-linked visitors. */
    private static final String RECENT = """
                SELECT customer_id, product_id FROM (
                  SELECT customer_id, product_id, row_number() OVER (
                           PARTITION BY customer_id ORDER BY max(ts) DESC, product_id DESC) AS n
                    FROM (SELECT user_id AS customer_id, product_id, ts FROM event_log
                           WHERE user_id = ANY (?) AND product_id IS NOT NULL AND kind IN (%1$s)
                          UNION ALL
                          SELECT l.customer_id, e.product_id, e.ts
                            FROM identity_link l JOIN event_log e ON e.anonymous_id = l.alias_id AND e.user_id IS NULL
                           WHERE l.customer_id = ANY (?) AND e.product_id IS NOT NULL AND e.kind IN (%1$s)
                          UNION ALL
                          SELECT anonymous_id, product_id, ts FROM event_log e
                           WHERE anonymous_id = ANY (?) AND user_id IS NULL AND product_id IS NOT NULL
                             AND kind IN (%1$s)
                             AND NOT EXISTS (SELECT 1 FROM identity_link l WHERE l.alias_id = e.anonymous_id)) r
                   GROUP BY customer_id, product_id) latest
                 WHERE n <= ? ORDER BY customer_id, n DESC
                """.formatted(EventKind.PRODUCT_INTERACTIONS_SQL);

    private final AgroalDataSource db;

    Catalogue(AgroalDataSource db) {
        this.db = db;
    }

    public Map<String, Product> products() {
        String sql = "SELECT DISTINCT ON (product_id) product_id, category, price FROM event_log"
                + " WHERE product_id IS NOT NULL ORDER BY product_id, ts DESC";
        Map<String, Product> out = new HashMap<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                double price = rs.getDouble(3);
                out.put(rs.getString(1), new Product(rs.getString(2), rs.wasNull() ? null : price));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the product catalogue: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The customer's latest {@code k} products viewed, clicked or added to cart, oldest first, each product once at
     * its latest time, anonymous events resolved through the identity links (a never-identified visitor is their
     * anonymous id): the same interactions, in the same order, as the recommender learnt from
     * ({@code EventDatasets.interactions}).
     */
    public List<String> recent(String customerId, int k) {
        try (Connection c = db.getConnection()) {
            return recent(c, List.of(customerId), k).getOrDefault(customerId, List.of());
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot read the recent products of " + customerId + ": " + e.getMessage(), e);
        }
    }

    /** {@link #recent(String, int)} of many customers in one query; customers without any are absent. */
    public Map<String, List<String>> recent(Connection c, List<String> customerIds, int k) throws SQLException {
        Map<String, List<String>> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(RECENT)) {
            var ids = c.createArrayOf("text", customerIds.toArray());
            ps.setArray(1, ids);
            ps.setArray(2, ids);
            ps.setArray(3, ids);
            ps.setInt(4, k);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next())
                    out.computeIfAbsent(rs.getString(1), x -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        return out;
    }

    /** Products in the customer's completed orders (order lines and single-product orders). */
    public Set<String> bought(String customerId) {
        try (Connection c = db.getConnection()) {
            return bought(c, List.of(customerId)).getOrDefault(customerId, Set.of());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the orders of " + customerId + ": " + e.getMessage(), e);
        }
    }

    /** {@link #bought(String)} of many customers in one query; customers without orders are absent. */
    public Map<String, Set<String>> bought(Connection c, List<String> customerIds) throws SQLException {
        String sql = "SELECT e.user_id, p->>'product_id' FROM event_log e,"
                + " jsonb_array_elements(coalesce(e.properties->'products', '[]'::jsonb)) p"
                + " WHERE e.user_id = ANY (?) AND e.kind = 'order_completed'"
                + " UNION SELECT user_id, product_id FROM event_log"
                + " WHERE user_id = ANY (?) AND kind = 'order_completed' AND product_id IS NOT NULL";
        Map<String, Set<String>> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            var ids = c.createArrayOf("text", customerIds.toArray());
            ps.setArray(1, ids);
            ps.setArray(2, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(2) != null)
                        out.computeIfAbsent(rs.getString(1), k -> new HashSet<>())
                                .add(rs.getString(2));
                }
            }
        }
        return out;
    }
}
