package io.affinity.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.features.FeaturePipeline;
import io.affinity.features.PreprocessingPolicy;
import io.affinity.models.ModelCard;
import io.affinity.models.ModelRegistry;
import io.affinity.models.ScoreOutput;
import io.affinity.models.UseCase;
import io.affinity.training.data.LabelledData;
import io.affinity.training.errors.TrainingException;
import io.affinity.training.eval.ClassifierEvaluator;
import io.affinity.training.eval.LeaveOneOut;
import io.affinity.training.events.EventDatasets;
import io.affinity.training.events.Labelled;
import io.affinity.training.ncf.NcfSettings;
import io.affinity.training.ncf.ProductionRanking;
import io.affinity.training.ncf.RecommenderTraining;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Trains the four use cases on the event store: classifiers on point-in-time sets with an out-of-time holdout,
 * the recommender on product interactions with leave-one-out; each compared with its baseline and registered.
 */
@ApplicationScoped
public class EventTraining {

    private final EventDatasets datasets;
    private final ClassifierFlow flow;
    private final ModelRegistry registry;
    private final ObjectMapper json;

    private final TrainingControl control;

    EventTraining(
            EventDatasets datasets,
            ClassifierFlow flow,
            ModelRegistry registry,
            TrainingControl control,
            ObjectMapper json) {
        this.control = control;
        this.datasets = datasets;
        this.flow = flow;
        this.registry = registry;
        this.json = json;
    }

    public TrainingReport train(EventJob job, Consumer<String> progress) {
        return train(job, progress, () -> false);
    }

    /** @param stop asked between trials and epochs: true ends the training early (what was trained is registered) */
    public TrainingReport train(EventJob job, Consumer<String> progress, BooleanSupplier stop) {
        UseCase useCase = UseCase.of(job.useCase());
        try (var running = control.start(useCase + " from the event store", stop)) {
            Consumer<String> shown = running.recording(progress);
            return useCase instanceof UseCase.ItemRanking
                    ? recommend(useCase, job, shown, running.stopRequested())
                    : classifier(useCase, job, shown, running.stopRequested());
        }
    }

