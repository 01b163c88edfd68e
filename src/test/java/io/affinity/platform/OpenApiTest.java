package io.affinity.platform;

import static io.affinity.TestSupport.http;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasKey;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** The API is described where tools look for it, and its browser is served by the application itself. */
@QuarkusTest
class OpenApiTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void theDocumentDescribesTrackingScoringTrainingAndModels() {
        http(base)
                .accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("info.title", org.hamcrest.Matchers.equalTo("Affinity API"))
                .body("paths", hasKey("/v1/{call}"))
                .body("paths", hasKey("/api/score"))
                .body("paths", hasKey("/api/training/{id}"))
                .body("paths", hasKey("/api/models/{useCase}/{version}/rollback"))
                // how to authenticate: API key (bearer or header), session cookie, and a write key on /v1
                .body("components.securitySchemes.apiKey.scheme", org.hamcrest.Matchers.equalTo("bearer"))
                .body("components.securitySchemes.apiKeyHeader.name", org.hamcrest.Matchers.equalTo("X-API-Key"))
                .body("components.securitySchemes.session.in", org.hamcrest.Matchers.equalTo("cookie"))
                .body("components.securitySchemes.writeKey.scheme", org.hamcrest.Matchers.equalTo("basic"))
                .body("security.size()", org.hamcrest.Matchers.equalTo(3))
                .body("paths.'/v1/{call}'.post.security[0]", hasKey("writeKey"));
        http(base).get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }
}
