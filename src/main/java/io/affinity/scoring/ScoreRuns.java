package io.affinity.scoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.models.UseCase;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The record of batch runs in {@code score_run}: started, then done or failed with its error. */
@ApplicationScoped
class ScoreRuns {

    private final AgroalDataSource db;
    private final ObjectMapper json;

    ScoreRuns(AgroalDataSource db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    /** The latest finished run of a use case with what it measured. */
    Optional<ScoredPopulation> latest(UseCase useCase) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, model_version, finished_at, customers, summary"
                        + " FROM score_run WHERE use_case = ? AND status = 'done' ORDER BY id DESC LIMIT 1")) {
            ps.setString(1, useCase.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                String summary = rs.getString(5);
                ScoredPopulation.Measured m = summary == null
                        ? new ScoredPopulation.Measured(List.of(), List.of())
                        : json.readValue(summary, ScoredPopulation.Measured.class);
                return Optional.of(new ScoredPopulation(
                        rs.getLong(1),
                        useCase.id(),
                        rs.getInt(2),
                        rs.getTimestamp(3).toInstant(),
                        rs.getInt(4),
                        m.histogram(),
                        m.drift()));
            }
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot read the latest " + useCase + " run: " + e.getMessage(), e);
        }
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

    /** @param measured what the run's writer measured, or null */
    void finish(long runId, String status, int customers, String error, ScoredPopulation.Measured measured) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE score_run SET status = ?, customers = ?,"
                        + " finished_at = now(), error = ?, summary = ?::jsonb WHERE id = ?")) {
            ps.setString(1, status);
            ps.setInt(2, customers);
            ps.setString(3, error);
            ps.setString(4, measured == null ? null : json.writeValueAsString(measured));
            ps.setLong(5, runId);
            ps.executeUpdate();
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot record score run " + runId + ": " + e.getMessage(), e);
        }
    }
}
