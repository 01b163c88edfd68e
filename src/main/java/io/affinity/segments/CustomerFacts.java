package io.affinity.segments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.affinity.features.AggregatesRefreshed;
import io.affinity.models.UseCase;
import io.affinity.scoring.BatchRunFinished;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The customer facts rules run on: table {@code segment_fact}, one row per customer with aggregates holding every
 * field of {@link Fields#known()} as a column (behaviour, each probability use case's probability and band, the top
 * recommended category) and the profile traits. Rebuilt whole from the published read models ({@code
 * customer_behaviour}, {@code customer_profile}, {@code latest_score}, {@code latest_ranking}) after every aggregate
 * refresh and batch run, at startup when missing or out of date, and on request.
 *
 * <p>Why a copy: a live count over the read models hash-joins four tables of a million rows (1.2-1.6 s at a million
 * customers); over the facts it is one parallel scan (0.27-0.33 s in SegmentBenchmark beside the application, 0.15-0.22 s
 * in psql alone). Behaviour and scores are snapshots already (as of
 * the aggregate refresh, of the batch run), so the copy adds no staleness to them; traits are as of the last build
 * instead of the last identify call. A build reads one snapshot (REPEATABLE READ) into a new table and swaps it in,
 * so readers see the old facts or the new, never half of them. Each build is recorded in {@code
 * segment_fact_build}: when, the aggregates' as-of time and the model versions whose scores it copied.
 */
@ApplicationScoped
public class CustomerFacts {

    private static final Logger LOG = Logger.getLogger(CustomerFacts.class);
    private static final long BUILD_LOCK = 0x4146_0014L;
    static final String TABLE = "segment_fact";

    /** One build of the facts. */
    public record Build(
            long id,
            Instant builtAt,
            Instant behaviourAsOf,
            int customers,
            JsonNode modelVersions,
            int millis,
            String trigger) {}

    private final AgroalDataSource db;
    private final ObjectMapper json;

    CustomerFacts(AgroalDataSource db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    /** The facts column of a field; TRAIT and CLICK fields are not columns of their own. */
    static String column(Field f) {
        return switch (f.source()) {
            case BEHAVIOUR -> f.key(); // the aggregate's column name, from Fields
            case PROBABILITY -> f.key() + "_probability";
            case BAND -> f.key() + "_band";
            case RECOMMENDED -> "recommended_category";
            case TRAIT, CLICK -> throw new IllegalArgumentException(f.name() + " is not a column of the facts");
        };
    }

    /** The columns a build writes, in order. */
    static List<String> columns() {
        List<String> out = new ArrayList<>(List.of("customer_id"));
        for (Field f : Fields.known()) out.add(column(f));
        out.add("traits");
        return out;
    }

    /** The SELECT of a build: every column from the published read models. Ids come from UseCase, not callers. */
    static String select() {
        StringBuilder cols = new StringBuilder("a.customer_id");
        Set<String> scored = new LinkedHashSet<>();
        boolean recommended = false;
        for (Field f : Fields.known()) {
            switch (f.source()) {
                case BEHAVIOUR -> cols.append(", a.").append(f.key());
                case PROBABILITY, BAND -> {
                    scored.add(f.key());
                    String what = f.source() == Field.Source.PROBABILITY ? "probability" : "band";
                    cols.append(", s_").append(f.key()).append('.').append(what);
                    cols.append(" AS ").append(column(f));
                }
                case RECOMMENDED -> {
                    recommended = true;
                    cols.append(", r.category AS ").append(column(f));
                }
                case TRAIT, CLICK -> throw new IllegalStateException("not a fixed field: " + f.name());
            }
        }
        cols.append(", p.traits");
        StringBuilder from = new StringBuilder(
                " FROM customer_behaviour a LEFT JOIN customer_profile p ON p.customer_id = a.customer_id");
        for (String u : scored)
            from.append(" LEFT JOIN latest_score s_")
                    .append(u)
                    .append(" ON s_")
                    .append(u)
                    .append(".customer_id = a.customer_id AND s_")
                    .append(u)
                    .append(".use_case = '")
                    .append(u)
                    .append('\'');
        if (recommended)
            from.append(" LEFT JOIN latest_ranking r ON r.customer_id = a.customer_id AND r.use_case = '")
                    .append(UseCase.RECOMMEND.id())
                    .append("' AND r.rank = 1");
        return "SELECT " + cols + from;
    }

    /** Builds the facts now and swaps them in. */
    public Build build(String trigger) {
        long start = System.nanoTime();
        Instant at = Instant.now();
        try (Connection c = db.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(" + BUILD_LOCK + ")"); // one build at a time
                JsonNode versions = versions(c);
                Instant asOf = null;
                try (ResultSet rs = st.executeQuery("SELECT as_of FROM customer_behaviour LIMIT 1")) {
                    if (rs.next()) asOf = rs.getTimestamp(1).toInstant(); // one refresh writes one as_of for all
                }
                st.execute("DROP TABLE IF EXISTS " + TABLE + "_next");
                int customers = st.executeUpdate("CREATE TABLE " + TABLE + "_next AS " + select());
                st.execute("ALTER TABLE " + TABLE + "_next ADD CONSTRAINT " + TABLE + "_next_pkey PRIMARY KEY"
                        + " (customer_id)");
                st.execute("ANALYZE " + TABLE + "_next");
                st.execute("DROP TABLE IF EXISTS " + TABLE);
                st.execute("ALTER TABLE " + TABLE + "_next RENAME TO " + TABLE);
                st.execute("ALTER INDEX " + TABLE + "_next_pkey RENAME TO " + TABLE + "_pkey");
                int millis = (int) ((System.nanoTime() - start) / 1_000_000);
                long id;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO segment_fact_build (built_at,"
                        + " behaviour_as_of, customers, model_versions, millis, trigger)"
                        + " VALUES (?, ?, ?, ?::jsonb, ?, ?) RETURNING id")) {
                    ps.setTimestamp(1, Timestamp.from(at));
                    ps.setTimestamp(2, asOf == null ? null : Timestamp.from(asOf));
                    ps.setInt(3, customers);
                    ps.setString(4, versions.toString());
                    ps.setInt(5, millis);
                    ps.setString(6, trigger);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                }
                c.commit();
                c.setAutoCommit(true);
                // VACUUM (outside the transaction) marks every page all-visible, so scans skip the per-row visibility
                // check (a count 15-20% faster) and autovacuum does not do it later at a time of its choosing.
                st.execute("VACUUM " + TABLE);
                millis = (int) ((System.nanoTime() - start) / 1_000_000);
                st.execute("UPDATE segment_fact_build SET millis = " + millis + " WHERE id = " + id);
                LOG.infof("customer facts of %d customers built in %d ms (%s)", customers, millis, trigger);
                return new Build(id, at, asOf, customers, versions, millis, trigger);
            } catch (SQLException | RuntimeException e) {
                if (!c.getAutoCommit()) c.rollback();
                throw e;
            } finally {
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot build the customer facts: " + e.getMessage(), e);
        }
    }

