package io.affinity.training;

import io.affinity.training.data.LabelledData;
import io.affinity.training.eval.ClassifierEvaluator;
import io.affinity.training.trainers.ClassifierTrainer;
import io.affinity.training.trainers.Hyperparameters;
import io.affinity.training.trainers.TrainedClassifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Random search (or the whole grid when it is no larger than the budget): draws {@code trials} hyperparameter
 * sets from the trainer's search space with a seeded generator, fits each on the training part and keeps the one
 * with the best ROC AUC on the validation part. Same seed, same draws, same winner.
 */
public final class HyperparameterSearch {

    /** One tried set and its validation ROC AUC. */
    public record Trial(Hyperparameters params, double validationAuc, long millis) {}

    /** All trials, best first. */
    public record Result(Trial best, List<Trial> trials) {}

    private HyperparameterSearch() {}

    /** Rows to fit on and rows to measure on: one validation split, or one fold of a cross-validation. */
    public record Fold(LabelledData fit, LabelledData validation) {}

    public static Result run(
            ClassifierTrainer trainer,
            LabelledData train,
            LabelledData validation,
            int trials,
            long seed,
            Consumer<String> progress,
            BooleanSupplier stop) {
        return run(trainer, List.of(new Fold(train, validation)), trials, seed, progress, stop);
    }

    /**
     * Each drawn set is fitted on every fold's fit rows; its score is the mean ROC AUC over the folds. Trials run
     * side by side, one per core, unless one fit already uses every core ({@link ClassifierTrainer#usesAllCores}).
     * A stop request lets the running trials finish and starts no new one; the first trial always runs. The result
     * does not depend on the order trials finish in: ties keep the order they were drawn in.
     */
    public static Result run(
            ClassifierTrainer trainer,
            List<Fold> folds,
            int trials,
            long seed,
            Consumer<String> progress,
            BooleanSupplier stop) {
        List<Hyperparameters> drawn = draw(new TreeMap<>(trainer.searchSpace()), trials, seed);
        int threads = trainer.usesAllCores()
                ? 1
                : Math.min(drawn.size(), Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "search-" + trainer.algorithm());
            t.setDaemon(true);
            return t;
        });
        CompletionService<Trial> running = new ExecutorCompletionService<>(pool);
        Map<Hyperparameters, Trial> done = new HashMap<>();
        try {
            int submitted = 0;
            boolean stopped = false;
            while (true) {
                while (!stopped && submitted < drawn.size() && submitted - done.size() < threads) {
                    if (submitted > 0 && stop.getAsBoolean()) {
                        stopped = true;
                        break;
                    }
                    Hyperparameters p = drawn.get(submitted++);
                    running.submit(() -> trial(trainer, folds, p, seed));
                }
                if (done.size() == submitted) break; // nothing left running, nothing more to start
                Trial trial = running.take().get();
                done.put(trial.params(), trial);
                progress.accept(String.format(
                        "%s trial %d/%d %s: validation ROC AUC %.4f (%d ms)",
                        trainer.algorithm(),
                        done.size(),
                        drawn.size(),
                        trial.params().values(),
                        trial.validationAuc(),
                        trial.millis()));
            }
            if (stopped) progress.accept(trainer.algorithm() + ": stopped on request after " + done.size() + " trials");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(trainer.algorithm() + ": search interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(trainer.algorithm() + ": " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<Trial> results = new ArrayList<>();
        for (Hyperparameters p : drawn) if (done.containsKey(p)) results.add(done.get(p));
        results.sort((a, b) -> Double.compare(b.validationAuc(), a.validationAuc())); // stable: ties in draw order
        return new Result(results.get(0), results);
    }

    private static Trial trial(ClassifierTrainer trainer, List<Fold> folds, Hyperparameters p, long seed) {
        long start = System.nanoTime();
        double auc = 0;
        for (Fold fold : folds) {
            TrainedClassifier model = trainer.fit(fold.fit(), p, seed);
            auc += ClassifierEvaluator.evaluate(
                                    model.predict(fold.validation().x()),
                                    fold.validation().y(),
                                    0.5,
                                    false)
                            .rocAuc()
                    / folds.size();
        }
        return new Trial(p, auc, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * The sets to try: the whole grid when it has no more points than {@code trials} (a small space is covered,
     * not sampled with repeats), else {@code trials} seeded random draws with repeats left out.
     */
    static List<Hyperparameters> draw(TreeMap<String, List<Object>> space, int trials, long seed) {
        long points = space.values().stream().mapToLong(List::size).reduce(1, Math::multiplyExact);
        List<Hyperparameters> drawn = new ArrayList<>();
        if (points <= trials) {
            for (int index = 0; index < points; index++) {
                Map<String, Object> values = new HashMap<>();
                int rest = index;
                for (var dimension : space.entrySet()) {
                    List<Object> choices = dimension.getValue();
                    values.put(dimension.getKey(), choices.get(rest % choices.size()));
                    rest /= choices.size();
                }
                drawn.add(new Hyperparameters(values));
            }
            return drawn;
        }
        Random random = new Random(seed);
        for (int t = 0; t < trials; t++) {
            Map<String, Object> values = new HashMap<>();
            space.forEach((name, choices) -> values.put(name, choices.get(random.nextInt(choices.size()))));
            Hyperparameters p = new Hyperparameters(values);
            if (!drawn.contains(p)) drawn.add(p);
        }
        return drawn;
    }
}
