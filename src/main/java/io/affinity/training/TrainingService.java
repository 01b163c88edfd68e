package io.affinity.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.features.FeaturePipeline;
import io.affinity.models.ModelCard;
import io.affinity.models.ModelException;
import io.affinity.models.ModelRegistry;
import io.affinity.models.OnnxModel;
import io.affinity.models.UseCase;
import io.affinity.training.data.LabelledData;
import io.affinity.training.data.PreparedTable;
import io.affinity.training.data.Split;
import io.affinity.training.data.Table;
import io.affinity.training.data.TableException;
import io.affinity.training.data.TableReader;
import io.affinity.training.eval.ClassifierEvaluator;
import io.affinity.training.trainers.Trainers;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Training jobs end to end: read the data, train and evaluate every algorithm, export the winner to ONNX through
 * the parity check, compare it with production on the same holdout, and register it.
 */
@ApplicationScoped
public class TrainingService {

    private static final Logger LOG = Logger.getLogger(TrainingService.class);

    private final ModelRegistry registry;
    private final S3Client s3;
    private final ObjectMapper json;

    private final TrainingControl control;

    TrainingService(ModelRegistry registry, S3Client s3, TrainingControl control, ObjectMapper json) {
        this.control = control;
        this.registry = registry;
        this.s3 = s3;
        this.json = json;
    }

    /** Trains a classifier on a table and registers the best algorithm (chosen on validation) as a candidate. */
    public TrainingReport trainTable(TableJob job, Consumer<String> progress) {
        return trainTable(job, progress, () -> false);
    }

    /** @param stop asked between trials: true ends the search early (the best trial so far is registered) */
    public TrainingReport trainTable(TableJob job, Consumer<String> progress, BooleanSupplier stop) {
        try (var running = control.start(job.useCase() + " from " + job.table(), stop)) {
            return trainTableNow(job, running.recording(progress), running.stopRequested());
        }
    }

