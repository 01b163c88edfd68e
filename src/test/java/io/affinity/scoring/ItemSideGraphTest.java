package io.affinity.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
    void aModelWithRecentItemsIsRefusedWithTheReason() {
        byte[] withRecent = NeuMFOnnx.export(new NeuMF(20, 300, 8, 8, new int[] {16, 8}, 3, 5));
        var refused = assertThrows(
                io.affinity.models.ModelException.class, () -> ItemSideGraph.derive(withRecent, "recommend v9"));
        assertTrue(refused.getMessage().contains("recent items"), refused.getMessage());
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
