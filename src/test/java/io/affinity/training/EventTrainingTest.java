package io.affinity.training;

import static io.affinity.TestSupport.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.affinity.ShopFixture;
import io.affinity.features.CustomerAggregateService;
import io.affinity.ingest.SourceService;
import io.affinity.models.ModelCard;
import io.affinity.models.ModelRegistry;
import io.affinity.models.UseCase;
import io.affinity.training.events.EventDatasets;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The four use cases trained on a simulated shop fed through the tracking API: point-in-time sets, an out-of-time
 * holdout, and each model beating its simple baseline because the simulator's tastes and loyalty are learnable.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventTrainingTest {

    static final Instant END = ShopFixture.END;

    @TestHTTPResource("/")
    URL base;

    @Inject
    SourceService sources;

    @Inject
    CustomerAggregateService aggregates;

    @Inject
    EventTraining training;

    @Inject
    ModelRegistry registry;

    @Inject
    ObjectMapper json;

    @Inject
    EventDatasets datasets;

    @BeforeAll
    void seedShop() throws Exception {
        ShopFixture.ensureSeeded(base, sources, aggregates, json);
    }

    private TrainingReport train(String useCase, List<String> algorithms) {
        return training.train(new EventJob(useCase, 14, END, 2, algorithms, 5L), m -> {});
    }

    private static double baseline(TrainingReport report) {
        return report.algorithms().stream()
                .filter(a -> a.algorithm().startsWith("baseline"))
                .findFirst()
                .orElseThrow()
                .holdout();
    }

    @Test
    void propensityAndChurnBeatTheirBaselinesOutOfTime() {
        for (String useCase : List.of("propensity", "churn")) {
            TrainingReport report = train(useCase, List.of("logistic-regression"));
            assertTrue(
                    report.primaryValue() > baseline(report) + 0.02,
                    useCase + ": model " + report.primaryValue() + " vs baseline " + baseline(report));
            ModelCard card = registry.card(UseCase.of(useCase), report.version());
            assertTrue(
                    card.data().split().startsWith("out of time"), card.data().split());
            assertTrue(
                    card.data().cutoff().isBefore(END.minusSeconds(14 * 86400)),
                    "training labels end before the holdout's");
            assertEquals("events", card.data().source());
        }
    }

    @Test
    void crossValidationIsAskedForAndRecordedOnTheCard() {
        TrainingReport report =
                training.train(new EventJob("churn", 14, END, 2, List.of("logistic-regression"), 5L, 3), m -> {});
        ModelCard card = registry.card(UseCase.CHURN, report.version());
        assertEquals(
                "hyperparameters and algorithm chosen by stratified 3-fold cross-validation of the training rows",
                card.metrics().get("validationProtocol").asText());
        var e = assertThrows(
                IllegalArgumentException.class, () -> new EventJob("churn", 14, END, 0, List.of(), 5L, null));
        assertEquals("'trials' must be in 1..200", e.getMessage());
    }

    /**
     * The ctr label is a click on the same promotion by the same customer within a day after the view: a click two
     * days later, a click on another promotion and a click before the view do not count. Events far before the
     * shop's own (so no other test's window sees them) for one of its customers.
     */
    @Test
    void anImpressionIsClickedOnlyByTheSameCustomerOnTheSamePromotionWithinADay() throws Exception {
        Instant cutoff = END.minus(Duration.ofDays(200)), end = cutoff.plus(Duration.ofDays(10));
        String customer = "cust-12";
        var events = json.createObjectNode();
        var batch = events.putArray("batch");
        batch.add(track(customer, "Product Viewed", cutoff.minus(Duration.ofDays(5)), "product_id", "probe-product"));
        Instant a = cutoff.plus(Duration.ofDays(1)), b = a.plus(Duration.ofDays(1)), c = b.plus(Duration.ofDays(3));
        Instant d = c.plus(Duration.ofDays(1));
        batch.add(track(customer, "Promotion Viewed", a, "promotion_id", "probe-a"));
        batch.add(track(customer, "Promotion Clicked", a.plus(Duration.ofHours(2)), "promotion_id", "probe-a"));
        batch.add(track(customer, "Promotion Viewed", b, "promotion_id", "probe-b"));
        batch.add(track(customer, "Promotion Clicked", b.plus(Duration.ofDays(2)), "promotion_id", "probe-b"));
        batch.add(track(customer, "Promotion Viewed", c, "promotion_id", "probe-c"));
        batch.add(track(customer, "Promotion Clicked", c.plus(Duration.ofHours(1)), "promotion_id", "probe-d"));
        batch.add(track(customer, "Promotion Viewed", d, "promotion_id", "probe-d"));
        batch.add(track(customer, "Promotion Clicked", d.minus(Duration.ofHours(1)), "promotion_id", "probe-d"));
        String key = sources.createSource("ctr-label-probe").writeKey();
        http(base)
                .auth()
                .preemptive()
                .basic(key, "")
                .contentType("application/json")
                .body(json.writeValueAsBytes(events))
                .post("/v1/batch")
                .then()
                .statusCode(200);

        var impressions = datasets.impressions(UseCase.CTR, cutoff, end);
        Map<String, Integer> labels = new TreeMap<>();
        for (int i = 0; i < impressions.ids().size(); i++)
            labels.put(impressions.ids().get(i), impressions.labels()[i]);
        assertEquals(
                Map.of(
                        customer + "/probe-a",
                        1,
                        customer + "/probe-b",
                        0,
                        customer + "/probe-c",
                        0,
                        customer + "/probe-d",
                        0),
                labels);
    }

    private ObjectNode track(String customer, String event, Instant at, String property, String value) {
        ObjectNode e = json.createObjectNode()
                .put("type", "track")
                .put("event", event)
                .put("userId", customer)
                .put("timestamp", at.toString());
        e.putObject("properties").put(property, value);
        return e;
    }

    @Test
    void ctrLearnsWhoClicksWhichPromotion() {
        TrainingReport report = train("ctr", List.of("factorization-machine"));
        assertTrue(
                report.primaryValue() > baseline(report) + 0.02,
                "ctr: model " + report.primaryValue() + " vs promotion click-rate baseline " + baseline(report));
    }

    @Test
    void recommenderBeatsPopularityAndShipsItsIdMaps() throws Exception {
        TrainingReport report = train("recommend", List.of());
        assertTrue(
                report.primaryValue() > baseline(report) + 0.02,
                "NeuMF NDCG@10 " + report.primaryValue() + " vs popularity " + baseline(report));
        // Both variants trained on the same split; the one validation prefers is registered.
        var tried = report.algorithms().stream()
                .filter(a -> a.validation() != null)
                .collect(java.util.stream.Collectors.toMap(
                        TrainingReport.AlgorithmResult::algorithm, TrainingReport.AlgorithmResult::validation));
        assertEquals(java.util.Set.of("neumf", "neumf-recent"), tried.keySet());
        assertEquals(
                tried.entrySet().stream()
                        .max(java.util.Map.Entry.comparingByValue())
                        .orElseThrow()
                        .getKey(),
                report.algorithm());
        var compared =
                registry.card(UseCase.RECOMMEND, report.version()).metrics().get("algorithms");
        assertEquals(2, compared.size(), "the card lists both variants: " + compared);
        var ids = json.readTree(registry.extra(UseCase.RECOMMEND, report.version(), "ids.json"));
        assertTrue(ids.get("items").size() > 50, "product ids stored with the model");
        assertTrue(ids.get("users").size() > 100, "customer ids stored with the model");
    }

    /**
     * A recommender is compared with production on its own held-out items, as classifiers are: the same model trained
     * again on the same store scores what production scores there, so it stays a candidate for that reason, not for
     * "another holdout".
     */
    @Test
    void aRecommenderIsComparedWithProductionOnItsOwnHoldout() {
        TrainingReport first = train("recommend", List.of("neumf"));
        io.affinity.TestSupport.serve(registry, UseCase.RECOMMEND, first.version());
        TrainingReport again = train("recommend", List.of("neumf"));
        assertEquals("candidate", again.status(), again.reason());
        assertTrue(
                again.reason().contains("vs production v" + first.version())
                        && again.reason().contains("on the same holdout"),
                again.reason());
        double production = Double.parseDouble(
                again.reason().replaceAll(".* vs production v\\d+ ([0-9.]+) on the same holdout.*", "$1"));
        assertEquals(
                first.primaryValue(),
                production,
                0.005,
                "production ranked on the candidate's items: " + again.reason());
    }
}