    /**
     * What can be refused before a training is queued: the use case and the algorithm names.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public void check(EventJob job) {
        UseCase useCase = UseCase.of(job.useCase());
        if (useCase instanceof UseCase.ItemRanking) recommenders(job.algorithms(), 0L);
        else ClassifierFlow.trainers(useCase, job.options());
    }

    private TrainingReport classifier(UseCase useCase, EventJob job, Consumer<String> progress, BooleanSupplier stop) {
        Instant end = job.end() == null ? datasets.latestEvent() : job.end();
        Duration horizon = Duration.ofDays(job.horizon());
        Instant holdoutCutoff = end.minus(horizon), trainCutoff = holdoutCutoff.minus(horizon);
        Labelled train = labelled(useCase, trainCutoff, holdoutCutoff);
        Labelled holdout = labelled(useCase, holdoutCutoff, end);
        for (Labelled set : List.of(train, holdout)) {
            if (set.labels().length < 20 || set.positives() == 0 || set.positives() == set.labels().length)
                throw new TrainingException(String.format(
                        "not enough history for %s: %d rows with %d positives for cut-off %s (labels to %s);"
                                + " needs at least 20 rows and both outcomes in each of two horizons of %d days"
                                + " before %s; the event store holds %s",
                        useCase,
                        set.labels().length,
                        set.positives(),
                        set.cutoff(),
                        set == train ? holdoutCutoff : end,
                        job.horizon(),
                        end,
                        datasets.history()));
        }
        progress.accept(String.format(
                "%s: train cut-off %s (%d rows, %d positive), holdout cut-off %s (%d rows, %d positive)",
                useCase,
                trainCutoff,
                train.labels().length,
                train.positives(),
                holdoutCutoff,
                holdout.labels().length,
                holdout.positives()));
        List<String> numeric = train.inputs().subList(0, train.numeric());
        List<String> categorical =
                train.inputs().subList(train.numeric(), train.inputs().size());
        FeaturePipeline pipeline = FeaturePipeline.fit(numeric, categorical, PreprocessingPolicy.DEFAULT, train.raw());
        LabelledData trainData = data(pipeline, train);
        LabelledData holdoutData = data(pipeline, holdout);
        double baselineAuc = ClassifierEvaluator.evaluate(holdout.baseline(), holdout.labels(), 0.5, false)
                .rocAuc();
        var set = new ClassifierSet(
                useCase,
                trainData,
                holdoutData,
                pipeline,
                holdout.raw(),
                useCase.outcome(job.horizon()),
                new ModelCard.DataWindow(
                        "events",
                        trainCutoff.minus(Duration.ofDays(90)),
                        trainCutoff,
                        end,
                        "out of time: train on cut-off " + trainCutoff + " (labels to " + holdoutCutoff
                                + "), holdout on cut-off " + holdoutCutoff + " (labels to " + end + ")",
                        trainData.size(),
                        holdoutData.size(),
                        trainData.positiveRate()),
                fingerprint(holdout.ids(), holdout.labels(), holdoutCutoff + "/" + end),
                new ClassifierSet.Baseline(holdout.baselineName(), baselineAuc),
                List.of(
                        "features: customer aggregates as of each cut-off (events at or before it); labels: events after it"));
        return flow.train(set, job.options(), progress, stop);
    }

    /** The labelled set of a classifier use case between a cut-off and the end of its labels. */
    private Labelled labelled(UseCase useCase, Instant cutoff, Instant end) {
        if (useCase instanceof UseCase.Probability p) return datasets.customers(p, cutoff, end);
        if (useCase instanceof UseCase.PromotionRanking ads) return datasets.impressions(ads, cutoff, end);
        throw new IllegalStateException(useCase + " is not trained as a classifier");
    }

    private static LabelledData data(FeaturePipeline pipeline, Labelled set) {
        var t = pipeline.transformer();
        float[][] x = set.raw().stream().map(t::transform).toArray(float[][]::new);
        return new LabelledData(x, set.labels(), pipeline.featureNames());
    }

