package io.affinity.training;

import io.affinity.training.data.TableSchema;
import java.util.List;

/**
 * A request to train a classifier on a table: where the CSV is (a local path, or {@code s3://bucket/key}, with
 * {@code !entry} for a file inside a zip), its schema, and optionally a file of holdout row numbers.
 *
 * @param holdoutRows 0-based data-row numbers of the test rows, one per line; absent means a stratified 20% split
 * @param algorithms any of logistic-regression, linear-svm, factorization-machine, random-forest, gradient-boosting;
 *     empty means all
 * @param trials hyperparameter sets tried per algorithm
 * @param folds 1 (default) compares hyperparameters on one 20% validation split; k in 2..10 by stratified k-fold
 *     cross-validation, k times the fitting, steadier on small tables
 */
public record TableJob(
        String useCase,
        String table,
        TableSchema schema,
        String holdoutRows,
        List<String> algorithms,
        Integer trials,
        Long seed,
        Integer folds) {

    public TableJob {
        if (useCase == null) throw new IllegalArgumentException("'useCase' is required");
        if (table == null || table.isBlank())
            throw new IllegalArgumentException("'table' (a path or s3:// location) is required");
        if (schema == null) throw new IllegalArgumentException("'schema' is required");
        algorithms = algorithms == null ? List.of() : List.copyOf(algorithms);
        if (trials != null && (trials < 1 || trials > 200))
            throw new IllegalArgumentException("'trials' must be in 1..200");
        if (folds != null && (folds < 1 || folds > 10))
            throw new IllegalArgumentException("'folds' must be in 1..10 (1: one validation split)");
    }

    /** The choices this job makes about the classifier training. */
    public ClassifierOptions options() {
        return new ClassifierOptions(algorithms, trials, seed, folds);
    }
}
