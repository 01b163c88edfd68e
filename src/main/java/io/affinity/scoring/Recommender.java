package io.affinity.scoring;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import io.affinity.features.Catalogue;
import io.affinity.models.ModelException;
import io.affinity.models.NeuMFGraph;
import io.affinity.models.OnnxModel;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A recommend model ready to rank: the all-items graph ({@link ItemSideGraph}) in its own session, the id maps and
 * item popularity stored with the model, and the catalogue's category and price per item, for filters.
 */
final class Recommender implements AutoCloseable {

    final OnnxModel allItems;
    /** The customers the model learnt, minus those erased since (they are forgotten while the model serves). */
    final Map<String, Integer> users = new java.util.concurrent.ConcurrentHashMap<>();
    /** The erasure version {@link #users} was last checked against. */
    volatile long erasuresChecked = Long.MIN_VALUE;

    final String[] items;
    private final Map<String, Integer> itemIndex = new HashMap<>();
    /** How many of the customer's latest products the model reads (its {@code recent} input), 0 for plain NeuMF. */
    final int recent;

    final int[] byPopularity;
    final int[] popularity;
    final long interactions;
    final Catalogue.Product[] products;

    Recommender(OnnxModel allItems, JsonNode ids, Map<String, Catalogue.Product> catalogue) {
        this.allItems = allItems;
        int u = 0;
        for (JsonNode id : ids.get("users")) users.put(id.asText(), u++);
        items = new String[ids.get("items").size()];
        for (int i = 0; i < items.length; i++) {
            items[i] = ids.get("items").get(i).asText();
            itemIndex.put(items[i], i);
        }
        recent = recentSlots(allItems);
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

    /** Stops using the learned rows of these customers at once: from now on they are unknown to this model. */
    void forget(java.util.Collection<String> customerIds) {
        customerIds.forEach(users::remove);
    }

    /**
     * The model's score of every item for one known user, in one ONNX Runtime call.
     *
     * @param latestProducts the customer's product interactions, oldest first (see {@link Catalogue#recent}); read
     *     only by a model with recent items
     */
    float[] scoreAll(int user, List<String> latestProducts) {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try (OnnxTensor input = OnnxTensor.createTensor(
                        OnnxModel.environment(), LongBuffer.wrap(new long[] {user}), new long[] {1});
                OnnxTensor recentInput = recent == 0
                        ? null
                        : OnnxTensor.createTensor(
                                OnnxModel.environment(),
                                LongBuffer.wrap(recentRow(latestProducts)),
                                new long[] {1, recent})) {
            inputs.put(NeuMFGraph.USER, input);
            if (recentInput != null) inputs.put(NeuMFGraph.RECENT, recentInput);
            return run(inputs);
        } catch (OrtException e) {
            throw new ModelException("recommend: scoring all items failed: " + e.getMessage(), e);
        }
    }

    /**
     * The {@code recent} row as training builds it ({@link NeuMFGraph#recentRow}): the latest products, newest last,
     * unfilled slots holding the item count; products newer than the model are left out (it has no vector for them).
     */
    long[] recentRow(List<String> latestProducts) {
        int[] known = latestProducts.stream()
                .map(itemIndex::get)
                .filter(java.util.Objects::nonNull)
                .mapToInt(Integer::intValue)
                .toArray();
        return NeuMFGraph.recentRow(known, recent, items.length);
    }

    private float[] run(Map<String, OnnxTensor> inputs) throws OrtException {
        try (OrtSession.Result result = allItems.session().run(inputs)) {
            FloatBuffer scores = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] out = new float[items.length];
            scores.get(out);
            return out;
        }
    }

    private static int recentSlots(OnnxModel allItems) {
        try {
            NodeInfo input = allItems.session().getInputInfo().get(NeuMFGraph.RECENT);
            return input == null ? 0 : (int) ((TensorInfo) input.getInfo()).getShape()[1];
        } catch (OrtException e) {
            throw new ModelException("recommend: cannot read the model's inputs: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        allItems.close();
    }
}
