package io.affinity.scoring;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import io.affinity.features.CustomerAggregate;
import io.affinity.features.CustomerFeatures;
import io.affinity.features.FeaturePipeline;
import io.affinity.features.PreprocessingPolicy;
import io.affinity.models.ModelCard;
import io.affinity.models.OnnxModel;
import io.affinity.models.UseCase;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Single-row scoring through {@link ScoringService} (customer aggregates to features by the model's own pipeline,
 * the model leased from {@link ModelSessions}, {@link OnnxModel} with a fresh direct buffer and tensor per call,
 * band, result record) against plain {@code OrtSession.run} on the same model and the same tensor built once, same
 * JVM, one thread; with and without reasons (a reason row per numeric input, 19 rows in one call: the raw side
 * then runs that same 19-row tensor). Then the process RSS after 10,000 and after 1,000,000 service calls (a
 * native leak would grow it). Only the PostgreSQL read of the aggregates is left out: it is the same for any model.
 */
public final class ScoringBenchmark {

    static final Instant AS_OF = Instant.parse("2026-05-01T00:00:00Z");

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("org.tribuo").setLevel(java.util.logging.Level.WARNING);
        topK();
        int calls = Integer.getInteger("bench.calls", 200_000);
        List<CustomerAggregate> customers = customers(5000, 1);
        List<Object[]> raw = customers.stream().map(CustomerFeatures::raw).toList();
        FeaturePipeline pipeline = FeaturePipeline.fit(
                CustomerFeatures.NUMERIC, CustomerFeatures.CATEGORICAL, PreprocessingPolicy.DEFAULT, raw);
        FeaturePipeline.Transformer features = pipeline.transformer();
        float[][] x = raw.stream().map(features::transform).toArray(float[][]::new);
        LabelledData train = new LabelledData(x, labels(customers, 2), pipeline.featureNames());
        List<Object[]> models = List.of(
                new Object[] {LinearTrainer.logisticRegression(), Map.<String, Object>of("cost", 1.0)}, new Object[] {
                    new RandomForestTrainer(),
                    Map.<String, Object>of("trees", 200, "maxDepth", 8, "minChildWeight", 5.0, "featureFraction", 0.35)
                });
        System.out.printf(
                "%-20s %-8s %10s %10s %10s %10s %8s %8s%n",
                "model", "reasons", "raw p50", "raw p99", "ours p50", "ours p99", "p50 x", "p99 x");
        for (Object[] m : models) {
            ClassifierTrainer trainer = (ClassifierTrainer) m[0];
            @SuppressWarnings("unchecked")
            TrainedClassifier model = trainer.fit(train, new Hyperparameters((Map<String, Object>) m[1]), 1);
            OnnxModel ours = OnnxModel.load(model.onnx(), model.output(), trainer.algorithm(), 1);
            ServingModel serving =
                    new ServingModel(UseCase.CHURN, card(trainer.algorithm(), pipeline, model), ours, null);
            ModelSessions sessions = ModelSessions.fixed(Map.of(UseCase.CHURN, serving));
            ScoringService scoring = new ScoringService(sessions, null, new BenchConfig(), null);
            CustomerAggregate customer = customers.get(7);
            for (boolean reasons : new boolean[] {false, true}) {
                // The tensor the service builds for this customer, built once here.
                int rows = reasons ? 1 + CustomerFeatures.NUMERIC.size() : 1, width = pipeline.width();
                FloatBuffer fixed = ByteBuffer.allocateDirect(rows * width * 4)
                        .order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
                Object[] row = CustomerFeatures.raw(customer);
                fixed.put(features.transform(row));
                for (int i = 1; i < rows; i++) {
                    Object[] typical = row.clone();
                    typical[i - 1] = pipeline.numeric().get(i - 1).fill();
                    fixed.put(features.transform(typical));
                }
                fixed.rewind();
                try (OnnxTensor tensor =
                        OnnxTensor.createTensor(OnnxModel.environment(), fixed, new long[] {rows, width})) {
                    OrtSession session = ours.session();
                    Map<String, OnnxTensor> inputs = Map.of(model.output().input(), tensor);
                    float expected = ours.score(fixed.duplicate(), rows, width)[0];
                    if (Math.abs(scoring.score(UseCase.CHURN, customer, reasons).probability() - expected) > 1e-6)
                        throw new IllegalStateException("the service and the raw call disagree");
                    long[] rawTimes = new long[calls], wrapped = new long[calls];
                    for (int round = 0; round < 2; round++) { // the first round warms up
                        for (int i = 0; i < calls; i++) {
                            long t0 = System.nanoTime();
                            try (OrtSession.Result r = session.run(inputs)) {
                                r.get(0);
                            }
                            long t1 = System.nanoTime();
                            scoring.score(UseCase.CHURN, customer, reasons);
                            long t2 = System.nanoTime();
                            rawTimes[i] = t1 - t0;
                            wrapped[i] = t2 - t1;
                        }
                    }
                    Arrays.sort(rawTimes);
                    Arrays.sort(wrapped);
                    double r50 = rawTimes[calls / 2] / 1000.0, r99 = rawTimes[calls * 99 / 100] / 1000.0;
                    double w50 = wrapped[calls / 2] / 1000.0, w99 = wrapped[calls * 99 / 100] / 1000.0;
                    System.out.printf(
                            "%-20s %-8s %8.1fus %8.1fus %8.1fus %8.1fus %8.2f %8.2f%n",
                            trainer.algorithm(), reasons ? "yes" : "no", r50, r99, w50, w99, w50 / r50, w99 / r99);
                }
            }
            long rss10k = 0;
            for (int i = 1; i <= 1_000_000; i++) {
                scoring.score(UseCase.CHURN, customers.get(i % customers.size()), i % 2 == 0);
                if (i == 10_000) rss10k = rssKb();
            }
            long rss1m = rssKb();
            System.out.printf(
                    "%-20s RSS after 10,000 service calls %d MB, after 1,000,000 %d MB (%.3fx)%n",
                    trainer.algorithm(), rss10k / 1024, rss1m / 1024, (double) rss1m / rss10k);
            serving.release();
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

    /** Customers of a shop with plausible aggregates (the raw inputs of the churn and propensity models). */
    static List<CustomerAggregate> customers(int n, long seed) {
        Random r = new Random(seed);
        List<String> categories = List.of("books", "garden", "kitchen", "sports", "toys", "beauty");
        List<CustomerAggregate> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int events90 = r.nextInt(120), events30 = r.nextInt(events90 + 1), events7 = r.nextInt(events30 + 1);
            int orders90 = r.nextInt(6), orders30 = r.nextInt(orders90 + 1);
            double revenue90 = orders90 * (20 + 80 * r.nextDouble());
            boolean subscribed = r.nextInt(3) == 0;
            Instant firstSeen = AS_OF.minus(Duration.ofHours(24 + r.nextInt(24 * 365)));
            out.add(new CustomerAggregate(
                    "c" + i,
                    AS_OF,
                    firstSeen,
                    AS_OF.minus(Duration.ofHours(r.nextInt(24 * 60))),
                    r.nextDouble() * 60,
                    events7,
                    events30,
                    events90,
                    Math.min(30, events30 / 2),
                    events30 / 2,
                    events30 / 8,
                    orders30,
                    orders90,
                    orders90 + r.nextInt(4),
                    revenue90 * orders30 / Math.max(1, orders90),
                    revenue90,
                    revenue90 * 1.5,
                    r.nextInt(10),
                    r.nextInt(3),
                    orders90 == 0 ? null : AS_OF.minus(Duration.ofDays(r.nextInt(90))),
                    subscribed,
                    !subscribed && r.nextBoolean() ? AS_OF.minus(Duration.ofDays(r.nextInt(90))) : null,
                    Map.of("product_viewed", events30 / 2),
                    Map.of(categories.get(r.nextInt(categories.size())), 1 + r.nextInt(9))));
        }
        return out;
    }

