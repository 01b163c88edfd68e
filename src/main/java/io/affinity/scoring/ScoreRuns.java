package io.affinity.scoring;

import io.affinity.models.UseCase;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** The record of batch runs in {@code score_run}: started, then done or failed with its error. */
@ApplicationScoped
class ScoreRuns {

    private final AgroalDataSource db;

    ScoreRuns(AgroalDataSource db) {
        this.db = db;
    }

    long start(UseCase useCase, int version, Instant startedAt) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("INSERT INTO score_run (use_case, model_version, status, started_at)"
                                + " VALUES (?, ?, 'running', ?) RETURNING id")) {
            ps.setString(1, useCase.id());
            ps.setInt(2, version);
            ps.setTimestamp(3, Timestamp.from(startedAt));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    void finish(long runId, String status, int customers, String error) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE score_run SET status = ?, customers = ?, finished_at = now(), error = ? WHERE id = ?")) {
            ps.setString(1, status);
            ps.setInt(2, customers);
            ps.setString(3, error);
            ps.setLong(4, runId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record score run " + runId + ": " + e.getMessage(), e);
        }
    }
}
