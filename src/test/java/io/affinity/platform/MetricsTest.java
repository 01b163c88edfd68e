package io.affinity.platform;

import static io.affinity.TestSupport.anonymous;
import static io.affinity.TestSupport.http;
import static io.affinity.TestSupport.metric;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.TestSupport;
import io.affinity.ingest.SourceService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a Prometheus scraper reads, and who may read it. */
@QuarkusTest
class MetricsTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    SourceService sources;

    @Test
    void metricsNeedTheMetricsPermission() {
        anonymous(base).get("/q/metrics").then().statusCode(401);
        String scoreKey = key("score");
        anonymous(base)
                .header("Authorization", "Bearer " + scoreKey)
                .get("/q/metrics")
                .then()
                .statusCode(403);
        String metricsKey = key("metrics");
        anonymous(base)
                .header("Authorization", "Bearer " + metricsKey)
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
        // and nothing else: a scraper's key is not an admin's
        anonymous(base)
                .header("Authorization", "Bearer " + metricsKey)
                .get("/api/keys")
                .then()
                .statusCode(403);
    }

    @Test
    void eventsAreCountedPerSourceByWhatBecameOfThem() {
        SourceService.NewKey source = TestSupport.newSource(sources, "metrics");
        String id = String.valueOf(source.sourceId());
        String now = Instant.now().toString();
        String batch = "{\"batch\":["
                + "{\"type\":\"track\",\"userId\":\"m1\",\"event\":\"Product Viewed\",\"messageId\":\"a\",\"timestamp\":\""
                + now + "\"},"
                + "{\"type\":\"track\",\"userId\":\"m1\",\"event\":\"Product Viewed\",\"messageId\":\"b\",\"timestamp\":\""
                + now + "\"},"
                + "{\"type\":\"track\",\"userId\":\"m1\",\"event\":\"Broken\",\"timestamp\":\"last tuesday\"}]}";
        double batchesBefore = metric(base, "affinity_ingest_batch_seconds_count", "via", "api");
        for (int i = 0; i < 2; i++) { // the second time, a and b are duplicates
            anonymous(base)
                    .auth()
                    .preemptive()
                    .basic(source.writeKey(), "")
                    .contentType("application/json")
                    .body(batch)
                    .post("/v1/batch")
                    .then()
                    .statusCode(200);
        }
        assertEquals(2, metric(base, "affinity_events_total", "outcome", "accepted", "source", id));
        assertEquals(2, metric(base, "affinity_events_total", "outcome", "duplicate", "source", id));
        assertEquals(2, metric(base, "affinity_events_total", "outcome", "rejected", "source", id));
        assertEquals(0, metric(base, "affinity_events_total", "outcome", "suppressed", "source", id));
        assertTrue(metric(base, "affinity_ingest_batch_seconds_count", "via", "api") >= batchesBefore + 2);
    }

    private String key(String role) {
        return http(base)
                .contentType("application/json")
                .body(Map.of("name", role + "-scraper", "role", role))
                .post("/api/keys")
                .then()
                .statusCode(201)
                .extract()
                .path("key");
    }
}
