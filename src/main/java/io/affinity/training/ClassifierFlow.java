package io.affinity.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.features.FeaturePipeline;
import io.affinity.models.ModelCard;
import io.affinity.models.ModelException;
import io.affinity.models.ModelRegistry;
import io.affinity.models.OnnxModel;
import io.affinity.models.UseCase;
import io.affinity.training.data.LabelledData;
import io.affinity.training.eval.ClassifierEvaluator;
import io.affinity.training.trainers.ClassifierTrainer;
import io.affinity.training.trainers.Trainers;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The one classifier training flow, whichever source the set came from: train and evaluate every algorithm
 * ({@link ClassifierTraining}), write the winner's card, compare it with production on the same holdout, register
 * it, and report.
 */
@ApplicationScoped
public class ClassifierFlow {

    private static final Logger LOG = Logger.getLogger(ClassifierFlow.class);

    private final ModelRegistry registry;
    private final ObjectMapper json;

    ClassifierFlow(ModelRegistry registry, ObjectMapper json) {
        this.registry = registry;
        this.json = json;
    }

    /**
     * The trainers a job runs: those it names, else its use case's defaults, else all.
     *
     * @throws IllegalArgumentException naming an unknown algorithm
     */
    static List<ClassifierTrainer> trainers(UseCase useCase, ClassifierOptions options) {
        return Trainers.named(options.algorithms().isEmpty() ? useCase.defaultAlgorithms() : options.algorithms());
    }

    public TrainingReport train(
            ClassifierSet set, ClassifierOptions options, Consumer<String> progress, BooleanSupplier stop) {
        UseCase useCase = set.useCase();
        ClassifierTraining.Settings settings = options.settings();
        var candidates = ClassifierTraining.train(
                set.train(), set.holdout(), trainers(useCase, options), settings, progress, stop);
        var best = candidates.get(0);
        if (set.baseline() != null)
            progress.accept(String.format(
                    "%s: %s holdout ROC AUC %.4f vs baseline (%s) %.4f",
                    useCase,
                    best.algorithm(),
                    best.holdout().rocAuc(),
                    set.baseline().name(),
                    set.baseline().rocAuc()));
        ModelCard card = card(set, best, json.valueToTree(metrics(set, best, candidates, settings)));
        OptionalDouble production = productionOn(set);
        var registration = registry.register(best.onnx(), card, production);
        List<TrainingReport.AlgorithmResult> results = new ArrayList<>(TrainingReport.of(candidates));
        if (set.baseline() != null)
            results.add(new TrainingReport.AlgorithmResult(
                    "baseline: " + set.baseline().name(), null, set.baseline().rocAuc(), 0, 0));
        TrainingReport report = TrainingReport.of(registration, results);
        progress.accept(report.registered());
        return report;
    }

    /**
     * The card of a classifier about to be registered (version, time and sha256 are the registry's to fill): its
     * input is the pipeline's vector, its primary metric the holdout ROC AUC.
     */
    private static ModelCard card(ClassifierSet set, ClassifierTraining.Candidate best, JsonNode metrics) {
        FeaturePipeline pipeline = set.pipeline();
        return new ModelCard(
                set.useCase().id(),
                0,
                best.algorithm(),
                null,
                null,
                0,
                Map.of(
                        best.output().input(),
                        "float[N, " + pipeline.width() + "]: the preprocessing's vector of the raw inputs "
                                + pipeline.inputNames()),
                pipeline,
                best.output(),
                meaning(set.outcome(), best.output().probabilistic()),
                set.data(),
                best.params().values(),
                "roc_auc",
                best.holdout().rocAuc(),
                set.holdoutId(),
                metrics,
                set.notes());
    }

    /** What a score says: a probability, or a margin where only the order means something. */
    static String meaning(String outcome, boolean probabilistic) {
        return (probabilistic ? "probability that " : "margin (not a probability): higher means more likely that ")
                + outcome;
    }

    /** The card's metrics of a classifier: holdout figures, the baselines beside them, every algorithm tried. */
    private static Map<String, Object> metrics(
            ClassifierSet set,
            ClassifierTraining.Candidate best,
            List<ClassifierTraining.Candidate> all,
            ClassifierTraining.Settings settings) {
        LabelledData train = set.train(), holdout = set.holdout();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("holdout", best.holdout());
        m.put("validationRocAuc", best.validationAuc());
        m.put("validationProtocol", "hyperparameters and algorithm chosen by " + settings.protocol());
        m.put("parityError", best.parityError());
        List<Map<String, Object>> baselines = new ArrayList<>();
        baselines.add(Map.of(
                "name",
                "training base rate for every row",
                "rocAuc",
                0.5,
                "logLoss",
                ClassifierEvaluator.baseRateLogLoss(train.positiveRate(), holdout.y())));
        if (set.baseline() != null)
            baselines.add(Map.of(
                    "name", set.baseline().name(), "rocAuc", set.baseline().rocAuc()));
        m.put("baselines", baselines);
        m.put(
                "algorithms",
                all.stream()
                        .map(c -> Map.of(
                                "algorithm", c.algorithm(),
                                "validationRocAuc", c.validationAuc(),
                                "holdoutRocAuc", c.holdout().rocAuc(),
                                "hyperparameters", c.params().values(),
                                "trials", c.trials().size(),
                                "searchMillis", c.searchMillis(),
                                "fitMillis", c.fitMillis()))
                        .toList());
        return m;
    }

    /**
     * Production's ROC AUC on this holdout, when production reads the same raw inputs: its own pipeline and ONNX
     * file score the rows, so the comparison is on the same rows whatever holdout production was trained with.
     */
    private OptionalDouble productionOn(ClassifierSet set) {
        UseCase useCase = set.useCase();
        List<String> inputs = set.pipeline().inputNames();
        var pointer = registry.production(useCase);
        if (pointer.isEmpty()) return OptionalDouble.empty();
        try {
            ModelCard card = registry.card(useCase, pointer.get().version());
            FeaturePipeline pipeline = card.preprocessing();
            if (pipeline == null || !pipeline.inputNames().equals(inputs)) return OptionalDouble.empty();
            var t = pipeline.transformer();
            float[][] x = set.holdoutRaw().stream().map(t::transform).toArray(float[][]::new);
            byte[] onnx = registry.onnx(useCase, card.version(), card);
            try (OnnxModel model = OnnxModel.load(onnx, card.output(), useCase + " v" + card.version(), 1)) {
                float[] s = model.score(x);
                double[] scores = new double[s.length];
                for (int i = 0; i < s.length; i++) scores[i] = s[i];
                return OptionalDouble.of(
                        ClassifierEvaluator.evaluate(scores, set.holdout().y(), 0.5, false)
                                .rocAuc());
            }
        } catch (ModelException e) {
            LOG.warnf("cannot score production %s on the new holdout: %s", useCase, e.getMessage());
            return OptionalDouble.empty();
        }
    }
}
