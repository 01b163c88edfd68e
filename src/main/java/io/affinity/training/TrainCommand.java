package io.affinity.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.platform.Command;
import io.affinity.training.data.TableSchema;
import io.affinity.training.errors.TrainingException;
import io.affinity.training.eval.ParityException;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code java -jar affinity-runner.jar train ...}: trains on a table and registers the model, for data scientists.
 * Runs against the configured PostgreSQL and S3 (the embedded ones by default), without the HTTP server.
 */
@Named("train")
@Dependent
public class TrainCommand implements Command {

    static final String USAGE = """
            usage: java -jar target/affinity-runner.jar train --use-case <recommend|ctr|propensity|churn>
                     [--events [--horizon-days <n>]]   (train on the event store)
                   | [--table <file.csv | file.zip!entry.csv | s3://bucket/key> --schema <schema.json>
                     [--holdout <row-numbers.txt>]
                     [--algorithms logistic-regression,linear-svm,factorization-machine,random-forest,gradient-boosting]
                                   (recommend: neumf,neumf-recent)
                     [--trials <n>] [--seed <n>] [--folds <k>]""";

    @Inject
    TableTraining training;

    @Inject
    EventTraining events;

    @Inject
    ObjectMapper json;

    /**
     * Exit codes: 0 registered, 2 bad arguments or bad data (the message says what and where), 1 the export failed
     * its parity check.
     */
    @Override
    public String summary() {
        return "train a model on a table or the event store and register it";
    }

    @Override
    public int run(String... args) throws Exception {
        Callable<TrainingReport> work;
        try {
            work = parse(args);
        } catch (IllegalArgumentException | TrainingException | IOException e) {
            System.err.println("train: " + e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        try {
            print(work.call());
            return 0;
        } catch (TrainingException | UncheckedIOException e) {
            System.err.println("train: " + e.getMessage());
            return 2;
        } catch (ParityException e) {
            System.err.println("train: the export was refused: " + e.getMessage());
            return 1;
        }
    }

    /** The training the arguments ask for, not started yet. */
    private Callable<TrainingReport> parse(String... args) throws IOException {
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        if (rest.remove("--events")) {
            Map<String, String> options = options(rest.toArray(String[]::new));
            EventJob eventJob = new EventJob(
                    require(options, "use-case"),
                    options.containsKey("horizon-days") ? Integer.valueOf(options.get("horizon-days")) : null,
                    null,
                    options.containsKey("trials") ? Integer.valueOf(options.get("trials")) : null,
                    options.containsKey("algorithms")
                            ? List.of(options.get("algorithms").split(","))
                            : List.of(),
                    options.containsKey("seed") ? Long.valueOf(options.get("seed")) : null,
                    options.containsKey("folds") ? Integer.valueOf(options.get("folds")) : null);
            return () -> events.train(eventJob, System.out::println);
        }
        Map<String, String> options = options(rest.toArray(String[]::new));
        TableJob job = new TableJob(
                require(options, "use-case"),
                require(options, "table"),
                TableSchema.read(Path.of(require(options, "schema"))),
                options.get("holdout"),
                options.containsKey("algorithms")
                        ? List.of(options.get("algorithms").split(","))
                        : List.of(),
                options.containsKey("trials") ? Integer.valueOf(options.get("trials")) : null,
                options.containsKey("seed") ? Long.valueOf(options.get("seed")) : null,
                options.containsKey("folds") ? Integer.valueOf(options.get("folds")) : null);
        return () -> training.trainTable(job, System.out::println);
    }

    private void print(TrainingReport report) throws IOException {
        System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(report));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length)
                throw new IllegalArgumentException("expected --option value, got '" + args[i] + "'");
            out.put(args[i].substring(2), args[++i]);
        }
        return out;
    }

    private static String require(Map<String, String> options, String name) {
        String v = options.get(name);
        if (v == null) throw new IllegalArgumentException("--" + name + " is required");
        return v;
    }
}
