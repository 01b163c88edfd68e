package io.affinity.scoring;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import io.affinity.models.OnnxModel;
import io.affinity.training.data.LabelledData;
import io.affinity.training.trainers.ClassifierTrainer;
import io.affinity.training.trainers.Hyperparameters;
import io.affinity.training.trainers.LinearTrainer;
import io.affinity.training.trainers.RandomForestTrainer;
import io.affinity.training.trainers.TrainedClassifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Single-row scoring through {@link OnnxModel} (what the scoring service calls: a fresh direct buffer and tensor
 * per call, result read and closed) against plain {@code OrtSession.run} on a tensor built once, same model, same
 * JVM, one thread; then the process RSS after 10,000 and after 1,000,000 calls (a native leak would grow it).
 */
public final class ScoringBenchmark {

    static final int WIDTH = 46; // the churn pipeline's width on the demo shop

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("org.tribuo").setLevel(java.util.logging.Level.WARNING);
        topK();
        int calls = Integer.getInteger("bench.calls", 200_000);
        LabelledData train = data(5000, 1);
        List<Object[]> models = List.of(
                new Object[] {
                    LinearTrainer.logisticRegression(),
                    Map.<String, Object>of("learningRate", 0.1, "epochs", 5, "minibatch", 8)
                },
                new Object[] {
                    new RandomForestTrainer(),
                    Map.<String, Object>of("trees", 200, "maxDepth", 8, "minChildWeight", 5.0, "featureFraction", 0.35)
                });
        System.out.printf(
                "%-20s %10s %10s %10s %10s %8s %8s%n",
                "model", "raw p50", "raw p99", "ours p50", "ours p99", "p50 x", "p99 x");
        for (Object[] m : models) {
            ClassifierTrainer trainer = (ClassifierTrainer) m[0];
            @SuppressWarnings("unchecked")
            TrainedClassifier model = trainer.fit(train, new Hyperparameters((Map<String, Object>) m[1]), 1);
            try (OnnxModel ours = OnnxModel.load(model.onnx(), model.output(), trainer.algorithm(), 1)) {
                float[] row = train.x()[7];
                FloatBuffer fixed = ByteBuffer.allocateDirect(WIDTH * 4)
                        .order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
                fixed.put(row).rewind();
                try (OnnxTensor tensor =
                        OnnxTensor.createTensor(OnnxModel.environment(), fixed, new long[] {1, WIDTH})) {
                    OrtSession session = ours.session();
                    Map<String, OnnxTensor> inputs = Map.of(model.output().input(), tensor);
                    long[] raw = new long[calls], wrapped = new long[calls];
                    float[][] one = {row};
                    for (int round = 0; round < 2; round++) { // the first round warms up
                        for (int i = 0; i < calls; i++) {
                            long t0 = System.nanoTime();
                            try (OrtSession.Result r = session.run(inputs)) {
                                r.get(0);
                            }
                            long t1 = System.nanoTime();
                            ours.score(one);
                            long t2 = System.nanoTime();
                            raw[i] = t1 - t0;
                            wrapped[i] = t2 - t1;
                        }
                    }
                    Arrays.sort(raw);
                    Arrays.sort(wrapped);
                    double r50 = raw[calls / 2] / 1000.0, r99 = raw[calls * 99 / 100] / 1000.0;
                    double w50 = wrapped[calls / 2] / 1000.0, w99 = wrapped[calls * 99 / 100] / 1000.0;
                    System.out.printf(
                            "%-20s %8.1fus %8.1fus %8.1fus %8.1fus %8.2f %8.2f%n",
                            trainer.algorithm(), r50, r99, w50, w99, w50 / r50, w99 / r99);
                }
                long rss10k = 0;
                for (int i = 1; i <= 1_000_000; i++) {
                    ours.score(new float[][] {row});
                    if (i == 10_000) rss10k = rssKb();
                }
                long rss1m = rssKb();
                System.out.printf(
                        "%-20s RSS after 10,000 calls %d MB, after 1,000,000 calls %d MB (%.3fx)%n",
                        trainer.algorithm(), rss10k / 1024, rss1m / 1024, (double) rss1m / rss10k);
            }
        }
    }

    /** Top-10 of 10,000 items for one customer: the all-items graph in one call, then a bounded heap. */
    static void topK() throws Exception {
        int items = 10_000, calls = 2_000;
        var model = new io.affinity.training.ncf.NeuMF(1_000, items, 32, 32, new int[] {32, 16, 8}, 3);
        byte[] derived = ItemSideGraph.derive(io.affinity.training.ncf.NeuMFOnnx.export(model), "bench");
        try (OnnxModel all = OnnxModel.load(derived, null, "all items", 1)) {
            long[] took = new long[calls];
            for (int round = 0; round < 2; round++) {
                for (int c = 0; c < calls; c++) {
                    long t0 = System.nanoTime();
                    try (OnnxTensor user = OnnxTensor.createTensor(
                                    OnnxModel.environment(),
                                    java.nio.LongBuffer.wrap(new long[] {c % 1_000}),
                                    new long[] {1});
                            OrtSession.Result r = all.session().run(Map.of("user", user))) {
                        FloatBuffer scores = ((OnnxTensor) r.get(0)).getFloatBuffer();
                        java.util.PriorityQueue<float[]> top =
                                new java.util.PriorityQueue<>(11, (a, b) -> Float.compare(a[0], b[0]));
                        for (int i = 0; i < items; i++) {
                            float s = scores.get(i);
                            if (top.size() < 10) top.add(new float[] {s, i});
                            else if (s > top.peek()[0]) {
                                top.poll();
                                top.add(new float[] {s, i});
                            }
                        }
                    }
                    took[c] = System.nanoTime() - t0;
                }
            }
            Arrays.sort(took);
            System.out.printf(
                    "top-10 of %,d items (NeuMF GMF 32 + MLP 32-16-8, item side precomputed, 1 intra-op thread):"
                            + " p50 %.2f ms, p99 %.2f ms%n",
                    items, took[calls / 2] / 1e6, took[calls * 99 / 100] / 1e6);
        }
    }

    static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        return -1;
    }

    static LabelledData data(int rows, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[rows][WIDTH];
        int[] y = new int[rows];
        List<String> names = new ArrayList<>();
        for (int j = 0; j < WIDTH; j++) names.add("f" + j);
        for (int i = 0; i < rows; i++) {
            double z = 0;
            for (int j = 0; j < WIDTH; j++) {
                x[i][j] = j < 18 ? r.nextFloat() : (r.nextInt(4) == 0 ? 1f : 0f);
                z += (j % 3 == 0 ? 1 : -0.5) * x[i][j];
            }
            y[i] = r.nextDouble() < 1 / (1 + Math.exp(-(z - 2))) ? 1 : 0;
        }
        return new LabelledData(x, y, names);
    }
}
