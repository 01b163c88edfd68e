package io.affinity.training;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The training jobs running in this process: what each is doing (its latest progress lines: trials, epochs, loss,
 * validation metric), and a way for a person to stop them early: hyperparameter search keeps the best trial so far,
 * NeuMF its best epoch so far; what was trained is still evaluated, exported and registered.
 */
@ApplicationScoped
public class TrainingControl {

    /** Progress lines kept per job. */
    static final int LINES_KEPT = 50;

    /** A running job as {@code GET /api/training} shows it, latest progress line last. */
    public record Running(long id, String job, Instant startedAt, boolean stopRequested, List<String> progress) {}

    private final Map<Long, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();

    /** Marks a job as running; the returned handle records its progress and ends it. */
    Job start(String description) {
        return start(description, () -> false);
    }

    /** As {@link #start(String)}, stopped also when {@code stopThis} says so (a stop of this one job by its id). */
    Job start(String description, BooleanSupplier stopThis) {
        Job job = new Job(ids.incrementAndGet(), description, Instant.now(), stopThis);
        jobs.put(job.id, job);
        return job;
    }

    /** @return false when no training is running */
    public synchronized boolean requestStop() {
        if (jobs.isEmpty()) return false;
        stop.set(true);
        return true;
    }

    public BooleanSupplier stopRequested() {
        return stop::get;
    }

    /** The running jobs, oldest first. */
    public List<Running> running() {
        return jobs.values().stream()
                .sorted(Comparator.comparingLong(j -> j.id))
                .map(j -> new Running(
                        j.id, j.description, j.startedAt, j.stopRequested().getAsBoolean(), j.latest()))
                .toList();
    }

    /** A running job; closing it clears a stop request once no job is left. */
    final class Job implements AutoCloseable {
        private final long id;
        private final String description;
        private final Instant startedAt;
        private final Deque<String> lines = new ArrayDeque<>();
        private final BooleanSupplier stopThis;

        private Job(long id, String description, Instant startedAt, BooleanSupplier stopThis) {
            this.id = id;
            this.description = description;
            this.startedAt = startedAt;
            this.stopThis = stopThis;
        }

        /** True once every training was asked to stop, or this one. */
        BooleanSupplier stopRequested() {
            return () -> stop.get() || stopThis.getAsBoolean();
        }

        /** {@code progress}, with every line also kept for {@link #running()}. */
        Consumer<String> recording(Consumer<String> progress) {
            return line -> {
                synchronized (lines) {
                    if (lines.size() == LINES_KEPT) lines.removeFirst();
                    lines.addLast(line);
                }
                progress.accept(line);
            };
        }

        private List<String> latest() {
            synchronized (lines) {
                return new ArrayList<>(lines);
            }
        }

        @Override
        public void close() {
            jobs.remove(id);
            synchronized (TrainingControl.this) {
                if (jobs.isEmpty()) stop.set(false);
            }
        }
    }
}