    /** Churn: more likely for the quiet, the unsubscribed and those who have not ordered. */
    static int[] labels(List<CustomerAggregate> customers, long seed) {
        Random r = new Random(seed);
        int[] y = new int[customers.size()];
        for (int i = 0; i < y.length; i++) {
            CustomerAggregate a = customers.get(i);
            double z = a.recencyDays() / 20 - a.events30d() / 30.0 - (a.subscribed() ? 1 : 0) - a.orders90d() / 3.0;
            y[i] = r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
        }
        return y;
    }

    static ModelCard card(String algorithm, FeaturePipeline pipeline, TrainedClassifier model) {
        return new ModelCard(
                UseCase.CHURN.id(),
                1,
                algorithm,
                AS_OF,
                null,
                model.onnx().length,
                Map.of(model.output().input(), "float[N, " + pipeline.width() + "]"),
                pipeline,
                model.output(),
                "benchmark",
                null,
                Map.of(),
                "roc_auc",
                0,
                null,
                null,
                List.of());
    }

    /** The defaults of {@code affinity.scoring.*}. */
    static final class BenchConfig implements ScoringConfig {
        public Duration refreshEvery() {
            return Duration.ofSeconds(10);
        }

        public Optional<Path> cacheDir() {
            return Optional.empty();
        }

        public double bandMedium() {
            return 0.3;
        }

        public double bandHigh() {
            return 0.6;
        }

        public int reasons() {
            return 3;
        }
    }
}