    /**
     * What can be refused before a training is queued: the use case, the algorithm names, and the table itself
     * (found, readable, its columns and labels as the schema says, the holdout rows in range).
     *
     * @throws IllegalArgumentException (or a {@link TableException}) naming what is wrong and where
     */
    public void check(TableJob job) {
        UseCase.of(job.useCase());
        Trainers.named(job.algorithms());
        try {
            Table table = TableReader.read(local(job.table()), job.schema());
            if (job.holdoutRows() != null) Split.holdoutFile(Path.of(local(job.holdoutRows())), table.size());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + e.getFile());
        } catch (IOException e) {
            // The job's own files (its table, its holdout rows): the caller named them.
            throw new TableException(job.table(), "cannot be read: " + e.getMessage());
        }
    }

    private TrainingReport trainTableNow(TableJob job, Consumer<String> progress, BooleanSupplier stop) {
        UseCase useCase = UseCase.of(job.useCase());
        long seed = job.seed() == null ? ClassifierTraining.Settings.DEFAULT.seed() : job.seed();
        try {
            Table table = TableReader.read(local(job.table()), job.schema());
            Split split = job.holdoutRows() == null
                    ? Split.stratified(table.labels(), 0.2, seed)
                    : Split.holdoutFile(Path.of(local(job.holdoutRows())), table.size());
            PreparedTable prepared = PreparedTable.prepare(table, split);
            progress.accept(String.format(
                    "%s: %d rows, %d train / %d holdout, %d features",
                    job.table(),
                    table.size(),
                    prepared.train().size(),
                    prepared.test().size(),
                    prepared.train().width()));
            var settings = new ClassifierTraining.Settings(
                    job.trials() == null ? ClassifierTraining.Settings.DEFAULT.trials() : job.trials(),
                    0.2,
                    seed,
                    job.folds() == null ? 1 : job.folds());
            var candidates = ClassifierTraining.train(
                    prepared.train(), prepared.test(), Trainers.named(job.algorithms()), settings, progress, stop);
            var best = candidates.get(0);

            String holdoutId = holdoutId(table, split);
            ModelCard card = classifierCard(
                    useCase,
                    best,
                    prepared.pipeline(),
                    best.output().probabilistic()
                            ? "probability that " + job.schema().label() + " = "
                                    + job.schema().positive()
                            : "margin: higher means " + job.schema().label() + " = "
                                    + job.schema().positive() + " is more likely (not a probability)",
                    new ModelCard.DataWindow(
                            job.table(),
                            null,
                            null,
                            null,
                            split.description(),
                            prepared.train().size(),
                            prepared.test().size(),
                            prepared.train().positiveRate()),
                    holdoutId,
                    json.valueToTree(metrics(best, candidates, settings, prepared.train(), prepared.test(), null)),
                    List.of(
                            "repeated records dropped from training: " + prepared.duplicatesDropped()
                                    + " (what repeats a record: " + job.schema().duplicatePolicy() + ")",
                            "rows dropped by the missing-value policy: " + prepared.missingDropped()));
            OptionalDouble production = productionOn(useCase, table, split);
            var registration = registry.register(best.onnx(), card, production);
            TrainingReport report = TrainingReport.of(registration, TrainingReport.of(candidates));
            progress.accept(report.registered());
            return report;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + e.getFile());
        } catch (IOException e) {
            // The job's own files (its table, its holdout rows): the caller named them.
            throw new TableException(job.table(), "cannot be read: " + e.getMessage());
        }
    }

    /**
     * The card of a classifier about to be registered (version, time and sha256 are the registry's to fill): its
     * input is the pipeline's vector, its primary metric the holdout ROC AUC.
     */
    static ModelCard classifierCard(
            UseCase useCase,
            ClassifierTraining.Candidate best,
            FeaturePipeline pipeline,
            String outputMeaning,
            ModelCard.DataWindow data,
            String holdoutId,
            com.fasterxml.jackson.databind.JsonNode metrics,
            List<String> notes) {
        return new ModelCard(
                useCase.id(),
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
                outputMeaning,
                data,
                best.params().values(),
                "roc_auc",
                best.holdout().rocAuc(),
                holdoutId,
                metrics,
                notes);
    }

    /** The card's metrics of a classifier: holdout figures, the baselines beside them, every algorithm tried. */
    static Map<String, Object> metrics(
            ClassifierTraining.Candidate best,
            List<ClassifierTraining.Candidate> all,
            ClassifierTraining.Settings settings,
            LabelledData train,
            LabelledData holdout,
            Map<String, Object> extraBaseline) {
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
        if (extraBaseline != null) baselines.add(extraBaseline);
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
    private OptionalDouble productionOn(UseCase useCase, Table table, Split split) {
        List<String> inputs = new ArrayList<>(table.schema().numeric());
        inputs.addAll(table.schema().categorical());
        List<Object[]> raw = new ArrayList<>();
        int[] y = new int[split.test().length];
        for (int i = 0; i < y.length; i++) {
            raw.add(table.raw().get(split.test()[i]));
            y[i] = table.labels()[split.test()[i]];
        }
        return productionOn(useCase, inputs, raw, y);
    }

    /**
     * Production's ROC AUC on the given holdout rows, when production reads the same raw inputs: its own pipeline
     * and ONNX file score the rows, so the comparison is on the same rows whatever holdout production was trained
     * with.
     */
    OptionalDouble productionOn(UseCase useCase, List<String> inputs, List<Object[]> raw, int[] y) {
        var pointer = registry.production(useCase);
        if (pointer.isEmpty()) return OptionalDouble.empty();
        try {
            ModelCard card = registry.card(useCase, pointer.get().version());
            FeaturePipeline pipeline = card.preprocessing();
            if (pipeline == null || !pipeline.inputNames().equals(inputs)) return OptionalDouble.empty();
            var t = pipeline.transformer();
            float[][] x = raw.stream().map(t::transform).toArray(float[][]::new);
            byte[] onnx = registry.onnx(useCase, card.version(), card);
            try (OnnxModel model = OnnxModel.load(onnx, card.output(), useCase + " v" + card.version(), 1)) {
                float[] s = model.score(x);
                double[] scores = new double[s.length];
                for (int i = 0; i < s.length; i++) scores[i] = s[i];
                return OptionalDouble.of(
                        ClassifierEvaluator.evaluate(scores, y, 0.5, false).rocAuc());
            }
        } catch (ModelException e) {
            LOG.warnf("cannot score production %s on the new holdout: %s", useCase, e.getMessage());
            return OptionalDouble.empty();
        }
    }

    private static String holdoutId(Table table, Split split) {
        StringBuilder sb = new StringBuilder(table.schema().label())
                .append('=')
                .append(table.schema().positive());
        for (int r : split.test())
            sb.append('\n').append(table.ids().get(r)).append(':').append(table.labels()[r]);
        return ModelRegistry.sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A local path for a location: local paths as they are; {@code s3://bucket/key} downloaded to a temporary file
     * (keeping a {@code !entry} suffix for zips).
     */
    String local(String location) throws IOException {
        if (!location.startsWith("s3://")) return location;
        String rest = location.substring(5);
        String entry = "";
        int bang = rest.indexOf('!');
        if (bang >= 0) {
            entry = rest.substring(bang);
            rest = rest.substring(0, bang);
        }
        int slash = rest.indexOf('/');
        if (slash <= 0) throw new IllegalArgumentException("'" + location + "' is not s3://bucket/key");
        String bucket = rest.substring(0, slash), key = rest.substring(slash + 1);
        String name = key.substring(key.lastIndexOf('/') + 1);
        Path file = Files.createTempDirectory("affinity-train-").resolve(name);
        file.toFile().deleteOnExit();
        file.getParent().toFile().deleteOnExit();
        try {
            // Streamed to disk: a training table can be larger than the heap.
            s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toFile(file));
        } catch (NoSuchKeyException e) {
            throw new IllegalArgumentException("no object " + key + " in bucket " + bucket);
        } catch (NoSuchBucketException e) {
            throw new IllegalArgumentException("no bucket " + bucket + " (reading " + location + ")");
        } catch (S3Exception e) {
            if (e.statusCode() >= 500) throw e; // the store's fault, not the request's
            // access denied and the like: the caller's to fix
            throw new IllegalArgumentException("cannot read " + location + ": "
                    + e.awsErrorDetails().errorMessage() + " (HTTP " + e.statusCode() + ")");
        }
        return file + entry;
    }
}
