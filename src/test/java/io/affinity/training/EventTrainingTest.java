package io.affinity.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.ShopFixture;
import io.affinity.features.CustomerAggregateService;
import io.affinity.ingest.SourceService;
import io.affinity.models.ModelCard;
import io.affinity.models.ModelRegistry;
import io.affinity.models.UseCase;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Instant;
import java.util.List;
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
}
