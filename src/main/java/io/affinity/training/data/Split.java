package io.affinity.training.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Which rows train and which rows test, with how the split was drawn (stored next to every metric).
 *
 * @param description for the model card, e.g. "holdout rows of telco-churn/holdout-rows.txt"
 */
public record Split(int[] train, int[] test, String description) {

    /**
     * Stratified split: for each label value, its row numbers in ascending order are shuffled with a fresh
     * {@code new Random(seed)} and the first {@code round(fraction * n)} go to test. This is the procedure of the
     * reference holdout files in the shared data, so the same seed reproduces them.
     */
    public static Split stratified(int[] labels, double fraction, long seed) {
        List<Integer> test = new ArrayList<>();
        for (int value = 0; value <= 1; value++) {
            List<Integer> rows = shuffledRows(labels, value, seed);
            test.addAll(rows.subList(0, (int) Math.round(fraction * rows.size())));
        }
        return of(
                labels.length,
                test.stream().mapToInt(Integer::intValue).toArray(),
                "stratified " + Math.round(fraction * 100) + "% test, seed " + seed);
    }

    /**
     * Stratified k-fold: each label value's rows are shuffled with {@code new Random(seed)} and dealt to the folds in
     * turn, so every fold has the same positive rate; fold f tests on its rows and trains on the others.
     */
    public static List<Split> stratifiedFolds(int[] labels, int k, long seed) {
        if (k < 2) throw new IllegalArgumentException("k-fold needs k >= 2, was " + k);
        int[] fold = new int[labels.length];
        for (int value = 0; value <= 1; value++) {
            List<Integer> rows = shuffledRows(labels, value, seed);
            for (int i = 0; i < rows.size(); i++) fold[rows.get(i)] = i % k;
        }
        List<Split> out = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            int ff = f;
            out.add(of(
                    labels.length,
                    IntStream.range(0, labels.length).filter(i -> fold[i] == ff).toArray(),
                    "fold " + (f + 1) + " of " + k + " (stratified, seed " + seed + ")"));
        }
        return out;
    }

    /** The row numbers with label {@code value}, ascending, then shuffled by a fresh {@code new Random(seed)}. */
    private static List<Integer> shuffledRows(int[] labels, int value, long seed) {
        List<Integer> rows = new ArrayList<>(IntStream.range(0, labels.length)
                .filter(i -> labels[i] == value)
                .boxed()
                .toList());
        Collections.shuffle(rows, new Random(seed));
        return rows;
    }

    /** Test rows read from a file of 0-based data-row numbers, one per line; every other row trains. */
    public static Split holdoutFile(Path file, int rows) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<Integer> rowNumbers = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) continue;
            int r;
            try {
                r = Integer.parseInt(line);
            } catch (NumberFormatException e) {
                throw new TableException(file.toString(), "line " + (i + 1) + ": '" + line + "' is not a row number");
            }
            if (r < 0 || r >= rows)
                throw new TableException(
                        file.toString(), "line " + (i + 1) + ": row " + r + " outside 0.." + (rows - 1));
            rowNumbers.add(r);
        }
        int[] test = rowNumbers.stream().mapToInt(Integer::intValue).toArray();
        return of(rows, test, "holdout rows of " + file.getParent().getFileName() + "/" + file.getFileName());
    }

    private static Split of(int rows, int[] test, String description) {
        boolean[] inTest = new boolean[rows];
        for (int r : test) inTest[r] = true;
        int[] sortedTest = IntStream.range(0, rows).filter(i -> inTest[i]).toArray();
        int[] train = IntStream.range(0, rows).filter(i -> !inTest[i]).toArray();
        return new Split(train, sortedTest, description);
    }
}
