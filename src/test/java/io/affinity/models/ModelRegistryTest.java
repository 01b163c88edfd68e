package io.affinity.models;

import static io.affinity.TestSupport.http;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.features.CustomerFeatures;
import io.affinity.platform.S3Config;
import io.affinity.training.TableJob;
import io.affinity.training.TableTraining;
import io.affinity.training.TrainCommand;
import io.affinity.training.TrainingReport;
import io.affinity.training.data.TableSchema;
import io.affinity.training.trainers.RandomForestTrainer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Training on a table into the registry, against the real PostgreSQL and S3 store: the first model goes to
 * production, an equal one stays a candidate, promotion and rollback move the pointer, files are checked by sha256.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelRegistryTest {

    /**
     * A table of the customer features (as a data scientist would export them), so that its models can serve
     * propensity: the signal is in events_30d, revenue_90d (sometimes missing) and top_category_90d.
     */
    static final TableSchema SCHEMA = new TableSchema(
            "synthetic",
            ",",
            "bought",
            "yes",
            "id",
            CustomerFeatures.NUMERIC,
            CustomerFeatures.CATEGORICAL,
            null,
            null,
            2,
            null,
            null);

    /** The same rows under other column names: a model that can be trained and evaluated, not served. */
    static final TableSchema FOREIGN = new TableSchema(
            "synthetic-foreign",
            ",",
            "bought",
            "yes",
            "id",
            List.of("visits", "spend"),
            List.of("channel"),
            null,
            null,
            2,
            null,
            null);

    @TestHTTPResource("/")
    URL base;

    @Inject
    TableTraining training;

    @Inject
    ModelRegistry registry;

    @Inject
    S3Client s3;

    @Inject
    S3Config s3Config;

    @Inject
    ObjectMapper json;

    @Inject
    TrainCommand trainCommand;

    Path table;

    Path foreign;

    @BeforeAll
    void writeTable() throws IOException {
        table = Path.of("target/test-tables/synthetic.csv");
        foreign = Path.of("target/test-tables/synthetic-foreign.csv");
        Files.createDirectories(table.getParent());
        StringBuilder csv = new StringBuilder("id," + String.join(",", CustomerFeatures.NUMERIC) + ","
                + String.join(",", CustomerFeatures.CATEGORICAL) + ",bought\n");
        StringBuilder other = new StringBuilder("id,visits,spend,channel,bought\n");
        Random random = new Random(3);
        String[] channels = {"email", "ads", "organic"};
        for (int i = 0; i < 800; i++) {
            double visits = random.nextInt(30);
            double spend = Math.round(random.nextDouble() * 500);
            String channel = channels[random.nextInt(3)];
            double z = 0.15 * visits - 0.004 * spend + (channel.equals("email") ? 1 : 0) - 1;
            boolean bought = random.nextDouble() < 1 / (1 + Math.exp(-z));
            String spent = i % 97 == 0 ? "" : Double.toString(spend);
            csv.append('c').append(i);
            for (String f : CustomerFeatures.NUMERIC) {
                String v = f.equals("events_30d")
                        ? Double.toString(visits)
                        : f.equals("revenue_90d") ? spent : Integer.toString(random.nextInt(5));
                csv.append(',').append(v);
            }
            csv.append(',')
                    .append(channel)
                    .append(",member,")
                    .append(bought ? "yes" : "no")
                    .append('\n');
            other.append('c')
                    .append(i)
                    .append(',')
                    .append(visits)
                    .append(',')
                    .append(spent)
                    .append(',');
            other.append(channel).append(',').append(bought ? "yes" : "no").append('\n');
        }
        Files.writeString(table, csv);
        Files.writeString(foreign, other);
    }

    TableJob job(String useCase) {
        return new TableJob(useCase, table.toString(), SCHEMA, null, List.of("logistic-regression"), 2, 7L, null);
    }

    @Test
    void firstModelGoesToProductionAnEqualOneStaysCandidateAndRollbackMovesThePointer() throws Exception {
        TrainingReport first = training.trainTable(job("propensity"), m -> {});
        int v1 = first.version();
        assertTrue(first.primaryValue() > 0.75, "planted signal is learnt: AUC " + first.primaryValue());

        var production = registry.production(UseCase.PROPENSITY).orElseThrow();
        ModelCard card = registry.card(UseCase.PROPENSITY, production.version());
        byte[] onnx = s3.getObjectAsBytes(b ->
                        b.bucket(s3Config.bucket()).key("models/propensity/" + production.version() + "/model.onnx"))
                .asByteArray();
        assertEquals(ModelRegistry.sha256(onnx), card.sha256());
        assertEquals(CustomerFeatures.names(), card.preprocessing().inputNames());
        assertEquals("roc_auc", card.primaryMetric());
        assertTrue(card.metrics().at("/holdout/deciles").size() == 10, "lift by decile stored");
        assertTrue(card.metrics().at("/holdout/roc").size() > 10, "ROC curve stored");

        TrainingReport second = training.trainTable(job("propensity"), m -> {});
        assertEquals("candidate", second.status(), second.reason());
        assertTrue(second.reason().contains("same holdout"), second.reason());
        assertEquals(
                production.version(),
                registry.production(UseCase.PROPENSITY).orElseThrow().version());

        http(base)
                .contentType("application/json")
                .body("{\"reason\":\"A/B test winner\"}")
                .post("/api/models/propensity/" + second.version() + "/promote")
                .then()
                .statusCode(200)
                .body("version", equalTo(second.version()));
        assertEquals(
                second.version(),
                registry.production(UseCase.PROPENSITY).orElseThrow().version());

        http(base)
                .contentType("application/json")
                .body("{}")
                .post("/api/models/propensity/" + v1 + "/rollback")
                .then()
                .statusCode(200)
                .body("version", equalTo(v1));
        http(base)
                .get("/api/models/propensity/production")
                .then()
                .statusCode(200)
                .body("version", equalTo(v1));
        http(base)
                .get("/api/models/propensity")
                .then()
                .statusCode(200)
                .body("find { it.version == " + v1 + " }.status", equalTo("production"))
                .body("find { it.version == " + second.version() + " }.status", equalTo("retired"));
        http(base)
                .get("/api/models/propensity/history")
                .then()
                .statusCode(200)
                .body("action", hasItems("registered", "promoted", "kept-candidate", "rolled-back"));

        // What changes nothing, or goes the wrong way, is refused and not recorded.
        int recorded = registry.history(UseCase.PROPENSITY).size();
        decide("promote", v1).statusCode(409).body("detail", containsString("already in production"));
        decide("rollback", v1).statusCode(409).body("detail", containsString("is the production version"));
        decide("rollback", second.version())
                .statusCode(409)
                .body("detail", containsString("later than production v" + v1));
        int third = training.trainTable(job("propensity"), m -> {}).version();
        int fourth = training.trainTable(job("propensity"), m -> {}).version();
        decide("promote", fourth).statusCode(200);
        decide("rollback", third).statusCode(409).body("detail", containsString("never in production"));
        assertEquals(
                fourth, registry.production(UseCase.PROPENSITY).orElseThrow().version());
        assertEquals(
                recorded + 2 * 2 + 1, // two registrations (registered, kept-candidate each) and one promotion
                registry.history(UseCase.PROPENSITY).size());
        decide("rollback", second.version()).statusCode(200).body("version", equalTo(second.version()));
    }

    private io.restassured.response.ValidatableResponse decide(String action, int version) {
        return http(base)
                .contentType("application/json")
                .body("{}")
                .post("/api/models/propensity/" + version + "/" + action)
                .then();
    }

    /** A model of other inputs trains and registers, but never reaches production: serving could not feed it. */
    @Test
    void aModelThatCannotServeItsUseCaseIsNeverPromoted() {
        var before = registry.production(UseCase.CHURN);
        TableJob job =
                new TableJob("churn", foreign.toString(), FOREIGN, null, List.of("logistic-regression"), 2, 7L, null);
        TrainingReport report = training.trainTable(job, m -> {});
        assertEquals("candidate", report.status(), report.reason());
        http(base)
                .contentType("application/json")
                .body("{}")
                .post("/api/models/churn/" + report.version() + "/promote")
                .then()
                .statusCode(422)
                .body("detail", containsString("takes the inputs [visits, spend, channel]"))
                .body("detail", containsString("churn scoring feeds its model [recency_days"));
        assertEquals(
                before.map(ModelRegistry.ProductionPointer::version),
                registry.production(UseCase.CHURN).map(ModelRegistry.ProductionPointer::version));
        if (before.isEmpty()) {
            assertTrue(report.reason().contains("not promoted: churn v" + report.version()), report.reason());
        }
    }

    @Test
    void aTamperedModelFileIsRefused() {
        // A use case of its own, so the other test's production model stays intact.
        TrainingReport report = training.trainTable(job("ctr"), m -> {});
        ModelCard card = registry.card(UseCase.CTR, report.version());
        s3.putObject(
                b -> b.bucket(s3Config.bucket()).key("models/ctr/" + report.version() + "/model.onnx"),
                RequestBody.fromBytes(new byte[] {1, 2, 3}));
        var e = assertThrows(ModelException.class, () -> registry.onnx(UseCase.CTR, report.version(), card));
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
    }

    /**
     * A running training shows its progress lines over HTTP and stops early on request: the search keeps the trials
     * done so far and the model is still registered; afterwards nothing is running.
     */
    @Test
    void aRunningTrainingShowsItsProgressAndStopsOnRequest() throws Exception {
        var job = new TableJob("propensity", table.toString(), SCHEMA, null, List.of("random-forest"), 200, 11L, null);
        var result = CompletableFuture.supplyAsync(() -> training.trainTable(job, m -> {}));
        String progress = "";
        for (int i = 0; i < 600 && !progress.contains("random-forest trial"); i++) {
            Thread.sleep(50);
            progress = http(base)
                    .get("/api/training")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
        }
        assertTrue(progress.contains("random-forest trial"), "progress seen while it runs: " + progress);
        assertTrue(progress.contains("\"job\":\"propensity from " + table + "\""), progress);
        http(base).post("/api/training/stop").then().statusCode(202);

        TrainingReport report = result.get(120, TimeUnit.SECONDS);
        assertTrue(report.version() > 0, "what was trained is registered");
        var card = registry.card(UseCase.PROPENSITY, report.version());
        int tried = card.metrics().get("algorithms").get(0).get("trials").asInt();
        long grid = new RandomForestTrainer()
                .searchSpace().values().stream().mapToLong(List::size).reduce(1, (a, b) -> a * b);
        assertTrue(tried >= 1 && tried < grid, "stopped early after " + tried + " of " + grid + " trials");
        http(base).get("/api/training").then().statusCode(200).body("size()", equalTo(0));
        http(base).post("/api/training/stop").then().statusCode(409);
    }

    /**
     * Over HTTP a training is a job: 202 with a Location at once, its status and progress while it runs, a stop by
     * its id, and its result kept after it ends. (ctr: a table model cannot serve it, so no production moves.)
     */
    @Test
    void aTrainingOverHttpIsAJobToFollowStopAndRead() throws Exception {
        String body = json.writeValueAsString(
                new TableJob("ctr", table.toString(), SCHEMA, null, List.of("random-forest"), 200, 13L, null));
        var queued = http(base)
                .contentType("application/json")
                .body(body)
                .post("/api/training/table")
                .then()
                .statusCode(202)
                .body("status", org.hamcrest.Matchers.oneOf("queued", "running"))
                .extract();
        String location = queued.header("Location");
        long id = queued.jsonPath().getLong("id");
        assertTrue(location.endsWith("/api/training/" + id), location);
        String progress = "";
        for (int i = 0; i < 600 && !progress.contains("random-forest trial"); i++) {
            Thread.sleep(50);
            progress = http(base)
                    .get("/api/training/" + id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
        }
        assertTrue(progress.contains("\"status\":\"running\""), progress);
        http(base).post("/api/training/" + id + "/stop").then().statusCode(202).body("stopRequested", equalTo(true));
        String status = "running";
        for (int i = 0; i < 1200 && (status.equals("running") || status.equals("queued")); i++) {
            Thread.sleep(100);
            status = http(base)
                    .get("/api/training/" + id)
                    .then()
                    .extract()
                    .jsonPath()
                    .getString("status");
        }
        var done = http(base)
                .get("/api/training/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("done", status, done.prettify());
        int version = done.getInt("result.version");
        int tried = registry.card(UseCase.CTR, version)
                .metrics()
                .get("algorithms")
                .get(0)
                .get("trials")
                .asInt();
        assertTrue(tried >= 1 && tried < 200, "stopped early after " + tried + " trials");
        http(base).post("/api/training/" + id + "/stop").then().statusCode(409).body("detail", containsString("ended"));
        http(base).get("/api/training/987654").then().statusCode(404);
    }

    /** The data scientists' command: exit 2 with the file and line of bad data, 0 and a report when it trains. */
    @Test
    void theTrainCommandNamesBadDataAndExitsByOutcome() throws Exception {
        Path schema = table.resolveSibling("synthetic.json");
        json.writeValue(schema.toFile(), SCHEMA);
        Path badHoldout = Files.writeString(table.resolveSibling("bad-holdout.txt"), "3\nthree\n");
        String[] common = {"train", "--use-case", "propensity", "--schema", schema.toString(), "--trials", "1"};

        var missing = command(concat(common, "--table", "target/test-tables/nope.csv"));
        assertEquals(2, missing.exit());
        assertEquals(
                "train: no such file: target/test-tables/nope.csv",
                missing.err().strip());

        var badLine = command(concat(common, "--table", table.toString(), "--holdout", badHoldout.toString()));
        assertEquals(2, badLine.exit());
        assertTrue(badLine.err().contains("bad-holdout.txt: line 2: 'three' is not a row number"), badLine.err());

        var trained = command(concat(common, "--table", table.toString(), "--algorithms", "logistic-regression"));
        assertEquals(0, trained.exit(), trained.err());
        assertTrue(trained.out().contains("\"algorithm\" : \"logistic-regression\""), trained.out());
    }

    record Outcome(int exit, String out, String err) {}

    private Outcome command(String... args) throws Exception {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        PrintStream stdout = System.out, stderr = System.err;
        System.setOut(new PrintStream(out, true, UTF_8));
        System.setErr(new PrintStream(err, true, UTF_8));
        try {
            int exit = trainCommand.run(args);
            return new Outcome(exit, out.toString(UTF_8), err.toString(UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void badRequestsAreNamed() throws Exception {
        http(base)
                .get("/api/models/lifetime-value")
                .then()
                .statusCode(404)
                .body("detail", containsString("unknown use case"));
        http(base).get("/api/models/churn/999").then().statusCode(404).body("detail", containsString("999"));
        String badColumn = json.writeValueAsString(new TableJob(
                "propensity",
                table.toString(),
                new TableSchema(
                        "x", ",", "bought", "yes", null, List.of("visitz"), List.of(), null, null, null, null, null),
                null,
                List.of("logistic-regression"),
                1,
                1L,
                null));
        http(base)
                .contentType("application/json")
                .body(badColumn)
                .post("/api/training/table")
                .then()
                .statusCode(400)
                .body("detail", containsString("no column 'visitz'"));
        // a table the caller names that cannot be read (here: a folder) is theirs to fix, and says which it is
        String folder = table.getParent().toString();
        http(base)
                .contentType("application/json")
                .body(json.writeValueAsString(new TableJob("propensity", folder, SCHEMA, null, List.of(), 1, 1L, 3)))
                .post("/api/training/table")
                .then()
                .statusCode(400)
                .body("detail", containsString(folder + ": cannot be read"));
        String badAlgorithm = json.writeValueAsString(
                new TableJob("propensity", table.toString(), SCHEMA, null, List.of("deep-forest"), 1, 1L, 3));
        http(base)
                .contentType("application/json")
                .body(badAlgorithm)
                .post("/api/training/table")
                .then()
                .statusCode(400)
                .body("detail", containsString("unknown algorithm 'deep-forest'"));
        http(base)
                .contentType("application/json")
                .body("{\"useCase\":\"churn\",\"trails\":20}")
                .post("/api/training/events")
                .then()
                .statusCode(400)
                .body("detail", containsString("\"trails\""));
        http(base)
                .contentType("application/json")
                .body("{\"useCase\":\"churn\",\"trials\":\"many\"}")
                .post("/api/training/events")
                .then()
                .statusCode(400)
                .body(
                        "detail",
                        equalTo("field \"trials\" at line 1, column 29: expected a whole number, got \"many\""));
        http(base)
                .contentType("application/json")
                .body("{\"useCase\":\"churn\",\"trials\":0}")
                .post("/api/training/events")
                .then()
                .statusCode(400)
                .body("detail", not(containsString("io.affinity")))
                .body("detail", not(containsString("malformed")))
                .body("detail", containsString("trials"));
        String noBucket = json.writeValueAsString(
                new TableJob("propensity", "s3://no-such-bucket/t.csv", SCHEMA, null, List.of(), 1, 1L, null));
        http(base)
                .contentType("application/json")
                .body(noBucket)
                .post("/api/training/table")
                .then()
                .statusCode(400)
                .body("detail", containsString("no bucket no-such-bucket"));
        http(base)
                .contentType("application/json")
                .body("{\"useCase\":\"recommend\",\"algorithms\":[\"logistic-regression\"]}")
                .post("/api/training/events")
                .then()
                .statusCode(400)
                .body("detail", containsString("unknown recommend algorithm 'logistic-regression'"))
                .body("detail", containsString("neumf, neumf-recent"));
    }
}
