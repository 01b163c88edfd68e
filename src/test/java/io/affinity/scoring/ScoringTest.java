package io.affinity.scoring;

import static io.affinity.TestSupport.http;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.ShopFixture;
import io.affinity.TestSupport;
import io.affinity.features.Catalogue;
import io.affinity.features.CustomerAggregateService;
import io.affinity.features.CustomerFeatures;
import io.affinity.ingest.SourceService;
import io.affinity.models.ModelCard;
import io.affinity.models.ModelException;
import io.affinity.models.ModelRegistry;
import io.affinity.models.OnnxModel;
import io.affinity.models.OnnxProtos;
import io.affinity.models.UseCase;
import io.affinity.platform.S3Config;
import io.affinity.training.EventJob;
import io.affinity.training.EventTraining;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Churn and propensity scores over HTTP from the production models: the same number as the card's pipeline and
 * ONNX file give, a band and reasons; a promotion is served without a restart, a corrupt version is refused while
 * the previous one keeps serving, and bad requests get clear 4xx answers.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScoringTest {

    static final String CUSTOMER = "cust-11";

    @TestHTTPResource("/")
    URL base;

    @Inject
    SourceService sources;

    @Inject
    CustomerAggregateService aggregates;

    @Inject
    EventTraining training;

    @Inject
    Catalogue catalogue;

    @Inject
    ScoringService scoring;

    @Inject
    io.affinity.features.PromotionStats promotions;

    @Inject
    io.agroal.api.AgroalDataSource db;

    @Inject
    ModelRegistry registry;

    @Inject
    S3Client s3;

    @Inject
    S3Config s3Config;

    @Inject
    ObjectMapper json;

    @Inject
    io.affinity.ingest.PrivacyService privacy;

    int churnA, churnB;

    @BeforeAll
    void trainAndPromote() throws Exception {
        ShopFixture.ensureSeeded(base, sources, aggregates, json);
        churnA = train("churn", "logistic-regression");
        churnB = train("churn", "factorization-machine");
        serve(UseCase.PROPENSITY, train("propensity", "logistic-regression"));
        // NeuMF with recent items: served with each customer's latest products read at request time.
        serve(UseCase.RECOMMEND, train("recommend", "neumf-recent"));
        serve(UseCase.CTR, train("ctr", "factorization-machine"));
    }

    void serve(UseCase useCase, int version) {
        io.affinity.TestSupport.serve(registry, useCase, version);
    }

    int train(String useCase, String algorithm) {
        return training.train(new EventJob(useCase, 14, ShopFixture.END, 1, List.of(algorithm), 3L), m -> {})
                .version();
    }

    /** What the served model must answer: the card's pipeline and ONNX file, run here independently. */
    double expected(UseCase useCase, int version) {
        return expected(useCase, version, CUSTOMER);
    }

    double expected(UseCase useCase, int version, String customer) {
        ModelCard card = registry.card(useCase, version);
        var raw = CustomerFeatures.raw(aggregates.find(customer).orElseThrow());
        float[] x = card.preprocessing().transformer().transform(raw);
        try (OnnxModel model = OnnxModel.load(registry.onnx(useCase, version, card), card.output(), "expected", 1)) {
            return model.score(new float[][] {x})[0];
        }
    }

    @Test
    void scoresComeFromTheProductionModelWithBandAndReasons() {
        serve(UseCase.CHURN, churnA);
        var body = http(base)
                .get("/api/customers/" + CUSTOMER + "/scores")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        for (String useCase : List.of("churn", "propensity")) {
            Map<String, Object> score = body.getMap("scores." + useCase);
            int version = (Integer) score.get("modelVersion");
            double p = ((Number) score.get("probability")).doubleValue();
            assertEquals(registry.production(UseCase.of(useCase)).orElseThrow().version(), version);
            assertEquals(expected(UseCase.of(useCase), version), p, 1e-6, useCase + " as the card's model computes it");
            assertEquals(p >= 0.6 ? "high" : p >= 0.3 ? "medium" : "low", score.get("band"));
            List<Map<String, Object>> reasons = body.getList("scores." + useCase + ".reasons");
            assertTrue(!reasons.isEmpty() && reasons.size() <= 3, "up to three reasons: " + reasons);
            assertEquals(
                    reasons.size(),
                    reasons.stream()
                            .map(r -> CustomerFeatures.family((String) r.get("feature")))
                            .distinct()
                            .count(),
                    "no two reasons about one measure: " + reasons);
            double previous = Double.MAX_VALUE;
            for (var r : reasons) {
                double effect = Math.abs(((Number) r.get("effect")).doubleValue());
                assertTrue(effect <= previous, "strongest first");
                previous = effect;
                assertTrue(((String) r.get("text")).contains("the " + useCase + " score by"), (String) r.get("text"));
            }
        }
    }

    @Test
    void eachCustomerGetsTheirOwnScoreWithOrWithoutReasons() throws Exception {
        // One thread scores customer after customer: the input tensor it reuses must carry each one's features.
        serve(UseCase.CHURN, churnA);
        List<String> customers;
        try (var c = db.getConnection()) {
            customers =
                    aggregates.page(c, "", 6).stream().map(a -> a.customerId()).toList();
        }
        assertEquals(6, customers.size());
        for (String customer : customers) {
            double p = expected(UseCase.CHURN, churnA, customer);
            CustomerScore plain = scoring.score(UseCase.CHURN, customer, false);
            CustomerScore explained = scoring.score(UseCase.CHURN, customer, true);
            assertEquals(p, plain.probability(), 1e-6, customer);
            assertEquals(p, explained.probability(), 1e-6, customer);
            assertTrue(plain.reasons().isEmpty(), "reasons: false gives none");
            assertTrue(!explained.reasons().isEmpty(), "reasons by default");
        }
        http(base)
                .contentType("application/json")
                .body("{\"useCase\":\"churn\",\"customerId\":\"" + CUSTOMER + "\",\"reasons\":false}")
                .post("/api/score")
                .then()
                .statusCode(200)
                .body("reasons.size()", equalTo(0));
    }

    @Test
    void aPromotionIsServedWithoutRestartAndACorruptVersionIsRefused() {
        serve(UseCase.CHURN, churnA);
        score("churn").body("modelVersion", equalTo(churnA));
        serve(UseCase.CHURN, churnB);
        double servedBefore = TestSupport.metric(
                base, "affinity_scoring_seconds_count", "use_case", "churn", "version", String.valueOf(churnB));
        double served = score("churn")
                .body("modelVersion", equalTo(churnB))
                .extract()
                .jsonPath()
                .getDouble("probability");
        assertEquals(expected(UseCase.CHURN, churnB), served, 1e-6);
        assertEquals(
                servedBefore + 1,
                TestSupport.metric(
                        base, "affinity_scoring_seconds_count", "use_case", "churn", "version", String.valueOf(churnB)),
                "the score is counted under its use case and version");
        double refusedBefore =
                TestSupport.metric(base, "affinity_model_loads_total", "outcome", "refused", "use_case", "churn");

        int broken = train("churn", "logistic-regression");
        serve(UseCase.CHURN, churnB); // the new version may have promoted itself on its figure
        s3.putObject(
                b -> b.bucket(s3Config.bucket()).key(ModelRegistry.prefix(UseCase.CHURN, broken) + "model.onnx"),
                RequestBody.fromBytes("not a model".getBytes()));
        ModelException refused =
                assertThrows(ModelException.class, () -> registry.promote(UseCase.CHURN, broken, "corrupt file"));
        assertTrue(refused.getMessage().contains("sha256"), refused.getMessage());
        score("churn").body("modelVersion", equalTo(churnB));
        // A pointer that names it anyway (edited by hand): serving refuses the version, the loaded one keeps serving.
        s3.putObject(
                b -> b.bucket(s3Config.bucket()).key(ModelRegistry.productionKey(UseCase.CHURN)),
                RequestBody.fromString("{\"useCase\":\"churn\",\"version\":" + broken + ",\"sha256\":\"x\","
                        + "\"promotedAt\":\"2026-12-01T00:00:00Z\",\"reason\":\"edited by hand\"}"));
        score("churn").body("modelVersion", equalTo(churnB));
        assertEquals(
                refusedBefore + 1,
                TestSupport.metric(base, "affinity_model_loads_total", "outcome", "refused", "use_case", "churn"),
                "the refused load is counted");
        registry.rollback(UseCase.CHURN, churnA, "scoring test");
        score("churn").body("modelVersion", equalTo(churnA));
    }

    io.restassured.response.ValidatableResponse score(String useCase) {
        return http(base)
                .contentType("application/json")
                .body("{\"useCase\":\"" + useCase + "\",\"customerId\":\"" + CUSTOMER + "\"}")
                .post("/api/score")
                .then()
                .statusCode(200);
    }

    @Test
    void badRequestsAreNamed() {
        http(base)
                .get("/api/customers/nobody-here/scores")
                .then()
                .statusCode(404)
                .body("detail", containsString("nobody-here"));
        http(base)
                .contentType("application/json")
                .body("{\"useCase\":\"loyalty\",\"customerId\":\"x\"}")
                .post("/api/score")
                .then()
                .statusCode(404)
                .body("detail", containsString("unknown use case 'loyalty'"));
        http(base)
                .contentType("application/json")
                .body("{\"useCase\":\"ctr\",\"customerId\":\"" + CUSTOMER + "\"}")
                .post("/api/score")
                .then()
                .statusCode(400)
                .body("detail", containsString("ranks items"));
        http(base)
                .contentType("application/json")
                .body("{\"useCase\":\"churn\"}")
                .post("/api/score")
                .then()
                .statusCode(400)
                .body("detail", containsString("customerId"));
        http(base)
                .contentType("application/json")
                .body("{\"useCase\":")
                .post("/api/score")
                .then()
                .statusCode(400)
                .body("detail", containsString("malformed JSON"));
    }

    @Test
    void recommendationsLeaveOutWhatWasBoughtFollowFiltersAndFallBackToPopularity() {
        var body = http(base)
                .get("/api/customers/" + CUSTOMER + "/recommendations?k=5")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("neumf-recent", body.getString("source"));
        List<String> products = body.getList("items.productId");
        List<Float> scores = body.getList("items.score");
        assertEquals(5, products.size());
        for (int i = 1; i < scores.size(); i++) assertTrue(scores.get(i) <= scores.get(i - 1), "best first: " + scores);
        var bought = catalogue.bought(CUSTOMER);
        assertTrue(!bought.isEmpty(), "the fixture customer has orders");
        for (String p : products) assertTrue(!bought.contains(p), p + " was already bought");

        String category = body.getString("items[0].category");
        var filtered = http(base)
                .get("/api/customers/" + CUSTOMER + "/recommendations?k=3&category=" + category + "&maxPrice=1000")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        for (Object c : filtered.getList("items.category")) assertEquals(category, c);

        http(base)
                .get("/api/customers/someone-new/recommendations?k=3")
                .then()
                .statusCode(200)
                .body("source", equalTo("popularity"))
                .body("reason", containsString("not seen"))
                .body("items.size()", equalTo(3));
        http(base)
                .get("/api/customers/" + CUSTOMER + "/recommendations?k=0")
                .then()
                .statusCode(400)
                .body("detail", containsString("1..100"));
        http(base)
                .get("/api/customers/" + CUSTOMER + "/recommendations?k=101")
                .then()
                .statusCode(400);
        http(base)
                .get("/api/customers/" + CUSTOMER + "/recommendations?maxPrice=-5")
                .then()
                .statusCode(400)
                .body("detail", containsString("maxPrice"));
        // a query parameter of the wrong type is a 400 naming it, not JAX-RS's bare 404
        http(base)
                .get("/api/customers/" + CUSTOMER + "/recommendations?k=ten")
                .then()
                .statusCode(400)
                .body("detail", equalTo("query parameter k: 'ten' is not a whole number"));
        http(base)
                .get("/api/customers/" + CUSTOMER + "/recommendations?maxPrice=cheap")
                .then()
                .statusCode(400)
                .body("detail", equalTo("query parameter maxPrice: 'cheap' is not a number"));
        http(base)
                .get("/api/customers/" + CUSTOMER + "/scores/history?useCase=churn&limit=all")
                .then()
                .statusCode(400)
                .body("detail", containsString("query parameter limit"));
        http(base)
                .get("/api/customers/" + CUSTOMER + "/scores/history")
                .then()
                .statusCode(400)
                .body("detail", equalTo("query parameter useCase is required: churn or propensity"));
    }

    @Test
    void recommendationsFollowWhatTheCustomerJustViewed() throws Exception {
        String customer = "cust-12";
        var before = recommendations(customer);
        assertEquals("neumf-recent", before.getString("source"), "the model knows " + customer);
        String topCategory = before.getString("items[0].category");
        Set<String> bought = catalogue.bought(customer);
        Map<String, Catalogue.Product> products = catalogue.products();
        // Five products of another category, viewed one after another a day after the fixture's history ends.
        String viewedCategory = products.values().stream()
                .map(Catalogue.Product::category)
                .filter(c -> c != null && !c.equals(topCategory))
                .sorted()
                .findFirst()
                .orElseThrow();
        List<String> viewed = products.entrySet().stream()
                .filter(e -> viewedCategory.equals(e.getValue().category()) && !bought.contains(e.getKey()))
                .map(Map.Entry::getKey)
                .sorted()
                .limit(5)
                .toList();
        assertEquals(5, viewed.size());
        String key = sources.createSource("scoring-test-views").writeKey();
        var batch = json.createObjectNode();
        var events = batch.putArray("batch");
        for (int i = 0; i < viewed.size(); i++) {
            var e = events.addObject()
                    .put("type", "track")
                    .put("event", "Product Viewed")
                    .put("userId", customer)
                    .put(
                            "timestamp",
                            ShopFixture.END
                                    .plus(java.time.Duration.ofDays(1).plusMinutes(i))
                                    .toString());
            e.putObject("properties").put("product_id", viewed.get(i)).put("category", viewedCategory);
        }
        http(base)
                .auth()
                .preemptive()
                .basic(key, "")
                .contentType("application/json")
                .body(json.writeValueAsBytes(batch))
                .post("/v1/batch")
                .then()
                .statusCode(200);
        assertEquals(viewed, catalogue.recent(customer, 5), "the latest five products, oldest first");

        var after = recommendations(customer);
        assertTrue(
                !before.getList("items.productId").equals(after.getList("items.productId")),
                "the latest products change the recommendations, with no new model");
        // The served score of the new top product is the exported model's, given exactly those five products.
        int version = after.getInt("modelVersion");
        var ids = json.readTree(registry.extra(UseCase.RECOMMEND, version, "ids.json"));
        List<String> users = json.convertValue(ids.get("users"), List.class);
        List<String> items = json.convertValue(ids.get("items"), List.class);
        long[] recent = viewed.stream().mapToLong(items::indexOf).toArray();
        String top = after.getString("items[0].productId");
        ModelCard card = registry.card(UseCase.RECOMMEND, version);
        try (OnnxModel pair = OnnxModel.load(registry.onnx(UseCase.RECOMMEND, version, card), null, "pair", 1);
                var u = ai.onnxruntime.OnnxTensor.createTensor(
                        OnnxModel.environment(), new long[] {users.indexOf(customer)});
                var i = ai.onnxruntime.OnnxTensor.createTensor(
                        OnnxModel.environment(), new long[] {items.indexOf(top)});
                var r = ai.onnxruntime.OnnxTensor.createTensor(OnnxModel.environment(), new long[][] {recent});
                var out = pair.session().run(Map.of("user", u, "item", i, "recent", r))) {
            float expected = ((float[][]) out.get(0).getValue())[0][0];
            assertEquals(expected, after.getFloat("items[0].score"), 1e-5);
        }
    }

    private io.restassured.path.json.JsonPath recommendations(String customer) {
        return http(base)
                .get("/api/customers/" + customer + "/recommendations?k=10")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void adCandidatesAreRankedByClickProbability() {
        var body = http(base)
                .contentType("application/json")
                .body(
                        "{\"customerId\":\"" + CUSTOMER
                                + "\",\"promotions\":[\"campaign-1\",\"campaign-2\",\"campaign-3\",\"campaign-1\",\"brand-new\"]}")
                .post("/api/ctr")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<String> ads = body.getList("ads.promotionId");
        List<Float> p = body.getList("ads.clickProbability");
        assertEquals(4, ads.size(), "a repeated candidate is ranked once: " + ads);
        assertTrue(ads.contains("brand-new"), "an unseen promotion is still ranked");
        for (int i = 0; i < p.size(); i++) {
            assertTrue(p.get(i) > 0 && p.get(i) < 1, "a probability: " + p);
            if (i > 0) assertTrue(p.get(i) <= p.get(i - 1), "most likely first: " + p);
        }
        assertEquals(registry.production(UseCase.CTR).orElseThrow().version(), body.getInt("modelVersion"));
        http(base)
                .contentType("application/json")
                .body("{\"customerId\":\"" + CUSTOMER + "\",\"promotions\":[]}")
                .post("/api/ctr")
                .then()
                .statusCode(400)
                .body("detail", containsString("at least one"));
        http(base)
                .contentType("application/json")
                .body("{\"customerId\":\"nobody\",\"promotions\":[\"campaign-1\"]}")
                .post("/api/ctr")
                .then()
                .statusCode(200)
                .body("source", equalTo("click-rate")); // cold start, as recommendations fall back to popularity
    }

    @Test
    void batchScoringWritesEveryCustomerOnceAndKeepsHistory() {
        serve(UseCase.CHURN, churnA);
        long customers = io.affinity.TestSupport.count(db, "SELECT count(*) FROM customer_aggregate");
        var first = http(base)
                .contentType("application/json")
                .body("{\"useCase\":\"churn\"}")
                .post("/api/scoring/batch")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(customers, first.getLong("customers"));
        assertEquals(churnA, first.getInt("modelVersion"));
        long run = first.getLong("runId");
        assertEquals(
                customers,
                io.affinity.TestSupport.count(
                        db, "SELECT count(DISTINCT customer_id) FROM customer_score WHERE run_id = ?", run));
        assertEquals(
                customers,
                io.affinity.TestSupport.count(db, "SELECT count(*) FROM customer_score WHERE run_id = ?", run));

        double online = score("churn").extract().jsonPath().getDouble("probability");
        var history = http(base)
                .get("/api/customers/" + CUSTOMER + "/scores/history?useCase=churn")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(online, history.getDouble("[0].probability"), 1e-6, "the batch score is the online score");
        http(base)
                .contentType("application/json")
                .body("{\"useCase\":\"churn\"}")
                .post("/api/scoring/batch")
                .then()
                .statusCode(200);
        int points = http(base)
                .get("/api/customers/" + CUSTOMER + "/scores/history?useCase=churn")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$")
                .size();
        assertTrue(points >= 2, "runs append to the history: " + points);
    }

    @Test
    void batchRankingsAreWhatTheOnlineCallsAnswer() {
        long customers = io.affinity.TestSupport.count(db, "SELECT count(*) FROM customer_aggregate");
        var recommend = batch("{\"useCase\":\"recommend\",\"k\":5}");
        assertEquals(customers, recommend.getLong("customers"));
        assertTrue(recommend.getLong("rows") > 0 && recommend.getLong("rows") <= 5 * customers);
        List<Map<String, Object>> online = http(base)
                .get("/api/customers/" + CUSTOMER + "/recommendations?k=5")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
        var stored = ranking("recommend");
        assertEquals(recommend.getLong("runId"), stored.getLong("runId"));
        assertEquals(online.stream().map(i -> i.get("productId")).toList(), stored.getList("items.itemId"));
        // Each stored product carries its catalogue category, as the online answer has it (segments read it).
        List<Object> categories = new java.util.ArrayList<>();
        try (var c = db.getConnection();
                var ps = c.prepareStatement(
                        "SELECT category FROM customer_ranking WHERE run_id = ? AND customer_id = ? ORDER BY rank")) {
            ps.setLong(1, recommend.getLong("runId"));
            ps.setString(2, CUSTOMER);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) categories.add(rs.getString(1));
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        assertEquals(online.stream().map(i -> i.get("category")).toList(), categories);
        assertTrue(categories.stream().anyMatch(java.util.Objects::nonNull), "the shop's products have categories");

        List<String> running = promotions.running(java.time.Duration.ofDays(30));
        var ctr = batch("{\"useCase\":\"ctr\",\"k\":3}");
        assertEquals(customers, ctr.getLong("customers"));
        assertEquals(customers * Math.min(3, running.size()), ctr.getLong("rows"));
        var ads = http(base)
                .contentType("application/json")
                .body(Map.of("customerId", CUSTOMER, "promotions", running))
                .post("/api/ctr")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        var storedAds = ranking("ctr");
        assertEquals(
                ads.getList("ads.promotionId").subList(0, Math.min(3, running.size())),
                storedAds.getList("items.itemId"));
        assertEquals(ads.getDouble("ads[0].clickProbability"), storedAds.getDouble("items[0].score"), 1e-6);

        http(base)
                .contentType("application/json")
                .body("{\"useCase\":\"recommend\",\"k\":0}")
                .post("/api/scoring/batch")
                .then()
                .statusCode(400)
                .body("detail", containsString("k must be"));
        http(base).get("/api/customers/nobody/rankings/ctr").then().statusCode(404);
        http(base)
                .get("/api/customers/" + CUSTOMER + "/rankings/churn")
                .then()
                .statusCode(400)
                .body("detail", containsString("recommend and ctr"));
    }

    io.restassured.path.json.JsonPath batch(String body) {
        return http(base)
                .contentType("application/json")
                .body(body)
                .post("/api/scoring/batch")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    io.restassured.path.json.JsonPath ranking(String useCase) {
        return http(base)
                .get("/api/customers/" + CUSTOMER + "/rankings/" + useCase)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void aModelTrainedElsewhereIsImportedWithItsCardAndServed() throws Exception {
        serve(UseCase.CHURN, churnA);
        ModelCard ours = registry.card(UseCase.CHURN, churnA);
        int width = ours.preprocessing().width();
        // What scikit-learn's converter (skl2onnx, default options) makes of a logistic regression: float_input ->
        // output_label [N] and output_probability, a sequence of {class: probability} maps (ZipMap).
        float[] w = new float[width];
        java.util.Random random = new java.util.Random(4);
        for (int i = 0; i < width; i++) w[i] = (float) random.nextGaussian();
        var g = OnnxMl.GraphProto.newBuilder().setName("sklearn-like");
        g.addInput(OnnxProtos.tensor("float_input", OnnxProtos.FLOAT, -1, width));
        g.addInitializer(OnnxProtos.floatInit("coef", w, 1, width));
        g.addInitializer(OnnxProtos.floatInit("intercept", new float[] {-1.5f}, 1));
        g.addInitializer(OnnxProtos.floatInit("one", new float[] {1f}, 1));
        g.addNode(OnnxProtos.node(
                "Gemm",
                null,
                "linear",
                new String[] {"float_input", "coef", "intercept"},
                new String[] {"logit"},
                OnnxProtos.integer("transB", 1)));
        g.addNode(OnnxProtos.node("Sigmoid", null, "p1", new String[] {"logit"}, new String[] {"p1"}));
        g.addNode(OnnxProtos.node("Sub", null, "p0", new String[] {"one", "p1"}, new String[] {"p0"}));
        g.addNode(OnnxProtos.node(
                "Concat",
                null,
                "probabilities",
                new String[] {"p0", "p1"},
                new String[] {"probabilities"},
                OnnxProtos.integer("axis", 1)));
        g.addNode(OnnxProtos.node(
                "ArgMax",
                null,
                "label",
                new String[] {"probabilities"},
                new String[] {"output_label"},
                OnnxProtos.integer("axis", 1),
                OnnxProtos.integer("keepdims", 0)));
        g.addNode(OnnxProtos.node(
                "ZipMap",
                "ai.onnx.ml",
                "zipmap",
                new String[] {"probabilities"},
                new String[] {"output_probability"},
                OnnxProtos.ints("classlabels_int64s", 0, 1)));
        g.addOutput(OnnxProtos.tensor("output_label", OnnxProtos.INT64, -1));
        var probability = OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(OnnxProtos.FLOAT));
        var map = OnnxMl.TypeProto.newBuilder()
                .setMapType(OnnxMl.TypeProto.Map.newBuilder()
                        .setKeyType(OnnxProtos.INT64)
                        .setValueType(probability));
        g.addOutput(OnnxMl.ValueInfoProto.newBuilder()
                .setName("output_probability")
                .setType(OnnxMl.TypeProto.newBuilder()
                        .setSequenceType(OnnxMl.TypeProto.Sequence.newBuilder().setElemType(map))));
        byte[] onnx = OnnxProtos.model(g.build(), true, "sklearn-like logistic regression");

        var card = json.createObjectNode();
        card.put("algorithm", "scikit-learn LogisticRegression");
        card.putObject("inputs").put("float_input", "float[N, " + width + "]: Affinity's customer feature vector");
        card.set("preprocessing", json.valueToTree(ours.preprocessing()));
        card.putObject("output")
                .put("input", "float_input")
                .put("output", "output_probability")
                .put("column", 1)
                .put("probabilistic", true);
        card.put("outputMeaning", "probability of churn within 14 days");
        var body = json.createObjectNode()
                .put("onnx", java.util.Base64.getEncoder().encodeToString(onnx));
        body.set("card", card);
        var imported = http(base)
                .contentType("application/json")
                .body(json.writeValueAsString(body))
                .post("/api/models/churn/import")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("candidate", imported.getString("status"), "it brings no figure on our holdout");
        int version = imported.getInt("card.version");
        serve(UseCase.CHURN, version);

        double served = score("churn")
                .body("modelVersion", equalTo(version))
                .extract()
                .jsonPath()
                .getDouble("probability");
        float[] x = ours.preprocessing()
                .transformer()
                .transform(CustomerFeatures.raw(aggregates.find(CUSTOMER).orElseThrow()));
        double z = -1.5;
        for (int i = 0; i < width; i++) z += w[i] * x[i];
        assertEquals(1 / (1 + Math.exp(-z)), served, 1e-5, "the imported graph's own arithmetic");

        var inputs = (com.fasterxml.jackson.databind.node.ObjectNode) card.get("inputs");
        inputs.removeAll().put("input", "a name the graph does not have");
        refused(body, card, "the card names input 'input'");
        inputs.removeAll().put("float_input", "float[N, " + width + "]");
        ((com.fasterxml.jackson.databind.node.ObjectNode) card.get("output")).put("output", "output_label");
        refused(body, card, "a score must be float or double");
        serve(UseCase.CHURN, churnA);
    }

    void refused(
            com.fasterxml.jackson.databind.node.ObjectNode body,
            com.fasterxml.jackson.databind.node.ObjectNode card,
            String why)
            throws Exception {
        body.set("card", card);
        http(base)
                .contentType("application/json")
                .body(json.writeValueAsString(body))
                .post("/api/models/churn/import")
                .then()
                .statusCode(422)
                .body("detail", containsString(why));
    }

    @Inject
    ScoringConfig scoringConfig;

    @Test
    void aModelFileOnLocalDiskServesANewProcessWithoutDownloadingIt() {
        serve(UseCase.CHURN, churnA);
        score("churn").body("modelVersion", equalTo(churnA)); // served once: its file is now in the local cache
        String key = ModelRegistry.prefix(UseCase.CHURN, churnA) + "model.onnx";
        byte[] original =
                s3.getObjectAsBytes(b -> b.bucket(s3Config.bucket()).key(key)).asByteArray();
        s3.deleteObject(b -> b.bucket(s3Config.bucket()).key(key));
        try {
            // A fresh set of sessions, as in a new container on the same disk: the file comes from the cache.
            var fresh = new ModelSessions(registry, catalogue, privacy, json, scoringConfig, ScoringMetrics.none());
            assertEquals(churnA, (int) fresh.withModel(UseCase.CHURN, m -> m.card.version()));
            fresh.close();
        } finally {
            s3.putObject(b -> b.bucket(s3Config.bucket()).key(key), RequestBody.fromBytes(original));
        }
    }

    /**
     * Erasure reaches the models: the served recommender stops using the customer's learned row at once (no new
     * model), every scoring answer says the customer was erased, and the next model does not learn them.
     */
    @Test
    void anErasedCustomerGetsNothingPersonalFromAnyModel() throws Exception {
        int served = registry.production(UseCase.RECOMMEND).orElseThrow().version();
        var users = json.readTree(registry.extra(UseCase.RECOMMEND, served, "ids.json"))
                .get("users");
        String customer = users.get(users.size() / 2).asText();
        assertTrue(!customer.equals(CUSTOMER) && !customer.equals("cust-12"), customer);
        http(base)
                .get("/api/customers/" + customer + "/recommendations?k=5")
                .then()
                .statusCode(200)
                .body("source", org.hamcrest.Matchers.startsWith("neumf"));

        http(base).delete("/api/customers/" + customer).then().statusCode(200).body("found", equalTo(true));

        String erased = "was erased on request";
        http(base)
                .get("/api/customers/" + customer + "/recommendations?k=5")
                .then()
                .statusCode(410)
                .body("error", equalTo("gone"))
                .body("detail", containsString(erased));
        http(base).get("/api/customers/" + customer + "/scores").then().statusCode(410);
        http(base)
                .contentType("application/json")
                .body("{\"useCase\":\"churn\",\"customerId\":\"" + customer + "\"}")
                .post("/api/score")
                .then()
                .statusCode(410)
                .body("detail", containsString(erased));
        http(base)
                .contentType("application/json")
                .body("{\"customerId\":\"" + customer + "\",\"promotions\":[\"campaign-1\"]}")
                .post("/api/ctr")
                .then()
                .statusCode(410)
                .body("detail", containsString(erased));

        int next = train("recommend", "neumf");
        var learnt = json.readTree(registry.extra(UseCase.RECOMMEND, next, "ids.json"))
                .get("users");
        for (var id : learnt) assertTrue(!id.asText().equals(customer), "the next model learnt the erased customer");
    }

    /** A new visitor gets a ranking that needs nothing of them, from recommend and ctr alike, and is told so. */
    @Test
    void aCustomerWithNoEventsGetsTheColdStartRankingOfEachUseCase() {
        http(base)
                .get("/api/customers/first-visit/recommendations?k=3")
                .then()
                .statusCode(200)
                .body("source", equalTo("popularity"));
        http(base)
                .contentType("application/json")
                .body("{\"customerId\":\"first-visit\",\"promotions\":[\"campaign-1\",\"no-such-ad\"]}")
                .post("/api/ctr")
                .then()
                .statusCode(200)
                .body("source", equalTo("click-rate"))
                .body("reason", containsString("no events yet"))
                .body("unknownPromotions", org.hamcrest.Matchers.contains("no-such-ad"))
                .body("ads[0].promotionId", equalTo("campaign-1"));
        http(base)
                .contentType("application/json")
                .body("{\"useCase\":\"churn\",\"customerId\":\"first-visit\"}")
                .post("/api/score")
                .then()
                .statusCode(404)
                .body("detail", containsString("no events of theirs yet"));
    }

    @Test
    void theCategoryFilterIgnoresCaseAndNamesTheCategoriesWhenNoneMatches() {
        var body = http(base)
                .get("/api/customers/" + CUSTOMER + "/recommendations?k=3")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String category = body.getString("items[0].category");
        http(base)
                .get("/api/customers/" + CUSTOMER + "/recommendations?k=3&category=" + category.toUpperCase())
                .then()
                .statusCode(200)
                .body("items.category", org.hamcrest.Matchers.everyItem(equalTo(category)));
        http(base)
                .get("/api/customers/" + CUSTOMER + "/recommendations?k=3&category=spaceships")
                .then()
                .statusCode(400)
                .body("detail", containsString("no product has the category 'spaceships'"))
                .body("detail", containsString(category));
    }
}