    /** Per use case, the model version and batch run of its latest finished run (null when it has none). */
    private ObjectNode versions(Connection c) throws SQLException {
        ObjectNode out = json.createObjectNode();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT use_case, model_version, run_id FROM latest_score_run")) {
            while (rs.next())
                out.putObject(rs.getString(1)).put("version", rs.getInt(2)).put("batchRun", rs.getLong(3));
        }
        for (UseCase u : UseCase.ALL) if (!out.has(u.id())) out.putNull(u.id());
        return out;
    }

    /** The latest build, if any. */
    public Optional<Build> latest() {
        try (Connection c = db.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id, built_at, behaviour_as_of, customers, model_versions,"
                        + " millis, trigger FROM segment_fact_build ORDER BY id DESC LIMIT 1")) {
            if (!rs.next()) return Optional.empty();
            Timestamp asOf = rs.getTimestamp(3);
            return Optional.of(new Build(
                    rs.getLong(1),
                    rs.getTimestamp(2).toInstant(),
                    asOf == null ? null : asOf.toInstant(),
                    rs.getInt(4),
                    json.readTree(rs.getString(5)),
                    rs.getInt(6),
                    rs.getString(7)));
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot read the customer facts' builds: " + e.getMessage(), e);
        }
    }

    /** Builds the facts when the table is missing or its columns are not the fields' (a use case was added). */
    void onStart(@Observes StartupEvent start) {
        List<String> have = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns"
                        + " WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, TABLE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) have.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the customer facts' columns: " + e.getMessage(), e);
        }
        if (!have.equals(columns())) build(have.isEmpty() ? "startup: none yet" : "startup: the fields changed");
    }

    /** New aggregates (and traits with them): the facts follow each refresh. */
    void afterAggregates(@Observes(during = TransactionPhase.AFTER_SUCCESS) AggregatesRefreshed refreshed) {
        rebuildQuietly("after the aggregate refresh as of " + refreshed.asOf());
    }

    /**
     * New scores: the facts are rebuilt before the batch run's caller gets its answer (a synchronous observer), so a
     * count right after a run reads its scores; the segments' refresh follows asynchronously.
     */
    void afterBatchRun(@Observes BatchRunFinished run) {
        rebuildQuietly("after the " + run.useCase() + " batch run " + run.runId());
    }

    /** What triggered a rebuild has committed already: a failed build is logged, the old facts stay. */
    private void rebuildQuietly(String trigger) {
        try {
            build(trigger);
        } catch (RuntimeException e) {
            LOG.errorf(e, "customer facts not rebuilt (%s); the previous build stays", trigger);
        }
    }

    /** Erasure: the customer's row goes now, not at the next build. */
    static void erase(Connection c, java.sql.Array ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE customer_id = ANY (?)")) {
            ps.setArray(1, ids);
            ps.executeUpdate();
        }
    }
}
