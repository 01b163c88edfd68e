package io.affinity.ingest;

import static io.affinity.TestSupport.count;
import static io.affinity.TestSupport.http;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.affinity.SourceTest;
import io.affinity.features.CustomerAggregateService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Deleting a customer removes their events, profile and aggregates, and stops them from being ingested again. */
@QuarkusTest
class PrivacyTest extends SourceTest {

    @Inject
    CustomerAggregateService aggregates;

    @Test
    void deletedCustomerIsGoneAndSuppressed() {
        String user = "gone-" + UUID.randomUUID();
        String anon = "anon-" + UUID.randomUUID();
        String keep = "kept-" + UUID.randomUUID();
        String batch = Events.batch(
                "{\"type\":\"track\",\"anonymousId\":\"" + anon + "\",\"event\":\"Product Viewed\"}",
                "{\"type\":\"identify\",\"anonymousId\":\"" + anon + "\",\"userId\":\"" + user
                        + "\",\"traits\":{\"email\":\"x@example.com\"}}",
                Events.track("p-" + UUID.randomUUID(), user, "Order Completed", "{\"revenue\":5}"),
                Events.track("p-" + UUID.randomUUID(), keep, "Order Completed", "{\"revenue\":7}"));
        send("/v1/batch", batch).statusCode(200).body("accepted", equalTo(4));
        aggregates.refresh(Instant.now());
        // What a batch run left behind for both customers: a score and a ranking each.
        long run = count(
                db,
                "insert into score_run (use_case, model_version, status, started_at) values ('ctr', 1, 'done', now())"
                        + " returning id");
        for (String customer : new String[] {user, keep}) {
            count(
                    db,
                    "with s as (insert into customer_score values (?, ?, 'churn', 1, 0.4, 'medium', now()) returning 1),"
                            + " r as (insert into customer_ranking values (?, ?, 'ctr', 1, 'campaign-1', 0.1, 'fm', now())"
                            + " returning 1) select (select count(*) from s) + (select count(*) from r)",
                    run,
                    customer,
                    run,
                    customer);
        }

        http(base).delete("/api/customers/" + user).then().statusCode(200).body("eventsDeleted", equalTo(3));

        assertEquals(0, count(db, "select count(*) from event where user_id = ? or anonymous_id = ?", user, anon));
        assertEquals(0, count(db, "select count(*) from customer where customer_id = ?", user));
        assertEquals(0, count(db, "select count(*) from customer_aggregate where customer_id = ?", user));
        assertEquals(0, count(db, "select count(*) from customer_score where customer_id = ?", user));
        assertEquals(0, count(db, "select count(*) from customer_ranking where customer_id = ?", user));
        assertEquals(1, count(db, "select count(*) from event where user_id = ?", keep), "others are untouched");
        assertEquals(1, count(db, "select count(*) from customer_ranking where customer_id = ?", keep));

        // Both the user id and the anonymous id are suppressed: new events about them are accepted but not stored.
        send(
                        "/v1/batch",
                        Events.batch(
                                Events.track("again-" + UUID.randomUUID(), user, "Product Viewed", "{}"),
                                "{\"type\":\"page\",\"anonymousId\":\"" + anon + "\"}"))
                .statusCode(200)
                .body("accepted", equalTo(0))
                .body("suppressed", equalTo(2));
        assertEquals(0, count(db, "select count(*) from event where user_id = ? or anonymous_id = ?", user, anon));
    }
}
