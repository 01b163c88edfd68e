package io.affinity.training;

import io.affinity.training.data.PreparedTable;
import io.affinity.training.data.Split;
import io.affinity.training.data.Table;
import io.affinity.training.data.TableReader;
import io.affinity.training.data.TableSchema;
import io.affinity.training.trainers.ClassifierTrainer;
import io.affinity.training.trainers.Trainers;
import java.nio.file.Path;
import java.util.List;

/**
 * Trains every classifier on the Telco churn and Bank Marketing tables of ../shared/data with their reference
 * holdout rows and prints ROC AUC and times. Run with {@code ./mvnw -Pbench verify} or from the IDE.
 */
public final class TabularBenchmark {

    /** Held so the level sticks (java.util.logging keeps loggers weakly). */
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    /** {@code -Dbench.datasets=telco-churn} runs one of them. */
    static final String DATASETS = System.getProperty("bench.datasets", "telco-churn,bank-marketing");

    public static void main(String[] args) throws Exception {
        TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
        Path data = Path.of(System.getProperty("affinity.data", "../shared/data"));
        int trials = Integer.getInteger("bench.trials", 8);
        if (DATASETS.contains("telco-churn"))
            run(
                    "telco-churn",
                    data.resolve("telco-churn/WA_Fn-UseC_-Telco-Customer-Churn.csv")
                            .toString(),
                    data.resolve("telco-churn/holdout-rows.txt"),
                    trials);
        if (DATASETS.contains("bank-marketing"))
            run(
                    "bank-marketing",
                    data.resolve("bank-marketing/bank-additional.zip") + "!bank-additional/bank-additional-full.csv",
                    data.resolve("bank-marketing/holdout-rows.txt"),
                    trials);
    }

    static void run(String name, String location, Path holdout, int trials) throws Exception {
        TableSchema schema = TableSchema.read(Path.of("src/test/resources/datasets/" + name + ".json"));
        Table table = TableReader.read(location, schema);
        PreparedTable prepared = PreparedTable.prepare(table, Split.holdoutFile(holdout, table.size()));
        System.out.printf(
                "%n== %s: %d rows, %d train / %d holdout, %d features, %d repeated train records dropped%n",
                name,
                table.size(),
                prepared.train().size(),
                prepared.test().size(),
                prepared.train().width(),
                prepared.duplicatesDropped());
        // -Dbench.algorithms=logistic-regression,gradient-boosting runs some of them
        String only = System.getProperty("bench.algorithms", "");
        List<ClassifierTrainer> trainers = Trainers.named(only.isBlank() ? List.of() : List.of(only.split(",")));
        var settings = new ClassifierTraining.Settings(trials, 0.2, 20261129L, Integer.getInteger("bench.folds", 1));
        var candidates = ClassifierTraining.train(
                prepared.train(), prepared.test(), trainers, settings, System.out::println, () -> false);
        System.out.printf(
                "%-22s %9s %9s %9s %9s %10s %8s%n",
                "algorithm", "val AUC", "ROC AUC", "PR AUC", "log loss", "search ms", "fit ms");
        for (var c : candidates) {
            System.out.printf(
                    "%-22s %9.4f %9.4f %9.4f %9s %10d %8d%n",
                    c.algorithm(),
                    c.validationAuc(),
                    c.holdout().rocAuc(),
                    c.holdout().prAuc(),
                    c.holdout().logLoss() == null
                            ? "-"
                            : String.format("%.4f", c.holdout().logLoss()),
                    c.searchMillis(),
                    c.fitMillis());
        }
        System.out.printf(
                "best by validation: %s, holdout ROC AUC %.4f%n",
                candidates.get(0).algorithm(), candidates.get(0).holdout().rocAuc());
    }
}
