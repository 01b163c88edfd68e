package io.affinity.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import io.affinity.models.OnnxModel;
import io.affinity.training.ncf.NeuMF;
import io.affinity.training.ncf.NeuMFOnnx;
import java.nio.LongBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The all-items graph, with the item side precomputed, scores every item as the exported pair model does. */
class ItemSideGraphTest {

    @Test
    void aModelWithRecentItemsScoresEveryItemFromTheCustomersLatestProducts() throws Exception {
        NeuMF model = new NeuMF(20, 300, 8, 8, new int[] {16, 8}, 3, 5);
        byte[] derived = ItemSideGraph.derive(NeuMFOnnx.export(model), "test");
        NeuMF.Activations act = model.activations();
        // none yet, fewer than the model reads, more (only the latest 3 count)
        int[][] histories = {{}, {4}, {10, 250, 7, 42}};
        try (OnnxModel all = OnnxModel.load(derived, null, "all items", 1)) {
            double worst = 0;
            for (int user : new int[] {0, 7}) {
                float[][] byHistory = new float[histories.length][];
                for (int h = 0; h < histories.length; h++) {
                    int[] history = histories[h];
                    byHistory[h] = allItems(all, user, io.affinity.models.NeuMFGraph.recentRow(history, 3, 300));
                    for (int item = 0; item < 300; item++) {
                        double expected = model.score(user, item, history, 0, history.length, act);
                        worst = Math.max(worst, Math.abs(byHistory[h][item] - expected));
                    }
                }
                assertTrue(
                        maxDifference(byHistory[0], byHistory[2]) > 1e-5,
                        "the latest products change the scores of user " + user);
            }
            // Tighter than usual: the products' effect on a freshly initialised model is itself only ~4e-5.
            assertTrue(worst < 1e-6, "largest difference " + worst);
        }
    }

    private static float[] allItems(OnnxModel all, int user, long[] recent) throws Exception {
        try (OnnxTensor u = OnnxTensor.createTensor(
                        OnnxModel.environment(), LongBuffer.wrap(new long[] {user}), new long[] {1});
                OnnxTensor r = OnnxTensor.createTensor(
                        OnnxModel.environment(), LongBuffer.wrap(recent), new long[] {1, recent.length});
                OrtSession.Result out = all.session().run(Map.of("user", u, "recent", r))) {
            float[][] scores = (float[][]) out.get(0).getValue();
            assertEquals(300, scores.length);
            float[] flat = new float[scores.length];
            for (int i = 0; i < flat.length; i++) flat[i] = scores[i][0];
            return flat;
        }
    }

    private static double maxDifference(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
        return d;
    }

    @Test
    void everyItemScoresAsThePairModel() throws Exception {
        NeuMF model = new NeuMF(20, 300, 8, 8, new int[] {16, 8}, 5);
        byte[] derived = ItemSideGraph.derive(NeuMFOnnx.export(model), "test");
        NeuMF.Activations act = model.activations();
        try (OnnxModel all = OnnxModel.load(derived, null, "all items", 1)) {
            double worst = 0;
            for (int user : new int[] {0, 7, 19}) {
                try (OnnxTensor u = OnnxTensor.createTensor(
                                OnnxModel.environment(), LongBuffer.wrap(new long[] {user}), new long[] {1});
                        OrtSession.Result r = all.session().run(Map.of("user", u))) {
                    float[][] scores = (float[][]) r.get(0).getValue();
                    assertEquals(300, scores.length);
                    for (int item = 0; item < 300; item++)
                        worst = Math.max(worst, Math.abs(scores[item][0] - model.score(user, item, act)));
                }
            }
            assertTrue(worst < 1e-5, "largest difference " + worst);
        }
    }
}
