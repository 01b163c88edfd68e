package io.affinity.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.affinity.training.data.Split;
import io.affinity.training.data.Table;
import io.affinity.training.data.TableException;
import io.affinity.training.data.TableReader;
import io.affinity.training.data.TableSchema;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Tables under a schema, and the stratified split: with the reference seed it draws exactly the reference holdout
 * rows of the shared Telco data (when ../shared/data is present on this machine).
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
        TableSchema schema = new TableSchema(
                "t", ",", "y", "1", null, java.util.List.of("age"), java.util.List.of(), null, null, null, null);
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                TableException.class,
                () -> TableReader.read(new StringReader("age,y\n31,1\nforty,0\n"), "inline", schema));
        assertEquals("inline: line 3, column 'age': 'forty' is not a number", e.getMessage());
    }
}
