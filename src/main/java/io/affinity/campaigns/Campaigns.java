package io.affinity.campaigns;

import io.affinity.ingest.CustomerDeleted;
import io.affinity.segments.SegmentException;
import io.affinity.segments.SegmentRefresh;
import io.affinity.segments.Segments;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

/**
 * Campaigns: created from a segment, an offer, a window and a holdout share. At launch the segment is refreshed and
 * its members become the campaign's audience, each assigned to treated or holdout by {@link Assignment} and written
 * with COPY in pages; the audience does not change afterwards, so treated and holdout stay comparable.
 */
@ApplicationScoped
public class Campaigns {

    private static final Logger LOG = Logger.getLogger(Campaigns.class);
    static final int PAGE = 10_000;
    static final double DEFAULT_HOLDOUT = 0.10;
    static final double MAX_HOLDOUT = 0.90;

    /** What a campaign offers: a promotion (whose clicks are then measured) or a text, or both. */
    public record Offer(String promotionId, String text) {}

    /** A campaign as created over the API or on the page; {@code holdoutShare} 0.1 by default, {@code salt} drawn. */
    public record Draft(
            String name,
            Long segmentId,
            Offer offer,
            Instant startsAt,
            Instant endsAt,
            Double holdoutShare,
            String salt) {}

    /**
     * A launched campaign.
     *
     * @param status scheduled (before its window), running or ended
     * @param treated customers who get the offer; {@code holdout} those withheld from it
     */
    public record Campaign(
            long id,
            String name,
            long segmentId,
            String segmentName,
            Offer offer,
            Instant startsAt,
            Instant endsAt,
            double holdoutShare,
            String salt,
            long treated,
            long holdout,
            String createdBy,
            Instant createdAt,
            String status) {}

    /** A customer's place in a campaign. */
    public record Membership(long campaignId, String campaignName, String status, boolean treated, int bucket) {}

    private final AgroalDataSource db;
    private final Segments segments;
    private final SegmentRefresh refresh;
    private final SecureRandom random = new SecureRandom();

    Campaigns(AgroalDataSource db, Segments segments, SegmentRefresh refresh) {
        this.db = db;
        this.segments = segments;
        this.refresh = refresh;
    }

    public Campaign create(Draft draft, String by) {
        Checked d = check(draft);
        Segments.Segment segment;
        try {
            segment = segments.require(d.segmentId);
        } catch (SegmentException e) {
            throw new CampaignException(400, "segmentId: there is no segment " + d.segmentId);
        }
        refresh.refresh(segment.id(), "at the launch of campaign '" + d.name + "'");
        long id = QuarkusTransaction.requiringNew().call(() -> launch(d, segment, by));
        Campaign c = require(id);
        LOG.infof(
                "campaign %d (%s) launched on segment %d: %d treated, %d held out",
                id, c.name(), segment.id(), c.treated(), c.holdout());
        return c;
    }

    private record Checked(
            String name,
            long segmentId,
            String promotionId,
            String text,
            Instant startsAt,
            Instant endsAt,
            int holdoutBuckets,
            String salt) {}

    private Checked check(Draft d) {
        if (d == null)
            throw new CampaignException(
                    400, "a JSON body with name, segmentId, offer, startsAt and endsAt is required");
        String name = d.name() == null ? "" : d.name().strip();
        if (name.isEmpty()) throw new CampaignException(400, "name: a campaign needs a name");
        if (name.length() > 200) throw new CampaignException(400, "name: at most 200 characters");
        if (d.segmentId() == null) throw new CampaignException(400, "segmentId: the segment the campaign goes to");
        String promotion = d.offer() == null ? null : blankToNull(d.offer().promotionId());
        String text = d.offer() == null ? null : blankToNull(d.offer().text());
        if (promotion == null && text == null)
            throw new CampaignException(
                    400,
                    "offer: give offer.promotionId (a promotion whose clicks are measured)," + " offer.text, or both");
        if (promotion != null && promotion.length() > 200)
            throw new CampaignException(400, "offer.promotionId: at most 200 characters");
        if (text != null && text.length() > 2000)
            throw new CampaignException(400, "offer.text: at most 2000 characters");
        if (d.startsAt() == null) throw new CampaignException(400, "startsAt: when the offer starts (ISO-8601)");
        if (d.endsAt() == null) throw new CampaignException(400, "endsAt: when the offer ends (ISO-8601)");
        if (!d.endsAt().isAfter(d.startsAt()))
            throw new CampaignException(
                    400, "endsAt: must be after startsAt (" + d.startsAt() + "), was " + d.endsAt());
        double share = d.holdoutShare() == null ? DEFAULT_HOLDOUT : d.holdoutShare();
        if (!(share >= 0 && share <= MAX_HOLDOUT))
            throw new CampaignException(
                    400,
                    "holdoutShare: a share of the audience in 0.." + MAX_HOLDOUT + " (0.1 holds out 10%), was "
                            + share);
        String salt =
                d.salt() == null || d.salt().isBlank() ? drawSalt() : d.salt().strip();
        if (salt.length() > 100) throw new CampaignException(400, "salt: at most 100 characters");
        return new Checked(
                name,
                d.segmentId(),
                promotion,
                text,
                d.startsAt(),
                d.endsAt(),
                (int) Math.round(share * Assignment.BUCKETS),
                salt);
    }

