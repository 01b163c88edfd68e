package io.affinity.platform;

import static io.affinity.TestSupport.http;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** What an operator's probes see: alive, and ready with PostgreSQL, S3 and what serves each use case. */
@QuarkusTest
class HealthTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void readinessNamesTheDatabaseTheBucketAndEachUseCasesModel() {
        http(base).get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        http(base)
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("s3", "models"))
                .body("checks.find { it.name == 's3' }.status", equalTo("UP"))
                .body("checks.find { it.name.contains('Database') }.status", equalTo("UP"))
                .body(
                        "checks.find { it.name == 'models' }.data.churn",
                        anyOf(
                                startsWith("v"),
                                equalTo("no churn model is in production yet; train one"
                                        + " (POST /api/training/events)")))
                .body("checks.find { it.name == 'models' }.data.recommend", notNullValue());
    }
}
