package io.affinity.features;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.ingest.CustomerDeleted;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Keeps {@code customer_aggregate} current: a periodic full recompute as of now (windows slide with time, so an
 * incremental update would be wrong by tomorrow), and removal when a customer is deleted.
 */
@ApplicationScoped
public class CustomerAggregateService {

    private static final Logger LOG = Logger.getLogger(CustomerAggregateService.class);
    private static final long REFRESH_LOCK = 0x4146_0001L;

    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;
    private final Event<AggregatesRefreshed> refreshed;

    CustomerAggregateService(AgroalDataSource dataSource, ObjectMapper mapper, Event<AggregatesRefreshed> refreshed) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.refreshed = refreshed;
    }

    @Scheduled(
            every = "${affinity.features.refresh-every:5m}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRefresh() {
        refresh(Instant.now());
    }

    /**
     * Recomputes identity links and every customer's aggregates as of the given time, in one transaction.
     *
     * @return the number of customers
     */
    @Transactional
    public int refresh(Instant asOf) {
        long t0 = System.nanoTime();
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(" + REFRESH_LOCK + ")");
            st.execute(AggregateSql.REBUILD_LINKS);
            st.execute("DELETE FROM customer_aggregate");
            int n;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO customer_aggregate " + AggregateSql.SELECT)) {
                ps.setTimestamp(1, Timestamp.from(asOf));
                n = ps.executeUpdate();
            }
            LOG.infof("Aggregates of %d customers refreshed in %d ms", n, (System.nanoTime() - t0) / 1_000_000);
            refreshed.fire(new AggregatesRefreshed(asOf, n)); // its observers run after the commit
            return n;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not refresh customer aggregates: " + e.getMessage(), e);
        }
    }

    /**
     * Every customer's aggregates as of a past (or present) time, computed from the events at or before it and not
     * stored: the point-in-time features of training sets. Uses the current identity links.
     */
    public List<CustomerAggregate> computeAsOf(Instant asOf) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(AggregateSql.SELECT)) {
            ps.setTimestamp(1, Timestamp.from(asOf));
            List<CustomerAggregate> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(read(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not compute aggregates as of " + asOf + ": " + e.getMessage(), e);
        }
    }

    /**
     * A page of stored aggregates in customer-id order, after {@code after} (null for the first page), read on the
     * caller's connection so a batch job can page and write in one transaction.
     */
    public List<CustomerAggregate> page(Connection c, String after, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM customer_aggregate WHERE customer_id > ? ORDER BY customer_id LIMIT ?")) {
            ps.setString(1, after == null ? "" : after);
            ps.setInt(2, limit);
            List<CustomerAggregate> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(read(rs));
            }
            return out;
        }
    }

    /** The stored aggregates of a customer, if any. */
    @Transactional
    /** How many customers have aggregates (the dashboard's headline figure). */
    public long customers() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM customer_aggregate");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not count the customers: " + e.getMessage(), e);
        }
    }

    public Optional<CustomerAggregate> find(String customerId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT * FROM customer_aggregate WHERE customer_id = ?")) {
            ps.setString(1, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read aggregates of " + customerId, e);
        }
    }

    /** Deleting a customer removes their aggregates and identity links with the rest of their data. */
    void onCustomerDeleted(@Observes CustomerDeleted deleted) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement aggregates =
                        c.prepareStatement("DELETE FROM customer_aggregate WHERE customer_id = ANY (?)");
                PreparedStatement links = c.prepareStatement(
                        "DELETE FROM identity_link WHERE customer_id = ANY (?) OR alias_id = ANY (?)")) {
            var ids = c.createArrayOf("text", deleted.identities().toArray());
            aggregates.setArray(1, ids);
            aggregates.executeUpdate();
            links.setArray(1, ids);
            links.setArray(2, ids);
            links.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not delete aggregates of " + deleted.customerId(), e);
        }
    }

    private CustomerAggregate read(ResultSet rs) throws SQLException {
        return new CustomerAggregate(
                rs.getString("customer_id"),
                instant(rs, "as_of"),
                instant(rs, "first_seen"),
                instant(rs, "last_seen"),
                rs.getDouble("recency_days"),
                rs.getInt("events_7d"),
                rs.getInt("events_30d"),
                rs.getInt("events_90d"),
                rs.getInt("active_days_30d"),
                rs.getInt("product_views_30d"),
                rs.getInt("cart_adds_30d"),
                rs.getInt("orders_30d"),
                rs.getInt("orders_90d"),
                rs.getInt("orders_total"),
                rs.getDouble("revenue_30d"),
                rs.getDouble("revenue_90d"),
                rs.getDouble("revenue_total"),
                rs.getInt("promo_views_30d"),
                rs.getInt("promo_clicks_30d"),
                instant(rs, "last_order_at"),
                rs.getBoolean("subscribed"),
                instant(rs, "cancelled_at"),
                counts(rs.getString("kind_counts_90d")),
                counts(rs.getString("category_counts_90d")));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private Map<String, Integer> counts(String json) {
        try {
            return mapper.readValue(json, new TypeReference<>() {});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
