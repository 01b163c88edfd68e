package io.affinity.training.ncf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.training.ParityCheck;
import io.affinity.training.eval.ParityException;
import io.affinity.training.eval.RankingEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * NeuMF learns a planted structure (users like the items of their own group), beats popularity on it, stops early,
 * and its ONNX export scores every pair like the trainer.
 */
class NeuMFTrainingTest {

    static final int USERS = 120, ITEMS = 60, GROUPS = 4;

    @Test
    void learnsGroupTastesExportsWithParityAndBeatsPopularity() {
        Random random = new Random(5);
        List<int[]> pairs = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            int group = u % GROUPS;
            java.util.Set<Integer> mine = new java.util.LinkedHashSet<>();
            while (mine.size() < 12) {
                // 90% of a user's items come from their group's 15 items, the rest from anywhere.
                mine.add(
                        random.nextDouble() < 0.9
                                ? group * (ITEMS / GROUPS) + random.nextInt(ITEMS / GROUPS)
                                : random.nextInt(ITEMS));
            }
            for (int item : mine) pairs.add(new int[] {u, item});
        }
        int[] users = pairs.stream().mapToInt(p -> p[0]).toArray();
        int[] items = pairs.stream().mapToInt(p -> p[1]).toArray();
        var validation = NcfSplitReader.validation(USERS, ITEMS, users, items, null, 20, 3);
        for (int recent : new int[] {0, 3}) learnsAndExports(validation, recent);
    }

    /** Plain NeuMF, and NeuMF whose GMF user vector also averages the user's 3 latest items. */
    private static void learnsAndExports(NcfSplitReader.Validation validation, int recent) {
        NcfSettings settings =
                new NcfSettings(8, 8, new int[] {16, 8}, 0.01, 1e-6, 0.0, 0.0, 4, 64, 15, 3, false, recent, 11);
        List<NcfTrainer.Epoch> seen = new ArrayList<>();
        var result = NcfTrainer.train(validation.train(), validation.protocol(), settings, seen::add, () -> false);

        int[] counts = validation.train().itemCounts();
        var popularity = RankingEvaluator.evaluate(
                (u, c) -> {
                    double[] s = new double[c.length];
                    for (int j = 0; j < c.length; j++) s[j] = counts[c[j]];
                    return s;
                },
                validation.protocol(),
                5);
        var neumf = RankingEvaluator.evaluate(
                NcfTrainer.scorer(result.model(), validation.train()), validation.protocol(), 5);
        assertTrue(
                neumf.hitRatio() > popularity.hitRatio() + 0.2,
                "recent " + recent + ": NeuMF HR@5 " + neumf.hitRatio() + " vs popularity " + popularity.hitRatio());
        assertTrue(seen.get(seen.size() - 1).loss() < seen.get(0).loss(), "loss falls over epochs");
        assertEquals(seen.size(), result.epochs().size());

        byte[] onnx = NeuMFOnnx.export(result.model());
        int[] allUsers = new int[USERS * ITEMS], allItems = new int[USERS * ITEMS];
        for (int k = 0; k < allUsers.length; k++) {
            allUsers[k] = k / ITEMS;
            allItems[k] = k % ITEMS;
        }
        assertTrue(NeuMFOnnx.verify(result.model(), onnx, allUsers, allItems, validation.train())
                <= ParityCheck.TOLERANCE);

        result.model().out[0] += 0.5; // the trainer's model drifts from the exported one: the check must refuse
        assertThrows(
                ParityException.class,
                () -> NeuMFOnnx.verify(result.model(), onnx, allUsers, allItems, validation.train()));
    }

    @Test
    void stopsWhenAsked() {
        int[] users = {0, 0, 1, 1, 2, 2}, items = {0, 1, 1, 2, 2, 3};
        var validation = NcfSplitReader.validation(3, 5, users, items, null, 2, 1);
        var settings = new NcfSettings(2, 2, new int[] {2}, 0.01, 0, 0, 0, 1, 4, 50, 50, false, 0, 1);
        int[] epochs = {0};
        var result = NcfTrainer.train(
                validation.train(), validation.protocol(), settings, e -> epochs[0]++, () -> epochs[0] >= 2);
        assertEquals(2, result.epochs().size());
    }

    @Test
    void pretrainedTowersCombineIntoTheAverageOfTheirLogits() {
        int[] users = {0, 0, 1, 1, 2, 2, 3, 3}, items = {0, 1, 1, 2, 2, 3, 3, 4};
        var data = new Interactions(4, 6, users, items);
        var settings = new NcfSettings(3, 3, new int[] {4}, 0.05, 0, 0, 0, 2, 4, 3, 3, true, 0, 1);
        NeuMF gmf = NcfTrainer.train(
                        new NeuMF(4, 6, 3, 3, new int[] {4}, 1).gmfOnly(), data, null, settings, e -> {}, () -> false)
                .model();
        NeuMF mlp = NcfTrainer.train(
                        new NeuMF(4, 6, 3, 3, new int[] {4}, 2).mlpOnly(), data, null, settings, e -> {}, () -> false)
                .model();
        for (int k = 3; k < gmf.out.length; k++) assertEquals(0, gmf.out[k], "switched-off MLP tower stays off");
        for (int k = 0; k < 3; k++) assertEquals(0, mlp.out[k], "switched-off GMF tower stays off");
        NeuMF both = NeuMF.combine(gmf, mlp, 0.5);
        var a = both.activations();
        for (int u = 0; u < 4; u++) {
            for (int i = 0; i < 6; i++) {
                double expected = 0.5 * gmf.forward(u, i, gmf.activations(), 0, null)
                        + 0.5 * mlp.forward(u, i, mlp.activations(), 0, null);
                assertEquals(expected, both.forward(u, i, a, 0, null), 1e-12);
            }
        }
    }

    @Test
    void aUserWhoTouchedTheWholeCatalogueGetsFewerNegativesNotAnEndlessSearch() {
        int[] users = {0, 0, 0, 0, 1, 1, 1}, items = {0, 1, 2, 3, 0, 1, 2};
        var validation = NcfSplitReader.validation(2, 4, users, items, null, 99, 1);
        assertEquals(0, validation.protocol().negatives()[0].length, "user 0 has every item");
        assertEquals(1, validation.protocol().negatives()[1].length, "user 1 never touched item 3");
        assertEquals(3, validation.protocol().negatives()[1][0]);
    }
}
