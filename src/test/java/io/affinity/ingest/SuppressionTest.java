package io.affinity.ingest;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.affinity.SourceTest;
import io.affinity.TestSupport;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Erasing an unknown id says nothing was found; suppressions can be listed and lifted, and events flow again. */
@QuarkusTest
class SuppressionTest extends SourceTest {

    @Test
    void anUnknownIdIsSuppressedSaidToBeUnknownAndCanBeLifted() {
        String id = "never-seen-" + key.sourceId();
        TestSupport.http(base)
                .delete("/api/customers/" + id)
                .then()
                .statusCode(200)
                .body("found", equalTo(false));
        TestSupport.http(base)
                .get("/api/suppressions?limit=1000")
                .then()
                .statusCode(200)
                .body("identity", hasItem(id));
        String event = "{\"type\":\"track\",\"userId\":\"" + id + "\",\"event\":\"Viewed\"}";
        send("/v1/track", event).statusCode(200).body("suppressed", equalTo(1));

        TestSupport.http(base).delete("/api/suppressions/" + id).then().statusCode(204);
        TestSupport.http(base)
                .delete("/api/suppressions/" + id)
                .then()
                .statusCode(404)
                .body("detail", equalTo("'" + id + "' is not suppressed"));
        TestSupport.http(base)
                .get("/api/suppressions?limit=1000")
                .then()
                .statusCode(200)
                .body("identity", not(hasItem(id)));
        send("/v1/track", event).statusCode(200).body("accepted", equalTo(1));
        TestSupport.http(base)
                .get("/api/suppressions?limit=0")
                .then()
                .statusCode(400)
                .body("detail", equalTo("offset must be 0 or more and limit 1..1000"));
    }
}
