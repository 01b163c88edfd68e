package io.affinity.training.ncf;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.models.ModelCard;
import io.affinity.models.ModelException;
import io.affinity.models.ModelRegistry;
import io.affinity.models.NeuMFGraph;
import io.affinity.models.OnnxModel;
import io.affinity.models.UseCase;
import io.affinity.training.eval.LeaveOneOut;
import io.affinity.training.eval.RankingEvaluator;
import java.io.IOException;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The production recommender's NDCG@10 on a candidate's own leave-one-out protocol, so that the two are compared on
 * the same held-out items as classifiers are. Production ranks as it serves: its NeuMF for the customers it learnt
 * (with their latest products when it reads them), its popularity for the others; a product it has never seen ranks
 * last, since it cannot recommend it.
 */
public final class ProductionRanking {

    private ProductionRanking() {}

    /**
     * @param customers the candidate's customer ids by index
     * @param products the candidate's product ids by index
     * @param history per candidate customer, their training items in time order (candidate indexes)
     * @return empty when no recommender is in production
     */
    public static OptionalDouble ndcgAt10(
            ModelRegistry registry,
            ObjectMapper json,
            LeaveOneOut protocol,
            List<String> customers,
            List<String> products,
            int[][] history) {
        var pointer = registry.production(UseCase.RECOMMEND);
        if (pointer.isEmpty()) return OptionalDouble.empty();
        int version = pointer.get().version();
        ModelCard card = registry.card(UseCase.RECOMMEND, version);
        byte[] onnx = registry.onnx(UseCase.RECOMMEND, version, card);
        JsonNode ids;
        try {
            ids = json.readTree(registry.extra(UseCase.RECOMMEND, version, "ids.json"));
        } catch (IOException e) {
            throw new ModelException("recommend v" + version + ": unreadable ids.json: " + e.getMessage(), e);
        }
        Map<String, Integer> users = index(ids.get("users")), items = index(ids.get("items"));
        double[] popularity = new double[items.size()];
        for (int i = 0; i < popularity.length; i++)
            popularity[i] = ids.get("popularity").get(i).asDouble();
        int recent = card.inputs().containsKey(NeuMFGraph.RECENT)
                ? ((Number) card.hyperparameters().get("recent")).intValue()
                : 0;
        int[] itemMap =
                products.stream().mapToInt(p -> items.getOrDefault(p, -1)).toArray();
        try (OnnxModel model = OnnxModel.load(onnx, null, "recommend v" + version + " on the candidate's holdout", 1)) {
            RankingEvaluator.Scorer scorer = (user, candidates) -> {
                double[] scores = new double[candidates.length];
                Arrays.fill(scores, Double.NEGATIVE_INFINITY);
                Integer pu = users.get(customers.get(user));
                if (pu == null) {
                    for (int j = 0; j < candidates.length; j++)
                        if (itemMap[candidates[j]] >= 0) scores[j] = popularity[itemMap[candidates[j]]];
                    return scores;
                }
                int[] known =
                        Arrays.stream(candidates).filter(c -> itemMap[c] >= 0).toArray();
                if (known.length == 0) return scores;
                float[] s = score(model, pu, known, itemMap, recentRow(history[user], itemMap, recent, items.size()));
                for (int j = 0, k = 0; j < candidates.length; j++) if (itemMap[candidates[j]] >= 0) scores[j] = s[k++];
                return scores;
            };
            return OptionalDouble.of(
                    RankingEvaluator.evaluate(scorer, protocol, 10).ndcg());
        }
    }

    private static Map<String, Integer> index(JsonNode ids) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) m.put(ids.get(i).asText(), i);
        return m;
    }

    /** The customer's latest training products in production's indexes (those it knows), as serving builds it. */
    private static long[] recentRow(int[] history, int[] itemMap, int recent, int items) {
        if (recent == 0) return null;
        int[] mapped =
                Arrays.stream(history).map(i -> itemMap[i]).filter(i -> i >= 0).toArray();
        return NeuMFGraph.recentRow(mapped, recent, items);
    }

    private static float[] score(OnnxModel model, int user, int[] candidates, int[] itemMap, long[] recent) {
        int n = candidates.length;
        long[] u = new long[n], it = new long[n];
        Arrays.fill(u, user);
        for (int j = 0; j < n; j++) it[j] = itemMap[candidates[j]];
        var env = OnnxModel.environment();
        try (OnnxTensor ut = OnnxTensor.createTensor(env, LongBuffer.wrap(u), new long[] {n});
                OnnxTensor itt = OnnxTensor.createTensor(env, LongBuffer.wrap(it), new long[] {n})) {
            if (recent == null) {
                try (OrtSession.Result r = model.session().run(Map.of(NeuMFGraph.USER, ut, NeuMFGraph.ITEM, itt))) {
                    return column((float[][]) r.get(0).getValue());
                }
            }
            long[] rows = new long[n * recent.length];
            for (int j = 0; j < n; j++) System.arraycopy(recent, 0, rows, j * recent.length, recent.length);
            try (OnnxTensor rt = OnnxTensor.createTensor(env, LongBuffer.wrap(rows), new long[] {n, recent.length});
                    OrtSession.Result r = model.session()
                            .run(Map.of(NeuMFGraph.USER, ut, NeuMFGraph.ITEM, itt, NeuMFGraph.RECENT, rt))) {
                return column((float[][]) r.get(0).getValue());
            }
        } catch (OrtException e) {
            throw new ModelException("recommend: scoring production on the candidate's holdout: " + e.getMessage(), e);
        }
    }

    private static float[] column(float[][] out) {
        float[] c = new float[out.length];
        for (int j = 0; j < out.length; j++) c[j] = out[j][0];
        return c;
    }
}
