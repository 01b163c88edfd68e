package io.affinity.scoring;

import static io.affinity.TestSupport.http;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With API keys configured, the scoring endpoints want one of them in X-API-Key; other endpoints are unaffected. */
@QuarkusTest
@TestProfile(ApiKeyTest.WithKeys.class)
class ApiKeyTest {

    /** Two keys, as during a rotation. */
    public static class WithKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("affinity.scoring.api-keys", "key-one,key-two");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    void scoringEndpointsWantAKnownKey() {
        for (String path : new String[] {
            "/api/customers/nobody/scores",
            "/api/customers/nobody/recommendations",
            "/api/customers/nobody/scores/history"
        }) {
            http(base).get(path).then().statusCode(401).body("detail", containsString("X-API-Key"));
            http(base)
                    .header("X-API-Key", "key-three")
                    .get(path)
                    .then()
                    .statusCode(401)
                    .body("detail", containsString("unknown API key"));
        }
        http(base)
                .contentType("application/json")
                .body("{\"useCase\":\"churn\",\"customerId\":\"x\"}")
                .post("/api/score")
                .then()
                .statusCode(401);
        http(base)
                .contentType("application/json")
                .body("{\"customerId\":\"x\",\"promotions\":[\"a\"]}")
                .post("/api/ctr")
                .then()
                .statusCode(401);
        // Past the key, the request is answered on its merits: this customer does not exist.
        http(base)
                .header("X-API-Key", "key-two")
                .get("/api/customers/nobody-at-all/scores")
                .then()
                .statusCode(404);
        http(base)
                .header("X-API-Key", "key-one")
                .get("/api/customers/nobody-at-all/scores/history?useCase=churn")
                .then()
                .statusCode(200);
        // Endpoints outside scoring do not ask for it.
        http(base).get("/api/models/churn").then().statusCode(200);
    }
}
