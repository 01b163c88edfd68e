package io.affinity.web;

import static io.affinity.TestSupport.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.ShopFixture;
import io.affinity.TestSupport;
import io.affinity.features.CustomerAggregateService;
import io.affinity.ingest.Events;
import io.affinity.ingest.SourceService;
import io.affinity.models.ModelRegistry;
import io.affinity.models.UseCase;
import io.affinity.training.EventJob;
import io.affinity.training.EventTraining;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A customer found by e-mail in a real browser: their traits (markup in them shown as text), identities, events,
 * churn score with its reasons in words, and the segments and campaigns they are in.
 */
@QuarkusTest
class CustomersBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    SourceService sources;

    @Inject
    CustomerAggregateService aggregates;

    @Inject
    EventTraining training;

    @Inject
    ModelRegistry registry;

    @Inject
    ObjectMapper json;

    @Test
    void aCustomerFoundByEmailShowsWhoTheyAreAndWhatTheyScore() throws Exception {
        ShopFixture.ensureSeeded(base, sources, aggregates, json);
        int churn = training.train(
                        new EventJob("churn", 14, ShopFixture.END, 1, List.of("logistic-regression"), 3L), m -> {})
                .version();
        TestSupport.serve(registry, UseCase.CHURN, churn);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String id = "page-" + tag, email = id + "@example.org", anon = "anon-" + tag;
        String key = TestSupport.newSource(sources, "customer-page").writeKey();
        String now = Instant.now().toString();
        http(base).auth().preemptive().basic(key, "").contentType("application/json")
                .body(Events.batch(
                        "{\"type\":\"page\",\"messageId\":\"" + UUID.randomUUID() + "\",\"anonymousId\":\"" + anon + "\",\"name\":\"Home\",\"timestamp\":\"" + now + "\"}",
                        Events.identify(UUID.randomUUID().toString(), id,
                                "{\"email\":\"" + email + "\",\"name\":\"<img src=x onerror=alert(1)>\"}")
                                .replace("\"userId\"", "\"anonymousId\":\"" + anon + "\",\"userId\""),
                        Events.track(UUID.randomUUID().toString(), id, "Order Completed",
                                "{\"order_id\":\"o-" + tag + "\",\"revenue\":42.5}")))
                .post("/v1/batch")
                .then()
                .statusCode(200);
        aggregates.refresh(Instant.now());
        long segment = http(base).contentType("application/json")
                .body(Map.of("name", "customer page " + tag,
                        "rule", Map.of("field", "trait.email", "op", "=", "value", email)))
                .post("/api/segments").then().statusCode(201).extract().jsonPath().getLong("id");
        long campaign = http(base).contentType("application/json")
                .body(Map.of("name", "customer page " + tag, "segmentId", segment,
                        "offer", Map.of("text", "hello"), "startsAt", now,
                        "endsAt", Instant.now().plusSeconds(86400).toString(), "holdoutShare", 0))
                .post("/api/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");

        Browser.run(page -> {
            List<String> problems = new ArrayList<>();
            page.onPageError(problems::add);
            page.onDialog(d -> {
                problems.add("a dialog opened: " + d.message());
                d.dismiss();
            });
            page.navigate(base + "customers");
            Browser.signInAsAdmin(page);
            page.waitForSelector("#find-form");
            Browser.assertAccessible(page);
            page.fill("#find-form input[name=q]", email);
            page.click("#find-form button[type=submit]");
            page.waitForSelector("#customer-id");
            assertEquals(id, page.textContent("#customer-id"));
            assertTrue(page.textContent("#traits").contains("<img src=x onerror=alert(1)>"), "the trait as text");
            assertEquals(0, page.locator("#traits img").count());
            assertTrue(page.textContent("#identities").contains(anon), page.textContent("#identities"));
            assertTrue(page.textContent("#timeline").contains("Order Completed"), page.textContent("#timeline"));
            assertEquals(3, page.locator("#timeline tbody tr").count(), "the page view, the identify, the order");
            String churnRow = page.textContent("#scores tr[data-use-case=churn]");
            assertTrue(churnRow.contains("v" + churn) && churnRow.contains("%"), churnRow);
            assertTrue(page.locator("#scores tr[data-use-case=churn] .reasons li").count() > 0, "reasons in words");
            assertTrue(page.textContent("#segments").contains("customer page " + tag));
            assertTrue(page.textContent("#campaigns").contains("treated"), page.textContent("#campaigns"));
            assertTrue(page.locator("#campaigns a[href='/campaigns/" + campaign + "']").count() == 1);
            Browser.assertAccessible(page);

            page.navigate(base + "customers?q=nobody-" + tag);
            assertTrue(page.textContent("#find-message").contains("No customer has the id 'nobody-" + tag + "'"));
            assertEquals(List.of(), problems);
        });
    }
}
