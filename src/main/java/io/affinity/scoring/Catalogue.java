package io.affinity.scoring;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    private final AgroalDataSource db;

    Catalogue(AgroalDataSource db) {
        this.db = db;
    }

    public Map<String, Product> products() {
        String sql = "SELECT DISTINCT ON (product_id) product_id, category, price FROM event"
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
        String sql = "SELECT e.user_id, p->>'product_id' FROM event e,"
                + " jsonb_array_elements(coalesce(e.properties->'products', '[]'::jsonb)) p"
                + " WHERE e.user_id = ANY (?) AND e.kind = 'order_completed'"
                + " UNION SELECT user_id, product_id FROM event"
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
