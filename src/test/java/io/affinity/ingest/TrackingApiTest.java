package io.affinity.ingest;

import static io.affinity.TestSupport.count;
import static io.affinity.TestSupport.http;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.affinity.SourceTest;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TrackingApiTest extends SourceTest {

    @Test
    void batchIsStoredOnceAndReplayIsReportedAsDuplicates() {
        String batch = Events.batch(
                Events.track(
                        "m1", "u1", "Product Viewed", "{\"product_id\":\"p1\",\"category\":\"shoes\",\"price\":49.9}"),
                Events.identify("m2", "u1", "{\"email\":\"a@example.com\",\"plan\":\"pro\"}"),
                Events.track(
                        "m3",
                        "u1",
                        "Order Completed",
                        "{\"order_id\":\"o1\",\"revenue\":99.5,\"products\":[{\"product_id\":\"p1\",\"quantity\":2}]}"));

        send("/v1/batch", batch)
                .statusCode(200)
                .body("accepted", equalTo(3))
                .body("duplicates", equalTo(0))
                .body("rejected", hasSize(0));
        assertEquals(3, stored());

        send("/v1/batch", batch).statusCode(200).body("accepted", equalTo(0)).body("duplicates", equalTo(3));
        assertEquals(3, stored());

        assertEquals(
                1,
                count(
                        db,
                        "select count(*) from event where source_id = ? and message_id = 'm3'"
                                + " and kind = 'order_completed' and order_id = 'o1' and revenue = 99.5",
                        key.sourceId()));
        assertEquals(
                1,
                count(
                        db,
                        "select count(*) from event where source_id = ? and message_id = 'm1'"
                                + " and kind = 'product_viewed' and product_id = 'p1' and category = 'shoes'",
                        key.sourceId()));
        assertEquals(
                1,
                count(db, "select count(*) from customer where customer_id = 'u1'" + " and traits->>'plan' = 'pro'"));
    }

    @Test
    void singleCallEndpointsTakeTheTypeFromThePathAndTheKeyFromTheBody() {
        http(base)
                .body("{\"writeKey\":\"" + key.writeKey() + "\",\"userId\":\"u9\",\"name\":\"Home\"}")
                .post("/v1/page")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1));
        http(base)
                .body("{\"writeKey\":\"" + key.writeKey() + "\",\"userId\":\"u9\",\"event\":\"Signed Up\"}")
                .post("/v1/track")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1));
        assertEquals(
                1,
                count(
                        db,
                        "select count(*) from event where source_id = ? and type = 'page' and name = 'Home'",
                        key.sourceId()));
        assertEquals(
                1,
                count(
                        db,
                        "select count(*) from event where source_id = ? and kind = 'track'"
                                + " and event = 'Signed Up'",
                        key.sourceId()));
    }

    @Test
    void duplicateKeysKeepTheLastValueAsJsonbDoes() {
        send(
                        "/v1/batch",
                        "{\"batch\":[{\"type\":\"track\",\"messageId\":\"dup\",\"userId\":\"u1\",\"event\":\"First\","
                                + "\"event\":\"Second\",\"properties\":{\"a\":1,\"a\":2}}]}")
                .statusCode(200)
                .body("accepted", equalTo(1));
        assertEquals(
                1,
                count(
                        db,
                        "select count(*) from event where source_id = ? and message_id = 'dup'"
                                + " and event = 'Second' and properties->>'a' = '2'",
                        key.sourceId()));
    }

    @Test
    void missingUnknownAndRevokedKeysGet401() {
        String batch = Events.batch(Events.track("k1", "u1", "Signed Up", "{}"));
        http(base)
                .body(batch)
                .post("/v1/batch")
                .then()
                .statusCode(401)
                .body("error", equalTo("unauthorized"))
                .body("detail", containsString("missing write key"));
        http(base)
                .auth()
                .preemptive()
                .basic("wk_not-a-key", "")
                .body(batch)
                .post("/v1/batch")
                .then()
                .statusCode(401)
                .body("detail", containsString("unknown or revoked"));

        sources.revokeKey(key.sourceId(), key.keyId());
        send("/v1/batch", batch).statusCode(401);
        assertEquals(0, stored());
    }

    @Test
    void clockSkewIsCorrectedWithSentAt() {
        Instant sentAt = Instant.now().plus(1, ChronoUnit.HOURS); // the device clock runs an hour fast
        Instant original = sentAt.minusSeconds(30);
        String event = "{\"type\":\"track\",\"messageId\":\"skew\",\"userId\":\"u1\",\"event\":\"Signed Up\","
                + "\"originalTimestamp\":\"" + original + "\"}";
        send("/v1/batch", "{\"batch\":[" + event + "],\"sentAt\":\"" + sentAt + "\"}")
                .statusCode(200);
        // ts = receivedAt - (sentAt - originalTimestamp) = receivedAt - 30 s
        assertEquals(
                1,
                count(
                        db,
                        "select count(*) from event where source_id = ? and message_id = 'skew'"
                                + " and abs(extract(epoch from (received_at - ts)) - 30) < 0.01",
                        key.sourceId()));
    }
}
