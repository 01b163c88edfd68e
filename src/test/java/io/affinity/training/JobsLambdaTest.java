package io.affinity.training;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import io.affinity.platform.S3Config;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The {@code jobs} Lambda through the Quarkus mock event server: a direct invocation trains on a table in S3 and
 * registers the model; a bad request is an error, not a model.
 */
@QuarkusTest
@TestProfile(JobsLambdaTest.JobsHandler.class)
class JobsLambdaTest {

    /** The same application with {@code jobs} as its Lambda handler. */
    public static class JobsHandler implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "jobs");
        }
    }

    @Inject
    S3Client s3;

    @Inject
    S3Config s3Config;

    @Test
    void trainsATableFromS3AndRegistersTheModel() {
        StringBuilder csv = new StringBuilder("age,plan,cancelled\n");
        Random random = new Random(9);
        for (int i = 0; i < 400; i++) {
            int age = 18 + random.nextInt(60);
            String plan = random.nextBoolean() ? "monthly" : "yearly";
            double p = plan.equals("monthly") ? 0.2 + age / 200.0 : 0.05;
            csv.append(age)
                    .append(',')
                    .append(plan)
                    .append(',')
                    .append(random.nextDouble() < p ? 1 : 0)
                    .append('\n');
        }
        s3.putObject(
                b -> b.bucket(s3Config.bucket()).key("training/subscribers.csv"),
                RequestBody.fromString(csv.toString(), StandardCharsets.UTF_8));
        String event = """
                {"job": "train-table",
                 "table": {"useCase": "churn", "table": "s3://%s/training/subscribers.csv",
                           "schema": {"label": "cancelled", "positive": "1", "numeric": ["age"], "categorical": ["plan"]},
                           "algorithms": ["logistic-regression", "random-forest"], "trials": 2, "seed": 1}}
                """.formatted(s3Config.bucket());
        given().contentType("application/json")
                .body(event)
                .post()
                .then()
                .statusCode(200)
                .body("useCase", equalTo("churn"))
                .body("version", greaterThan(0))
                .body("algorithms.size()", equalTo(2))
                .body("primaryValue", greaterThan(0.6f));
    }

    @Test
    void anUnknownJobIsRefused() {
        given().contentType("application/json")
                .body("{\"job\": \"dance\"}")
                .post()
                .then()
                .statusCode(500)
                .body("errorMessage", org.hamcrest.Matchers.containsString("unknown job dance"));
    }
}
