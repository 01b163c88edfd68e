package io.affinity.scoring;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import io.affinity.models.ModelException;
import io.affinity.models.OnnxModel;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A recommend model ready to rank: the all-items graph ({@link ItemSideGraph}) in its own session, the id maps and
 * item popularity stored with the model, and the catalogue's category and price per item, for filters.
 */
final class Recommender implements AutoCloseable {

    final OnnxModel allItems;
    final Map<String, Integer> users = new HashMap<>();
    final String[] items;
    final int[] byPopularity;
    final int[] popularity;
    final long interactions;
    final Catalogue.Product[] products;

    Recommender(OnnxModel allItems, JsonNode ids, Map<String, Catalogue.Product> catalogue) {
        this.allItems = allItems;
        int u = 0;
        for (JsonNode id : ids.get("users")) users.put(id.asText(), u++);
        items = new String[ids.get("items").size()];
        for (int i = 0; i < items.length; i++)
            items[i] = ids.get("items").get(i).asText();
        int[] counts = new int[items.length];
        for (int i = 0; i < items.length && ids.has("popularity"); i++)
            counts[i] = ids.get("popularity").get(i).asInt();
        popularity = counts;
        interactions = java.util.Arrays.stream(counts).asLongStream().sum();
        byPopularity = IntStream.range(0, items.length)
                .boxed()
                .sorted((a, b) ->
                        counts[b] != counts[a] ? Integer.compare(counts[b], counts[a]) : items[a].compareTo(items[b]))
                .mapToInt(Integer::intValue)
                .toArray();
        products = new Catalogue.Product[items.length];
        for (int i = 0; i < items.length; i++)
            products[i] = catalogue.getOrDefault(items[i], new Catalogue.Product(null, null));
    }

    /** The model's score of every item for one known user, in one ONNX Runtime call. */
    float[] scoreAll(int user) {
        try (OnnxTensor input = OnnxTensor.createTensor(
                        OnnxModel.environment(), LongBuffer.wrap(new long[] {user}), new long[] {1});
                OrtSession.Result result = allItems.session().run(Map.of("user", input))) {
            FloatBuffer scores = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] out = new float[items.length];
            scores.get(out);
            return out;
        } catch (OrtException e) {
            throw new ModelException("recommend: scoring all items failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        allItems.close();
    }
}