    private String drawSalt() {
        byte[] b = new byte[8];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private long launch(Checked d, Segments.Segment segment, String by) throws SQLException {
        try (Connection c = db.getConnection()) {
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO campaign (name, segment_id, segment_name,"
                    + " promotion_id, offer_text, starts_at, ends_at, holdout_buckets, salt, treated, holdout,"
                    + " created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?)"
                    + " ON CONFLICT (name) DO NOTHING RETURNING id")) {
                ps.setString(1, d.name);
                ps.setLong(2, segment.id());
                ps.setString(3, segment.name());
                ps.setString(4, d.promotionId);
                ps.setString(5, d.text);
                ps.setTimestamp(6, Timestamp.from(d.startsAt));
                ps.setTimestamp(7, Timestamp.from(d.endsAt));
                ps.setInt(8, d.holdoutBuckets);
                ps.setString(9, d.salt);
                ps.setString(10, by);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next())
                        throw new CampaignException(409, "name: a campaign named '" + d.name + "' already exists");
                    id = rs.getLong(1);
                }
            }
            long treated = 0, held = 0;
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            String after = "";
            while (true) {
                List<String> ids = new ArrayList<>(PAGE);
                try (PreparedStatement ps = c.prepareStatement("SELECT customer_id FROM segment_membership"
                        + " WHERE segment_id = ? AND customer_id > ? ORDER BY customer_id LIMIT " + PAGE)) {
                    ps.setLong(1, segment.id());
                    ps.setString(2, after);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) ids.add(rs.getString(1));
                    }
                }
                if (ids.isEmpty()) break;
                StringBuilder rows = new StringBuilder(ids.size() * 40);
                for (String customer : ids) {
                    int bucket = Assignment.bucket(d.salt, customer);
                    boolean isTreated = bucket >= d.holdoutBuckets;
                    if (isTreated) treated++;
                    else held++;
                    rows.append(id).append(',');
                    csvField(rows, customer);
                    rows.append(',')
                            .append(bucket)
                            .append(',')
                            .append(isTreated)
                            .append('\n');
                }
                copy.copyIn(
                        "COPY campaign_member (campaign_id, customer_id, bucket, treated) FROM STDIN (FORMAT csv)",
                        new ByteArrayInputStream(rows.toString().getBytes(StandardCharsets.UTF_8)));
                after = ids.get(ids.size() - 1);
                if (ids.size() < PAGE) break;
            }
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE campaign SET treated = ?, holdout = ? WHERE id = ?")) {
                ps.setLong(1, treated);
                ps.setLong(2, held);
                ps.setLong(3, id);
                ps.executeUpdate();
            }
            return id;
        } catch (java.io.IOException e) {
            throw new SQLException("cannot write the campaign's audience: " + e.getMessage(), e);
        }
    }

    /** A CSV field: quoted, quotes doubled (customer ids are the caller's text). */
    private static void csvField(StringBuilder out, String value) {
        out.append('"').append(value.replace("\"", "\"\"")).append('"');
    }

    public List<Campaign> list() {
        return query("ORDER BY c.created_at DESC, c.id DESC", null);
    }

    public Optional<Campaign> find(long id) {
        return query("WHERE c.id = ?", id).stream().findFirst();
    }

    public Campaign require(long id) {
        return find(id).orElseThrow(() -> new CampaignException(404, "there is no campaign " + id));
    }

    public void delete(long id) {
        require(id);
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM campaign WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete campaign " + id + ": " + e.getMessage(), e);
        }
    }

    /** The campaigns a customer is in, newest first, with their arm. */
    public List<Membership> of(String customerId) {
        String sql = "SELECT c.id, c.name, c.starts_at, c.ends_at, m.treated, m.bucket FROM campaign_member m"
                + " JOIN campaign c ON c.id = m.campaign_id WHERE m.customer_id = ? ORDER BY c.created_at DESC";
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, customerId);
            List<Membership> out = new ArrayList<>();
            Instant now = Instant.now();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next())
                    out.add(new Membership(
                            rs.getLong(1),
                            rs.getString(2),
                            status(
                                    rs.getTimestamp(3).toInstant(),
                                    rs.getTimestamp(4).toInstant(),
                                    now),
                            rs.getBoolean(5),
                            rs.getInt(6)));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the campaigns of a customer: " + e.getMessage(), e);
        }
    }

    static String status(Instant starts, Instant ends, Instant now) {
        return now.isBefore(starts) ? "scheduled" : now.isBefore(ends) ? "running" : "ended";
    }

    private List<Campaign> query(String tail, Long id) {
        String sql = "SELECT c.id, c.name, c.segment_id, c.segment_name, c.promotion_id, c.offer_text, c.starts_at,"
                + " c.ends_at, c.holdout_buckets, c.salt, c.treated, c.holdout, c.created_by, c.created_at"
                + " FROM campaign c " + tail;
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            if (id != null) ps.setLong(1, id);
            List<Campaign> out = new ArrayList<>();
            Instant now = Instant.now();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant starts = rs.getTimestamp(7).toInstant(),
                            ends = rs.getTimestamp(8).toInstant();
                    out.add(new Campaign(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getLong(3),
                            rs.getString(4),
                            new Offer(rs.getString(5), rs.getString(6)),
                            starts,
                            ends,
                            rs.getInt(9) / (double) Assignment.BUCKETS,
                            rs.getString(10),
                            rs.getLong(11),
                            rs.getLong(12),
                            rs.getString(13),
                            rs.getTimestamp(14).toInstant(),
                            status(starts, ends, now)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the campaigns: " + e.getMessage(), e);
        }
    }

    /** Erasing a customer removes them from every campaign's audience. */
    void onCustomerDeleted(@Observes CustomerDeleted deleted) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM campaign_member WHERE customer_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", deleted.identities().toArray()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot erase a customer from the campaigns: " + e.getMessage(), e);
        }
    }
}
