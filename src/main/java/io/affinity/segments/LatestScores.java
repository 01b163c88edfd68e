package io.affinity.segments;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest batch score and band of every probability use case for a page of customers, read by their ids (on the
 * scores' customer index): what the members pages and the export show beside each member. Joining the scores view to
 * the members instead reads every score of the latest runs.
 */
final class LatestScores {

    private LatestScores() {}

    /** By customer, then use case; a customer the latest runs did not score is absent. */
    static Map<String, Map<String, SegmentMembers.Score>> of(Connection c, List<String> customerIds)
            throws SQLException {
        Map<String, Map<String, SegmentMembers.Score>> out = new HashMap<>();
        if (customerIds.isEmpty()) return out;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT customer_id, use_case, probability, band FROM latest_score WHERE customer_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", customerIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next())
                    out.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                            .put(rs.getString(2), new SegmentMembers.Score(rs.getDouble(3), rs.getString(4)));
            }
        }
        return out;
    }
}
