package io.affinity.features;

import static io.affinity.TestSupport.http;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.SourceTest;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Aggregates computed from events sent through the tracking API, as of a chosen point in time. */
@QuarkusTest
class CustomerAggregateTest extends SourceTest {

    @Inject
    CustomerAggregateService aggregates;

    private static String event(String type, String ids, String event, String props, Instant at) {
        return "{\"type\":\"" + type + "\"," + ids + (event == null ? "" : ",\"event\":\"" + event + "\"")
                + ",\"properties\":" + props + ",\"timestamp\":\"" + at + "\"}";
    }

    @Test
    void aggregatesFollowTheirWindowsAndIdentityLinks() {
        String user = "agg-" + UUID.randomUUID();
        String anon = "anon-" + UUID.randomUUID();
        Instant asOf = Instant.parse("2026-06-30T12:00:00Z");
        Instant d2 = asOf.minus(2, ChronoUnit.DAYS);
        Instant d20 = asOf.minus(20, ChronoUnit.DAYS);
        Instant d60 = asOf.minus(60, ChronoUnit.DAYS);
        String u = "\"userId\":\"" + user + "\"";
        String a = "\"anonymousId\":\"" + anon + "\"";
        String batch = "{\"batch\":["
                // anonymous browsing, later linked to the user by an event carrying both ids
                + event("track", a, "Product Viewed", "{\"product_id\":\"p1\",\"category\":\"shoes\"}", d20) + ","
                + event("track", a + "," + u, "Product Added", "{\"product_id\":\"p1\",\"category\":\"shoes\"}", d20)
                + "," + event("track", u, "Order Completed", "{\"order_id\":\"o1\",\"revenue\":100}", d60) + ","
                + event("track", u, "Order Completed", "{\"order_id\":\"o2\",\"revenue\":40}", d2) + ","
                + event("track", u, "Subscription Started", "{}", d60) + ","
                + event("track", u, "Subscription Cancelled", "{}", d2) + ","
                + event("track", u, "Promotion Clicked", "{\"promotion_id\":\"ad1\"}", d2) + ","
                // after the cut-off: must not count
                + event("track", u, "Order Completed", "{\"order_id\":\"o3\",\"revenue\":999}", asOf.plusSeconds(60))
                + "]}";
        send("/v1/batch", batch).statusCode(200).body("accepted", equalTo(8));

        aggregates.refresh(asOf);
        CustomerAggregate agg = aggregates.find(user).orElseThrow();
        assertEquals(2, agg.recencyDays(), 1e-6);
        assertEquals(7, agg.events90d(), "the anonymous view counts for the user");
        assertEquals(3, agg.events7d());
        assertEquals(5, agg.events30d());
        assertEquals(1, agg.productViews30d());
        assertEquals(1, agg.cartAdds30d());
        assertEquals(1, agg.orders30d());
        assertEquals(2, agg.orders90d());
        assertEquals(40, agg.revenue30d(), 1e-9);
        assertEquals(140, agg.revenueTotal(), 1e-9);
        assertEquals(1, agg.promoClicks30d());
        assertFalse(agg.subscribed(), "cancelled after starting");
        assertEquals(d2, agg.cancelledAt());
        assertEquals(2, agg.categoryCounts90d().get("shoes"));
        assertEquals(2, agg.kindCounts90d().get("order_completed"));
        assertTrue(aggregates.find(anon).isEmpty(), "the anonymous id is merged, not a customer of its own");

        http(base)
                .get("/api/customers/" + user + "/aggregates")
                .then()
                .statusCode(200)
                .body("ordersTotal", equalTo(2));
        http(base)
                .get("/api/customers/nobody-" + UUID.randomUUID() + "/aggregates")
                .then()
                .statusCode(404)
                .body("error", equalTo("not_found"));
    }
}
