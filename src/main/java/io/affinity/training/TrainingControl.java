package io.affinity.training;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Lets a person stop the training jobs running in this process early: hyperparameter search keeps the best trial
 * so far, NeuMF its best epoch so far; what was trained is still evaluated, exported and registered.
 */
@ApplicationScoped
public class TrainingControl {

    private final AtomicInteger running = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();

    /** Marks a job as running; the returned handle ends it. */
    Job start() {
        running.incrementAndGet();
        return new Job();
    }

    /** @return false when no training is running */
    public boolean requestStop() {
        if (running.get() == 0) return false;
        stop.set(true);
        return true;
    }

    public BooleanSupplier stopRequested() {
        return stop::get;
    }

    /** A running job; closing it clears a stop request once no job is left. */
    final class Job implements AutoCloseable {
        @Override
        public void close() {
            if (running.decrementAndGet() == 0) stop.set(false);
        }
    }
}
