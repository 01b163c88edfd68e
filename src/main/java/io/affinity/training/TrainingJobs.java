package io.affinity.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.training.errors.TrainingException;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Trainings started over HTTP, as jobs kept in {@code training_job}: queued and run one at a time (a training uses
 * every core), their progress written as they go, their result or failure kept after they end, and a stop by id.
 * The {@code jobs} Lambda and the train command train synchronously, as before; this is for a person or a script
 * that must not hold a request open for minutes.
 */
@ApplicationScoped
public class TrainingJobs {

    private static final Logger LOG = Logger.getLogger(TrainingJobs.class);
    /** Progress is written to the row at most this often (and when the job ends). */
    private static final long FLUSH_MILLIS = 2_000;
    /** A running job whose row has not moved for this long belongs to a process that is gone. */
    static final long LOST_AFTER_MILLIS = 120_000;

    /** A job as {@code GET /api/training/{id}} shows it. */
    public record View(
            long id,
            String kind,
            String useCase,
            String status,
            boolean stopRequested,
            Instant createdAt,
            Instant startedAt,
            Instant finishedAt,
            List<String> progress,
            JsonNode result,
            String error,
            JsonNode request) {}

    private final AgroalDataSource db;
    private final ObjectMapper json;
    private final EventTraining events;
    private final TableTraining tables;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "training-jobs");
        t.setDaemon(true);
        return t;
    });
    /** Stop flags of the jobs queued or running in this process. */
    private final Map<Long, AtomicBoolean> stops = new ConcurrentHashMap<>();
    /** Keeps the rows of this process's jobs fresh while a long step prints nothing, so they are not taken as lost. */
    private final java.util.concurrent.ScheduledExecutorService heartbeat =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "training-jobs-heartbeat");
                t.setDaemon(true);
                return t;
            });

    private final MeterRegistry metrics;

    TrainingJobs(
            AgroalDataSource db, ObjectMapper json, EventTraining events, TableTraining tables, MeterRegistry metrics) {
        this.metrics = metrics;
        this.db = db;
        this.json = json;
        this.events = events;
        this.tables = tables;
        heartbeat.scheduleWithFixedDelay(this::beat, 30, 30, java.util.concurrent.TimeUnit.SECONDS);
    }

    private void beat() {
        for (long id : stops.keySet()) {
            try {
                execute("UPDATE training_job SET updated_at = now() WHERE id = ?", id);
            } catch (RuntimeException e) {
                LOG.debugf("Training job %d: heartbeat not written (%s)", id, e.getMessage());
            }
        }
    }

    /** Checks and queues a training on the event store; what is wrong with it is refused now, not in the job. */
    public View submit(EventJob job) {
        events.check(job);
        return submit("events", job.useCase(), job, (progress, stop) -> events.train(job, progress, stop));
    }

    /** Checks (reads the table) and queues a training on a table. */
    public View submit(TableJob job) {
        tables.check(job);
        return submit("table", job.useCase(), job, (progress, stop) -> tables.trainTable(job, progress, stop));
    }

    private interface Work {
        TrainingReport run(Consumer<String> progress, BooleanSupplier stop);
    }

    private View submit(String kind, String useCase, Object request, Work work) {
        long id = insert(kind, useCase, request);
        AtomicBoolean stop = new AtomicBoolean();
        stops.put(id, stop);
        runner.submit(() -> run(id, useCase, work, stop));
        LOG.infof("Training job %d queued: %s %s", id, kind, useCase);
        return find(id).orElseThrow();
    }

    private void run(long id, String useCase, Work work, AtomicBoolean stop) {
        ManagedContext request = Arc.container().requestContext();
        request.activate();
        Progress progress = new Progress(id);
        long start = System.nanoTime();
        String outcome = "failed";
        try {
            update(id, "running", "started_at = now(), ", null, null, progress.lines());
            TrainingReport report = work.run(progress, stop::get);
            update(id, "done", "", json.valueToTree(report), null, progress.lines());
            outcome = "done";
        } catch (RuntimeException e) {
            // Bad data found while training (too little history, a bad line) is the caller's to read in the job.
            boolean theirs = e instanceof TrainingException; // bad data (TableException among them)
            if (!theirs) LOG.errorf(e, "Training job %d failed", id);
            String why = theirs ? e.getMessage() : "the training failed unexpectedly; it was logged";
            update(id, "failed", "", null, why, progress.lines());
        } finally {
            stops.remove(id);
            request.terminate();
            metrics.timer("affinity.training", "use_case", useCase, "outcome", outcome)
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Asks a queued or running job to stop: it keeps the trials and epochs done, and still registers what it trained.
     *
     * @return the job, or empty when there is none with this id
     * @throws IllegalStateException when it has ended already
     */
    public Optional<View> stop(long id) {
        Optional<View> job = find(id);
        if (job.isEmpty()) return job;
        if (!job.get().status().equals("queued") && !job.get().status().equals("running"))
            throw new IllegalStateException(
                    "training job " + id + " has ended (" + job.get().status() + ")");
        AtomicBoolean flag = stops.get(id);
        if (flag != null) flag.set(true);
        execute("UPDATE training_job SET stop_requested = true WHERE id = ?", id);
        return find(id);
    }

    public Optional<View> find(long id) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, kind, use_case, status, stop_requested,"
                        + " created_at, started_at, finished_at, progress, result, error, request,"
                        + " extract(epoch from (now() - updated_at)) * 1000 FROM training_job WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                String status = rs.getString(4);
                boolean here = stops.containsKey(id);
                if ((status.equals("running") || status.equals("queued"))
                        && !here
                        && rs.getDouble(13) > LOST_AFTER_MILLIS) status = "lost"; // its process stopped meanwhile
                List<String> lines = new ArrayList<>();
                json.readTree(rs.getString(9)).forEach(l -> lines.add(l.asText()));
                return Optional.of(new View(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        status,
                        rs.getBoolean(5),
                        instant(rs, 6),
                        instant(rs, 7),
                        instant(rs, 8),
                        lines,
                        rs.getString(10) == null ? null : json.readTree(rs.getString(10)),
                        rs.getString(11),
                        json.readTree(rs.getString(12))));
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot read training job " + id + ": " + e.getMessage(), e);
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        var t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private long insert(String kind, String useCase, Object request) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO training_job (kind, use_case, request, status)"
                        + " VALUES (?, ?, ?::jsonb, 'queued') RETURNING id")) {
            ps.setString(1, kind);
            ps.setString(2, useCase);
            ps.setString(3, json.writeValueAsString(request));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot queue the training: " + e.getMessage(), e);
        }
    }

    private void update(long id, String status, String also, JsonNode result, String error, List<String> lines) {
        boolean ended = status.equals("done") || status.equals("failed");
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE training_job SET status = ?, " + also
                        + "progress = ?::jsonb, result = ?::jsonb, error = ?, updated_at = now()"
                        + (ended ? ", finished_at = now()" : "") + " WHERE id = ?")) {
            ps.setString(1, status);
            ps.setString(2, json.writeValueAsString(lines));
            ps.setString(3, result == null ? null : result.toString());
            ps.setString(4, error);
            ps.setLong(5, id);
            ps.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            LOG.warnf("Training job %d: cannot record its state (%s)", id, e.getMessage());
        }
    }

    private void progressed(long id, List<String> lines) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE training_job SET progress = ?::jsonb, updated_at = now() WHERE id = ?")) {
            ps.setString(1, json.writeValueAsString(lines));
            ps.setLong(2, id);
            ps.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            LOG.warnf("Training job %d: cannot record its progress (%s)", id, e.getMessage());
        }
    }

    private void execute(String sql, long id) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("training job " + id + ": " + e.getMessage(), e);
        }
    }

    /** The job's latest progress lines, logged and written to its row at most every two seconds. */
    private final class Progress implements Consumer<String> {
        private final long id;
        private final Deque<String> lines = new ArrayDeque<>();
        private long flushedAt = System.currentTimeMillis();

        Progress(long id) {
            this.id = id;
        }

        @Override
        public void accept(String line) {
            LOG.infof("Training job %d: %s", id, line);
            List<String> snapshot;
            synchronized (lines) {
                if (lines.size() == TrainingControl.LINES_KEPT) lines.removeFirst();
                lines.addLast(line);
                if (System.currentTimeMillis() - flushedAt < FLUSH_MILLIS) return;
                flushedAt = System.currentTimeMillis();
                snapshot = new ArrayList<>(lines);
            }
            progressed(id, snapshot);
        }

        List<String> lines() {
            synchronized (lines) {
                return new ArrayList<>(lines);
            }
        }
    }

    @PreDestroy
    void close() {
        heartbeat.shutdownNow();
        runner.shutdownNow();
    }
}
