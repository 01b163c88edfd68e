package io.affinity.training;

import io.affinity.models.ModelCard;
import io.affinity.models.ModelRegistry;
import io.affinity.models.UseCase;
import io.affinity.training.data.PreparedTable;
import io.affinity.training.data.Split;
import io.affinity.training.data.Table;
import io.affinity.training.data.TableException;
import io.affinity.training.data.TableReader;
import io.affinity.training.errors.TrainingException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Classifier training on a table (a CSV file, local or in S3, with its schema): reads and splits the table, prepares
 * its features, and hands the set to the one classifier flow ({@link ClassifierFlow}).
 */
@ApplicationScoped
public class TableTraining {

    private final ClassifierFlow flow;
    private final S3Client s3;
    private final TrainingControl control;

    TableTraining(ClassifierFlow flow, S3Client s3, TrainingControl control) {
        this.flow = flow;
        this.s3 = s3;
        this.control = control;
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
        ClassifierFlow.trainers(UseCase.of(job.useCase()), job.options());
        try {
            Table table = TableReader.read(local(job.table()), job.schema());
            if (job.holdoutRows() != null) Split.holdoutFile(Path.of(local(job.holdoutRows())), table.size());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new TrainingException("no such file: " + e.getFile());
        } catch (IOException e) {
            // The job's own files (its table, its holdout rows): the caller named them.
            throw new TableException(job.table(), "cannot be read: " + e.getMessage());
        }
    }

    private TrainingReport trainTableNow(TableJob job, Consumer<String> progress, BooleanSupplier stop) {
        UseCase useCase = UseCase.of(job.useCase());
        try {
            Table table = TableReader.read(local(job.table()), job.schema());
            Split split = job.holdoutRows() == null
                    ? Split.stratified(table.labels(), 0.2, job.options().seedOrDefault())
                    : Split.holdoutFile(Path.of(local(job.holdoutRows())), table.size());
            PreparedTable prepared = PreparedTable.prepare(table, split);
            progress.accept(String.format(
                    "%s: %d rows, %d train / %d holdout, %d features",
                    job.table(),
                    table.size(),
                    prepared.train().size(),
                    prepared.test().size(),
                    prepared.train().width()));
            List<Object[]> holdoutRaw = new ArrayList<>();
            for (int r : split.test()) holdoutRaw.add(table.raw().get(r));
            var set = new ClassifierSet(
                    useCase,
                    prepared.train(),
                    prepared.test(),
                    prepared.pipeline(),
                    holdoutRaw,
                    job.schema().label() + " = " + job.schema().positive(),
                    new ModelCard.DataWindow(
                            job.table(),
                            null,
                            null,
                            null,
                            split.description(),
                            prepared.train().size(),
                            prepared.test().size(),
                            prepared.train().positiveRate()),
                    holdoutId(table, split),
                    null,
                    List.of(
                            "repeated records dropped from training: " + prepared.duplicatesDropped()
                                    + " (what repeats a record: " + job.schema().duplicatePolicy() + ")",
                            "rows dropped by the missing-value policy: " + prepared.missingDropped()));
            return flow.train(set, job.options(), progress, stop);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new TrainingException("no such file: " + e.getFile());
        } catch (IOException e) {
            // The job's own files (its table, its holdout rows): the caller named them.
            throw new TableException(job.table(), "cannot be read: " + e.getMessage());
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
        if (slash <= 0) throw new TrainingException("'" + location + "' is not s3://bucket/key");
        String bucket = rest.substring(0, slash), key = rest.substring(slash + 1);
        String name = key.substring(key.lastIndexOf('/') + 1);
        Path file = Files.createTempDirectory("affinity-train-").resolve(name);
        file.toFile().deleteOnExit();
        file.getParent().toFile().deleteOnExit();
        try {
            // Streamed to disk: a training table can be larger than the heap.
            s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toFile(file));
        } catch (NoSuchKeyException e) {
            throw new TrainingException("no object " + key + " in bucket " + bucket);
        } catch (NoSuchBucketException e) {
            throw new TrainingException("no bucket " + bucket + " (reading " + location + ")");
        } catch (S3Exception e) {
            if (e.statusCode() >= 500) throw e; // the store's fault, not the request's
            // access denied and the like: the caller's to fix
            throw new TrainingException("cannot read " + location + ": "
                    + e.awsErrorDetails().errorMessage() + " (HTTP " + e.statusCode() + ")");
        }
        return file + entry;
    }
}
