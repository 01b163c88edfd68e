package io.affinity.training;

import io.affinity.models.ScoreOutput;
import io.affinity.training.data.LabelledData;
import io.affinity.training.data.Split;
import io.affinity.training.errors.TrainingException;
import io.affinity.training.eval.ClassifierEvaluator;
import io.affinity.training.eval.ClassifierMetrics;
import io.affinity.training.trainers.ClassifierTrainer;
import io.affinity.training.trainers.Hyperparameters;
import io.affinity.training.trainers.TrainedClassifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Trains classifiers the honest way: the training split is cut again into fit and validation parts; each
 * algorithm's hyperparameters are searched on those; the winner is refitted on the whole training split, scored
 * on the holdout (never seen before) and exported to ONNX through the parity check. The best algorithm is chosen
 * by validation AUC, not by holdout AUC, so the holdout figure is not an optimistic one.
 */
public final class ClassifierTraining {

    /** Settings of one run. */
    /**
     * @param validationFraction share of the training rows held out to compare hyperparameters (when folds is 1)
     * @param folds 1 for that single validation split; k >= 2 for stratified k-fold cross-validation, where each
     *     trial is fitted k times and scored by its mean validation ROC AUC (steadier choices on small tables)
     */
    public record Settings(int trials, double validationFraction, long seed, int folds) {
        public static final Settings DEFAULT = new Settings(8, 0.2, 20261129L);

        public Settings(int trials, double validationFraction, long seed) {
            this(trials, validationFraction, seed, 1);
        }

        String protocol() {
            return folds <= 1
                    ? "validation on a stratified " + Math.round(validationFraction * 100) + "% of the training rows"
                    : "stratified " + folds + "-fold cross-validation of the training rows";
        }
    }

    /**
     * One algorithm's result.
     *
     * @param holdout metrics on the holdout rows at threshold 0.5 (for probabilities) or 0 (for margins)
     * @param parityError largest |trainer - ONNX Runtime| score difference on the holdout
     */
    public record Candidate(
            String algorithm,
            Hyperparameters params,
            double validationAuc,
            ClassifierMetrics holdout,
            byte[] onnx,
            ScoreOutput output,
            long searchMillis,
            long fitMillis,
            double parityError,
            List<HyperparameterSearch.Trial> trials) {}

    private ClassifierTraining() {}

    /** Rows of each label the training split needs at least: validation and every fold must hold both labels. */
    static final int MIN_PER_LABEL = 5;

    private static void requireBothLabels(LabelledData data, String split, int least) {
        long positives = Arrays.stream(data.y()).filter(v -> v == 1).count();
        long negatives = data.size() - positives;
        if (positives < least || negatives < least)
            throw new TrainingException(String.format(
                    "the %s rows hold %d positive and %d negative labels; at least %d of each are needed",
                    split, positives, negatives, least));
    }

    /** @return one candidate per trainer, best validation AUC first */
    public static List<Candidate> train(
            LabelledData train,
            LabelledData holdout,
            List<ClassifierTrainer> trainers,
            Settings settings,
            Consumer<String> progress,
            BooleanSupplier stop) {
        requireBothLabels(train, "training", Math.max(MIN_PER_LABEL, settings.folds()));
        requireBothLabels(holdout, "holdout", 1);
        List<Split> splits = settings.folds() <= 1
                ? List.of(Split.stratified(train.y(), settings.validationFraction(), settings.seed()))
                : Split.stratifiedFolds(train.y(), settings.folds(), settings.seed());
        List<HyperparameterSearch.Fold> folds = splits.stream()
                .map(s -> new HyperparameterSearch.Fold(train.rows(s.train()), train.rows(s.test())))
                .toList();
        progress.accept("hyperparameters chosen by " + settings.protocol());
        List<Candidate> out = new ArrayList<>();
        for (ClassifierTrainer trainer : trainers) {
            long start = System.nanoTime();
            var search = HyperparameterSearch.run(trainer, folds, settings.trials(), settings.seed(), progress, stop);
            long searched = System.nanoTime();
            TrainedClassifier model = trainer.fit(train, search.best().params(), settings.seed());
            long fitted = System.nanoTime();
            boolean probabilistic = model.output().probabilistic();
            double[] scores = model.predict(holdout.x());
            ClassifierMetrics metrics =
                    ClassifierEvaluator.evaluate(scores, holdout.y(), probabilistic ? 0.5 : 0.0, probabilistic);
            byte[] onnx = model.onnx();
            double parity = ParityCheck.verify(trainer.algorithm(), model, onnx, holdout.x());
            progress.accept(String.format(
                    "%s: validation AUC %.4f, holdout ROC AUC %.4f, fit %d ms, parity %.1e",
                    trainer.algorithm(),
                    search.best().validationAuc(),
                    metrics.rocAuc(),
                    (fitted - searched) / 1_000_000,
                    parity));
            out.add(new Candidate(
                    trainer.algorithm(),
                    search.best().params(),
                    search.best().validationAuc(),
                    metrics,
                    onnx,
                    model.output(),
                    (searched - start) / 1_000_000,
                    (fitted - searched) / 1_000_000,
                    parity,
                    search.trials()));
        }
        out.sort(Comparator.comparingDouble(Candidate::validationAuc).reversed());
        return out;
    }
}
