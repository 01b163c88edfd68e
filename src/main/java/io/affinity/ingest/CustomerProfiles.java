package io.affinity.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Customers' profiles as their {@code identify} calls left them: traits merged, when first and last identified. */
@ApplicationScoped
public class CustomerProfiles {

    /** A customer's traits, as JSON the caller sent (text; render it escaped). */
    public record Profile(String customerId, JsonNode traits, Instant createdAt, Instant updatedAt) {}

    private final AgroalDataSource db;
    private final ObjectMapper json;

    CustomerProfiles(AgroalDataSource db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    public Optional<Profile> find(String customerId) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT traits, created_at, updated_at FROM customer WHERE customer_id = ?")) {
            ps.setString(1, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new Profile(
                        customerId,
                        json.readTree(rs.getString(1)),
                        rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3).toInstant()));
            }
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot read the profile of a customer: " + e.getMessage(), e);
        }
    }

    /** Customers whose trait {@code name} is exactly {@code value} (as text), by id; on the traits' GIN index. */
    public List<String> withTrait(String name, String value, int limit) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT customer_id FROM customer WHERE traits @> ?::jsonb"
                        + " ORDER BY customer_id LIMIT " + limit)) {
            ps.setString(1, json.createObjectNode().put(name, value).toString());
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot search the customers' traits: " + e.getMessage(), e);
        }
    }
}
