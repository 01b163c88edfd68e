package io.affinity.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.affinity.training.data.LabelledData;
import io.affinity.training.data.PreparedTable;
import io.affinity.training.data.Split;
import io.affinity.training.data.Table;
import io.affinity.training.data.TableException;
import io.affinity.training.data.TableReader;
import io.affinity.training.data.TableSchema;
import io.affinity.training.errors.TrainingException;
import io.affinity.training.trainers.ClassifierTrainer;
import io.affinity.training.trainers.LinearTrainer;
import io.affinity.training.trainers.OnnxExportTest;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tables under a schema (bad numbers and labels named by line), the stratified split and the labels training needs:
 * with the reference seed the split draws exactly the reference holdout rows of the shared Telco data (when
 * ../shared/data is present on this machine).
 */
class SplitTest {

    static final Path DATA = Path.of("../shared/data");

    @Test
    void stratifiedSplitReproducesTheReferenceHoldoutRows() throws Exception {
        Path csv = DATA.resolve("telco-churn/WA_Fn-UseC_-Telco-Customer-Churn.csv");
        assumeTrue(Files.exists(csv), "shared data not on this machine");
        TableSchema schema = TableSchema.read(Path.of("src/test/resources/datasets/telco-churn.json"));
        Table table = TableReader.read(csv.toString(), schema);
        assertEquals(7043, table.size());
        assertEquals(1869, table.positives());
        Split drawn = Split.stratified(table.labels(), 0.2, 20261129L);
        Split reference = Split.holdoutFile(DATA.resolve("telco-churn/holdout-rows.txt"), table.size());
        assertEquals(1409, reference.test().length);
        assertArrayEquals(reference.test(), drawn.test());
    }

    @Test
    void foldsPartitionTheRowsWithTheSamePositiveRate() {
        int[] labels = new int[1003];
        for (int i = 0; i < labels.length; i++) labels[i] = i % 4 == 0 ? 1 : 0; // 251 positives
        var folds = Split.stratifiedFolds(labels, 5, 9);
        int[] seen = new int[labels.length];
        for (Split f : folds) {
            for (int r : f.test()) seen[r]++;
            assertEquals(labels.length, f.test().length + f.train().length);
            long positives = java.util.Arrays.stream(f.test())
                    .filter(r -> labels[r] == 1)
                    .count();
            assertTrue(positives == 50 || positives == 51, "positives in a fold: " + positives);
        }
        for (int n : seen) assertEquals(1, n, "every row is tested in exactly one fold");
        assertArrayEquals(
                folds.get(2).test(), Split.stratifiedFolds(labels, 5, 9).get(2).test(), "same seed");
    }

    @Test
    void aBadNumberIsReportedWithItsLineAndColumn() {
        TableSchema schema =
                new TableSchema("t", ",", "y", "1", null, List.of("age"), List.of(), null, null, null, null, null);
        var e = assertThrows(
                TableException.class,
                () -> TableReader.read(new StringReader("age,y\n31,1\nforty,0\n"), "inline", schema));
        assertEquals("inline: line 3, column 'age': 'forty' is not a number", e.getMessage());
    }

    @Test
    void aLabelMustBeBinaryWithThePositiveValue() {
        TableSchema schema =
                new TableSchema("t", ",", "y", "yes", null, List.of("age"), List.of(), null, null, null, null, null);
        var third = assertThrows(
                TableException.class,
                () -> TableReader.read(new StringReader("age,y\n31,yes\n40,no\n52,maybe\n"), "inline", schema));
        assertEquals(
                "inline: line 4, column 'y': a third label value 'maybe' after [yes, no]; the label must have two"
                        + " values, one of them 'yes'",
                third.getMessage());
        var blank = assertThrows(
                TableException.class,
                () -> TableReader.read(new StringReader("age,y\n31,yes\n40,\n"), "inline", schema));
        assertEquals("inline: line 3, column 'y': the label is blank", blank.getMessage());
        var noPositive = assertThrows(
                TableException.class,
                () -> TableReader.read(new StringReader("age,y\n31,Yes\n40,No\n"), "inline", schema));
        assertEquals(
                "inline: column 'y' never holds the positive value 'yes' (it holds [Yes, No])",
                noPositive.getMessage());
    }

