package io.affinity.ingest;

import static io.affinity.TestSupport.count;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.affinity.TestSupport;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The {@code ingest} Lambda handler invoked through the Quarkus mock event server (rest-assured's default port in
 * tests) with API Gateway HTTP API and S3 notification events as AWS sends them.
 */
@QuarkusTest
class IngestLambdaTest {

    @Inject
    SourceService sources;

    @Inject
    AgroalDataSource db;

    @Inject
    S3Client s3;

    private static String httpApiEvent(String path, String authorization, String body, boolean base64, boolean gzip) {
        return """
                {"version":"2.0","routeKey":"POST %1$s","rawPath":"%1$s","rawQueryString":"",
                 "headers":{"authorization":"%2$s","content-type":"application/json"%5$s},
                 "requestContext":{"accountId":"123456789012","apiId":"api","domainName":"x.execute-api.eu-west-1.amazonaws.com",
                   "http":{"method":"POST","path":"%1$s","protocol":"HTTP/1.1","sourceIp":"203.0.113.7","userAgent":"test"},
                   "requestId":"r1","routeKey":"POST %1$s","stage":"$default","time":"29/Nov/2026:08:00:00 +0000","timeEpoch":1795939200000},
                 "body":"%3$s","isBase64Encoded":%4$s}
                """.formatted(path, authorization, body, base64, gzip ? ",\"content-encoding\":\"gzip\"" : "");
    }

    private static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void httpApiBatchIsIngested() throws Exception {
        SourceService.NewKey key = TestSupport.newSource(sources, "lambda");
        String batch = Events.batch(
                Events.track("l1", "u1", "Promotion Viewed", "{\"promotion_id\":\"ad-7\"}"),
                Events.track("l2", "u1", "Promotion Clicked", "{\"promotion_id\":\"ad-7\"}"));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(batch.getBytes(StandardCharsets.UTF_8));
        }
        String body = Base64.getEncoder().encodeToString(gz.toByteArray());

        String response = given().body(httpApiEvent("/v1/batch", basic(key.writeKey()), body, true, true))
                .post()
                .then()
                .statusCode(200)
                .body("statusCode", equalTo(200))
                .extract()
                .path("body");
        assertEquals(2, (int) io.restassured.path.json.JsonPath.from(response).getInt("accepted"));
        assertEquals(
                1,
                count(
                        db,
                        "select count(*) from event where source_id = ? and kind = 'promotion_clicked'"
                                + " and promotion_id = 'ad-7'",
                        key.sourceId()));
    }

    @Test
    void httpApiErrorsKeepTheirStatusAndHeaders() {
        given().body(httpApiEvent("/v1/batch", basic("wk_unknown"), "{\\\"batch\\\":[]}", false, false))
                .post()
                .then()
                .statusCode(200)
                .body("statusCode", equalTo(401))
                .body("body", containsString("unknown or revoked write key"))
                // as the HTTP server answers it: the challenge Segment's libraries expect
                .body("headers.'WWW-Authenticate'", equalTo("Basic realm=\"affinity\""));
    }

    @Test
    void s3NotificationImportsTheBulkFileAndReportsBadLines() {
        SourceService.NewKey key = TestSupport.newSource(sources, "bulk");
        String key1 = "imports/" + key.sourceName() + "/day 1.ndjson";
        String file = """
                {"type":"track","messageId":"b1","userId":"u1","event":"Product Added","properties":{"product_id":"p1"},"timestamp":"2026-11-01T10:00:00Z"}
                {"type":"track","userId":"u2","event":"Order Completed","properties":{"order_id":"o9","revenue":12.5},"timestamp":"2026-11-01T10:05:00Z"}
                this line is not json
                {"type":"track","messageId":"b3","event":"No user"}

                {"type":"identify","messageId":"b4","userId":"u2","traits":{"city":"Lyon"}}
                """;
        s3.putObject(b -> b.bucket("affinity").key(key1), RequestBody.fromString(file));
        String event = """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"eu-west-1",
                  "eventTime":"2026-11-29T08:00:00.000Z","eventName":"ObjectCreated:Put",
                  "s3":{"s3SchemaVersion":"1.0","configurationId":"bulk",
                        "bucket":{"name":"affinity","arn":"arn:aws:s3:::affinity"},
                        "object":{"key":"imports/%s/day+1.ndjson","size":%d}}}]}
                """.formatted(key.sourceName(), file.length());

        given().body(event)
                .post()
                .then()
                .statusCode(200)
                .body("[0].status", equalTo("done"))
                .body("[0].lines", equalTo(5))
                .body("[0].accepted", equalTo(3))
                .body("[0].rejected", equalTo(2))
                .body("[0].firstRejections", hasSize(2))
                .body("[0].firstRejections[0].index", equalTo(3))
                .body("[0].firstRejections[0].error", containsString("malformed JSON"))
                .body("[0].firstRejections[1].index", equalTo(4))
                .body("[0].firstRejections[1].field", equalTo("userId"));
        assertEquals(3, count(db, "select count(*) from event where source_id = ?", key.sourceId()));

        // A re-delivered notification (S3 delivers at least once) stores nothing twice, even for events without
        // messageId.
        given().body(event)
                .post()
                .then()
                .statusCode(200)
                .body("[0].accepted", equalTo(0))
                .body("[0].duplicates", equalTo(3));
        assertEquals(3, count(db, "select count(*) from event where source_id = ?", key.sourceId()));
    }
}
