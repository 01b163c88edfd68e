package io.affinity.ingest;

import static io.affinity.TestSupport.count;
import static io.affinity.TestSupport.http;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The management and bulk endpoints over HTTP: sources and keys, imports from an upload and from the bucket. */
@QuarkusTest
class ManagementApiTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    AgroalDataSource db;

    @Inject
    S3Client s3;

    /** {@code POST /api/sources} with a JSON body. */
    private ValidatableResponse createSource(String body) {
        return http(base)
                .contentType("application/json")
                .body(body)
                .post("/api/sources")
                .then();
    }

    @Test
    void sourcesAndKeysLifecycle() {
        String name = "shop-" + UUID.randomUUID().toString().substring(0, 8);
        var created = createSource("{\"name\":\"" + name + "\"}")
                .statusCode(201)
                .body("sourceName", equalTo(name))
                .body("writeKey", startsWith("wk_"))
                .extract()
                .jsonPath();
        long sourceId = created.getLong("sourceId");
        String firstKey = created.getString("writeKey");

        createSource("{\"name\":\"" + name + "\"}").statusCode(409).body("detail", containsString("already exists"));
        createSource("{\"name\":\"\"}").statusCode(400).body("error", equalTo("bad_request"));

        var second = http(base)
                .post("/api/sources/" + sourceId + "/keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        http(base)
                .delete("/api/sources/" + sourceId + "/keys/" + created.getLong("keyId"))
                .then()
                .statusCode(204);
        http(base)
                .get("/api/sources")
                .then()
                .statusCode(200)
                .body("name", hasItem(name))
                .body("find { it.name == '" + name + "' }.keys.size()", equalTo(2))
                .body("toString()", org.hamcrest.Matchers.not(containsString(firstKey)));

        String event = "{\"userId\":\"k\",\"event\":\"Signed Up\"}";
        http(base)
                .auth()
                .preemptive()
                .basic(firstKey, "")
                .body(event)
                .post("/v1/track")
                .then()
                .statusCode(401);
        http(base)
                .auth()
                .preemptive()
                .basic(second.getString("writeKey"), "")
                .body(event)
                .post("/v1/track")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1));
        http(base).delete("/api/sources/" + sourceId + "/keys/999999").then().statusCode(404);
    }

    @Test
    void importsFromAnUploadAndFromTheBucket() {
        String name = "imp-" + UUID.randomUUID().toString().substring(0, 8);
        long sourceId = createSource("{\"name\":\"" + name + "\"}")
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("sourceId");
        String csv = "type,event,userId,messageId,timestamp,product_id\n"
                + "track,Product Viewed,u1,up1,2026-11-01T10:00:00Z,p1\n"
                + "track,Product Viewed,u2,up2,not-a-time,p2\n";
        http(base)
                .body(csv)
                .post("/api/imports/upload?source=" + name + "&name=views.csv")
                .then()
                .statusCode(200)
                .body("status", equalTo("done"))
                .body("accepted", equalTo(1))
                .body("rejected", equalTo(1))
                .body("firstRejections[0].index", equalTo(3))
                .body("firstRejections[0].field", equalTo("timestamp"));

        s3.putObject(
                b -> b.bucket("affinity").key("imports/" + name + "/more.ndjson"),
                RequestBody.fromString(
                        "{\"type\":\"track\",\"messageId\":\"b1\",\"userId\":\"u3\",\"event\":\"Order Completed\","
                                + "\"properties\":{\"revenue\":5}}\n"));
        http(base)
                .contentType("application/json")
                .body("{\"key\":\"imports/" + name + "/more.ndjson\"}")
                .post("/api/imports")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1));
        assertEquals(2, count(db, "select count(*) from event where source_id = ?", sourceId));

        http(base)
                .get("/api/imports")
                .then()
                .statusCode(200)
                .body("origin", hasItem("s3://affinity/imports/" + name + "/more.ndjson"));
        http(base)
                .contentType("application/json")
                .body("{\"key\":\"imports/" + name + "/missing.ndjson\"}")
                .post("/api/imports")
                .then()
                .statusCode(404)
                .body("detail", containsString("no S3 object"));
        http(base)
                .body(csv)
                .post("/api/imports/upload?source=nobody-" + name + "&name=x.csv")
                .then()
                .statusCode(404);
        http(base)
                .body(csv)
                .post("/api/imports/upload?source=" + name + "&name=x.txt")
                .then()
                .statusCode(400)
                .body("detail", containsString("cannot tell the format"));
    }
}
