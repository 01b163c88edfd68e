package io.affinity.scoring;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.ShopFixture;
import io.affinity.features.CustomerAggregateService;
import io.affinity.ingest.SourceService;
import io.affinity.models.ModelRegistry;
import io.affinity.models.UseCase;
import io.affinity.training.EventJob;
import io.affinity.training.EventTraining;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code score} Lambda through the Quarkus mock event server: typed JSON in, the score out. */
@QuarkusTest
@TestProfile(ScoreLambdaTest.ScoreHandler.class)
class ScoreLambdaTest {

    /** The same application with {@code score} as its Lambda handler. */
    public static class ScoreHandler implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "score");
        }
    }

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

    @Test
    void scoresACustomerAndRefusesAnUnknownOne() throws Exception {
        ShopFixture.ensureSeeded(base, sources, aggregates, json);
        int version = training.train(
                        new EventJob("propensity", 14, ShopFixture.END, 1, List.of("logistic-regression"), 4L), m -> {})
                .version();
        io.affinity.TestSupport.serve(registry, UseCase.PROPENSITY, version);
        given().contentType("application/json")
                .body("{\"useCase\":\"propensity\",\"customerId\":\"cust-5\"}")
                .post()
                .then()
                .statusCode(200)
                .body("useCase", equalTo("propensity"))
                .body("modelVersion", equalTo(version))
                .body("band", notNullValue());
        given().contentType("application/json")
                .body("{\"useCase\":\"propensity\",\"customerId\":\"nobody\"}")
                .post()
                .then()
                .statusCode(500) // a Lambda error: the invoker gets the type and message, no stack trace to a user
                .body("errorMessage", containsString("no customer 'nobody'"));
    }
}