    @Test
    void trainingNeedsBothLabelsInTheTrainingAndHoldoutRows() {
        var train = OnnxExportTest.data(200, 1);
        var holdout = OnnxExportTest.data(50, 2);
        var allNegative = new LabelledData(holdout.x(), new int[holdout.size()], holdout.featureNames());
        var trainers = List.<ClassifierTrainer>of(LinearTrainer.logisticRegression());
        var e = assertThrows(
                TrainingException.class,
                () -> ClassifierTraining.train(
                        train, allNegative, trainers, ClassifierTraining.Settings.DEFAULT, m -> {}, () -> false));
        assertEquals(
                "the holdout rows hold 0 positive and 50 negative labels; at least 1 of each are needed",
                e.getMessage());
        var fewPositives = new int[train.size()];
        for (int i = 0; i < 4; i++) fewPositives[i] = 1;
        var e2 = assertThrows(
                TrainingException.class,
                () -> ClassifierTraining.train(
                        new LabelledData(train.x(), fewPositives, train.featureNames()),
                        holdout,
                        trainers,
                        ClassifierTraining.Settings.DEFAULT,
                        m -> {},
                        () -> false));
        assertTrue(e2.getMessage().startsWith("the training rows hold 4 positive and 196 negative"), e2.getMessage());
    }

    @Test
    void onlyARepeatedRecordIsADuplicate() throws Exception {
        TableSchema schema =
                new TableSchema("t", ",", "y", "yes", "id", List.of("age"), List.of(), null, null, null, null, null);
        // c1 and c2 agree on every declared feature and the label but are two customers; c1 appears twice
        String csv = "id,age,y\nc1,30,yes\nc2,30,yes\nc1,30,yes\nc3,41,no\nc4,52,no\nc5,63,yes\n";
        Table table = TableReader.read(new StringReader(csv), "inline", schema);
        var prepared = PreparedTable.prepare(table, Split.holdoutFile(writeRows("5"), table.size()));
        assertEquals(1, prepared.duplicatesDropped(), "the repeated c1 line only");
        assertEquals(4, prepared.train().size());
    }

    /** Survey answers without an id: identical rows are different respondents and all count, unless asked. */
    @Test
    void identicalRowsOfATableWithoutAnIdAreKept() throws Exception {
        String csv = "age,y\n30,yes\n30,yes\n30,yes\n41,no\n52,no\n63,yes\n";
        TableSchema keep =
                new TableSchema("t", ",", "y", "yes", null, List.of("age"), List.of(), null, null, null, null, null);
        Table table = TableReader.read(new StringReader(csv), "inline", keep);
        var prepared = PreparedTable.prepare(table, Split.holdoutFile(writeRows("5"), table.size()));
        assertEquals(0, prepared.duplicatesDropped(), "three people answered alike: three rows");
        assertEquals(5, prepared.train().size());
        assertTrue(keep.duplicatePolicy().startsWith("none"), keep.duplicatePolicy());

        TableSchema drop =
                new TableSchema("t", ",", "y", "yes", null, List.of("age"), List.of(), null, null, null, null, true);
        var dropped = PreparedTable.prepare(
                TableReader.read(new StringReader(csv), "inline", drop), Split.holdoutFile(writeRows("5"), 6));
        assertEquals(2, dropped.duplicatesDropped(), "dropDuplicates asks for identical rows to go");
        assertEquals(3, dropped.train().size());
    }

    private static Path writeRows(String rows) throws java.io.IOException {
        Path file = Files.createTempFile("holdout-", ".txt");
        file.toFile().deleteOnExit();
        return Files.writeString(file, rows + "\n");
    }

    @Test
    void aBadHoldoutLineIsNamed() throws Exception {
        var e = assertThrows(TableException.class, () -> Split.holdoutFile(writeRows("1\nx"), 10));
        assertTrue(e.getMessage().endsWith(": line 2: 'x' is not a row number"), e.getMessage());
        var range = assertThrows(TableException.class, () -> Split.holdoutFile(writeRows("1\n\n10"), 10));
        assertTrue(range.getMessage().endsWith(": line 3: row 10 outside 0..9"), range.getMessage());
    }
}