    private TrainingReport recommend(UseCase useCase, EventJob job, Consumer<String> progress, BooleanSupplier stop) {
        long seed = job.seed() == null ? NcfSettings.DEFAULT.seed() : job.seed();
        Map<String, NcfSettings> variants = recommenders(job.algorithms(), seed); // unknown names refused first
        Instant end = job.end() == null ? datasets.latestEvent() : job.end();
        List<String[]> pairs = datasets.interactions(end);
        Map<String, Integer> customers = new LinkedHashMap<>(), products = new LinkedHashMap<>();
        Map<String, List<Integer>> byCustomer = new LinkedHashMap<>();
        for (String[] p : pairs) {
            int item = products.computeIfAbsent(p[1], k -> products.size());
            byCustomer.computeIfAbsent(p[0], k -> new ArrayList<>()).add(item);
        }
        List<Integer> userOf = new ArrayList<>(), itemOf = new ArrayList<>();
        List<Integer> heldOut = new ArrayList<>();
        List<int[]> histories = new ArrayList<>();
        for (var e : byCustomer.entrySet()) {
            List<Integer> items = e.getValue();
            if (items.size() < 3) continue; // too little history to hold one out and validate on another
            int user = customers.size();
            customers.put(e.getKey(), user);
            histories.add(items.subList(0, items.size() - 1).stream()
                    .mapToInt(Integer::intValue)
                    .toArray());
            for (int k = 0; k < items.size() - 1; k++) {
                userOf.add(user);
                itemOf.add(items.get(k));
            }
            heldOut.add(items.get(items.size() - 1));
        }
        int users = customers.size(), items = products.size();
        if (users < 10 || items < 20)
            throw new TrainingException("not enough interactions to train recommend: " + users
                    + " customers with 3+ products, " + items + " products");
        int[] uo = userOf.stream().mapToInt(Integer::intValue).toArray(),
                io = itemOf.stream().mapToInt(Integer::intValue).toArray();
        int negatives = Math.min(99, items / 2);
        LeaveOneOut test = testProtocol(users, items, uo, io, heldOut, negatives, seed);
        // Each variant asked for is trained; the one with the best validation NDCG@10 is registered.
        Map<String, RecommenderTraining.Outcome> outcomes = new LinkedHashMap<>();
        for (var v : variants.entrySet()) {
            var outcome = RecommenderTraining.train(users, items, uo, io, test, v.getValue(), progress, stop);
            outcomes.put(v.getKey(), outcome);
            progress.accept(String.format(
                    "recommend: %s HR@10 %.4f NDCG@10 %.4f (validation NDCG@10 %.4f) vs popularity %.4f / %.4f",
                    v.getKey(),
                    outcome.test().hitRatio(),
                    outcome.test().ndcg(),
                    outcome.validation().ndcg(),
                    outcome.popularity().hitRatio(),
                    outcome.popularity().ndcg()));
        }
        String chosen = outcomes.entrySet().stream()
                .max(Comparator.comparingDouble(e -> e.getValue().validation().ndcg()))
                .orElseThrow()
                .getKey();
        var outcome = outcomes.get(chosen);
        NcfSettings s = variants.get(chosen);

        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("test", outcome.test());
        metrics.put("validation", outcome.validation());
        metrics.put(
                "baselines",
                List.of(Map.of(
                        "name", "popularity (training interactions per item)", "ranking", outcome.popularity())));
        // Every variant compared on the same split, as classifier cards list their algorithms.
        metrics.put(
                "algorithms",
                outcomes.entrySet().stream()
                        .map(e -> Map.of(
                                "algorithm", e.getKey(),
                                "validationNdcg", e.getValue().validation().ndcg(),
                                "holdoutNdcg", e.getValue().test().ndcg(),
                                "holdoutHitRatio", e.getValue().test().hitRatio(),
                                "fitMillis", e.getValue().millis()))
                        .toList());
        metrics.put("bestEpoch", outcome.bestEpoch());
        metrics.put("epochs", outcome.epochs());
        metrics.put("parityError", outcome.parityError());
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("gmf", s.gmf());
        params.put("mlp", s.mlp());
        params.put("hidden", s.hidden());
        params.put("learningRate", s.learningRate());
        params.put("l2", s.l2());
        params.put("negatives", s.negatives());
        params.put("recent", s.recent());
        params.put("epochs", outcome.bestEpoch());
        String holdoutId = fingerprint(
                customers.keySet().stream().toList(),
                heldOut.stream().mapToInt(Integer::intValue).toArray(),
                "leave-one-out/" + negatives);
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("user", "int64[N]: customer index in ids.json");
        inputs.put("item", "int64[N]: product index in ids.json");
        if (s.recent() > 0)
            inputs.put(
                    "recent",
                    "int64[N," + s.recent() + "]: the customer's latest products (views, clicks, cart adds), oldest"
                            + " first, as indexes in ids.json; unfilled slots hold the product count");
        ModelCard card = new ModelCard(
                useCase.id(),
                0,
                chosen,
                null,
                null,
                0,
                inputs,
                null,
                new ScoreOutput("user", "score", 0, true),
                ClassifierFlow.meaning(useCase.outcome(0), true),
                new ModelCard.DataWindow(
                        "events", null, null, datasets.latestEvent(), test.description(), uo.length, users, null),
                params,
                "ndcg@10",
                outcome.test().ndcg(),
                holdoutId,
                json.valueToTree(metrics),
                List.of(
                        "interactions: product viewed, clicked and added to cart, one per customer and product at its latest time"));
        int[] popularity = new int[items];
        for (int item : io) popularity[item]++;
        // What serving needs beside the graph: the id maps, and item popularity for customers the model never saw.
        Map<String, Object> ids =
                Map.of("users", customers.keySet(), "items", products.keySet(), "popularity", popularity);
        byte[] idsJson;
        try {
            idsJson = json.writeValueAsBytes(ids);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // Production ranked on this candidate's held-out items, as classifiers are compared on the same holdout.
        OptionalDouble production = ProductionRanking.ndcgAt10(
                registry,
                json,
                test,
                List.copyOf(customers.keySet()),
                List.copyOf(products.keySet()),
                histories.toArray(int[][]::new));
        var registration = registry.register(outcome.onnx(), card, production, Map.of("ids.json", idsJson));
        List<TrainingReport.AlgorithmResult> results = new ArrayList<>();
        outcomes.forEach((name, o) -> results.add(new TrainingReport.AlgorithmResult(
                name, o.validation().ndcg(), o.test().ndcg(), 0, o.millis())));
        results.add(new TrainingReport.AlgorithmResult(
                "baseline: popularity", null, outcome.popularity().ndcg(), 0, 0));
        TrainingReport report = TrainingReport.of(registration, results);
        progress.accept(report.registered());
        return report;
    }

    /** Recommender variants by name: plain NeuMF, and NeuMF whose GMF user vector reads the latest 5 products. */
    static final Map<String, NcfSettings> RECOMMENDERS = Collections.unmodifiableMap(
            new TreeMap<>(Map.of("neumf", NcfSettings.DEFAULT, "neumf-recent", NcfSettings.RECENT_ITEMS)));

    /** The variants asked for (none named: all), in name order, with the job's seed. */
    private static Map<String, NcfSettings> recommenders(List<String> names, long seed) {
        for (String name : names) {
            if (!RECOMMENDERS.containsKey(name))
                throw new TrainingException("unknown recommend algorithm '" + name + "' (known: "
                        + String.join(", ", RECOMMENDERS.keySet()) + ")");
        }
        Map<String, NcfSettings> out = new LinkedHashMap<>();
        RECOMMENDERS.forEach((name, settings) -> {
            if (names.isEmpty() || names.contains(name)) out.put(name, settings.withSeed(seed));
        });
        return out;
    }

    /** Each user's last interaction, with negatives drawn (seeded) from the products the user never touched. */
    private static LeaveOneOut testProtocol(
            int users, int items, int[] userOf, int[] itemOf, List<Integer> heldOut, int negatives, long seed) {
        List<Set<Integer>> seen = new ArrayList<>();
        for (int u = 0; u < users; u++) seen.add(new java.util.HashSet<>(List.of(heldOut.get(u))));
        for (int k = 0; k < userOf.length; k++) seen.get(userOf[k]).add(itemOf[k]);
        Random random = new Random(seed);
        int[][] neg = new int[users][];
        int[] test = new int[users];
        for (int u = 0; u < users; u++) {
            test[u] = heldOut.get(u);
            Set<Integer> chosen = new LinkedHashSet<>();
            int available = items - seen.get(u).size();
            while (chosen.size() < Math.min(negatives, available)) {
                int j = random.nextInt(items);
                if (!seen.get(u).contains(j)) chosen.add(j);
            }
            neg[u] = chosen.stream().mapToInt(Integer::intValue).toArray();
        }
        return new LeaveOneOut(
                test,
                neg,
                "leave-one-out: each customer's latest product, ranked among " + negatives
                        + " sampled products they never touched");
    }

    private static String fingerprint(List<String> ids, int[] labels, String window) {
        StringBuilder sb = new StringBuilder(window);
        for (int i = 0; i < ids.size(); i++)
            sb.append('\n').append(ids.get(i)).append(':').append(labels[i]);
        return ModelRegistry.sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
