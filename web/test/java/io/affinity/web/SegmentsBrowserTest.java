package io.affinity.web;

import static io.affinity.TestSupport.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import io.affinity.TestSupport;
import io.affinity.features.CustomerAggregateService;
import io.affinity.ingest.Events;
import io.affinity.ingest.SourceService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The segments page in a real browser: a saved segment with its size, and markup in its name shown as text. */
@QuarkusTest
class SegmentsBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    SourceService sources;

    @Inject
    CustomerAggregateService aggregates;

    @Test
    void theSegmentsPageListsSegmentsWithTheirSizeAndEscapesTheirNames() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String name = "<img src=x onerror=alert(1)> VIPs & \"friends\" " + tag;
        long id = http(base).contentType("application/json")
                .body("{\"name\": " + quoted(name) + ", \"description\": \"<script>alert(2)</script>\","
                        + " \"rule\": {\"field\": \"orders_total\", \"op\": \">=\", \"value\": 0}}")
                .post("/api/segments")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        int size = http(base).post("/api/segments/" + id + "/refresh")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getInt("size");

        try (Browser browser = Browser.launch()) {
            Page page = browser.newPage();
            List<String> problems = new ArrayList<>();
            page.onPageError(problems::add);
            page.onDialog(d -> {
                problems.add("a dialog opened: " + d.message());
                d.dismiss();
            });
            page.navigate(base + "segments");
            Browser.signInAsAdmin(page);
            page.waitForSelector("#segments");
            assertEquals("Segments", page.textContent("h1"));
            String row = "#segments tr[data-segment='" + id + "']";
            assertEquals(name, page.textContent(row + " .segment-name"), "the name as text, markup and all");
            assertTrue(page.textContent(row).contains("<script>alert(2)</script>"), "the description as text");
            assertEquals(0, page.locator(row + " img").count(), "no element made from the name");
            assertEquals(String.format("%,d", size), page.textContent(row + " td.num").strip());
            assertTrue(page.textContent(row).contains("on request by "), page.textContent(row));
            Browser.assertAccessible(page);
            assertEquals(List.of(), problems);
        }
    }

    @Test
    void aMarketerBuildsASegmentAndSeesItsCountChangeAsTheRuleDoes() throws Exception {
        String cohort = "builder-" + UUID.randomUUID().toString().substring(0, 8);
        String key = TestSupport.newSource(sources, "builder").writeKey();
        List<String> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = cohort + "-" + i;
            calls.add(Events.identify(UUID.randomUUID().toString(), id, "{\"cohort\":\"" + cohort + "\"}"));
            for (int o = 0; o < i; o++)
                calls.add(Events.track(
                        UUID.randomUUID().toString(), id, "Order Completed", "{\"order_id\":\"" + id + o + "\"}"));
        }
        http(base).auth().preemptive().basic(key, "").contentType("application/json")
                .body(Events.batch(calls.toArray(String[]::new)))
                .post("/v1/batch")
                .then()
                .statusCode(200);
        aggregates.refresh(Instant.now());

        Browser.run(page -> {
            List<String> problems = new ArrayList<>();
            page.onPageError(problems::add);
            page.navigate(base + "segments");
            Browser.signInAsAdmin(page);
            page.click("#new-segment");
            page.waitForSelector("#builder[data-count]");
            page.fill("#segment-name", "Builders " + cohort);
            assertEquals("empty", page.getAttribute("#builder", "data-count"), "nothing to count yet");
            page.click("button[data-add=trait]");
            page.fill("li[data-kind=trait] input.trait", "cohort");
            page.fill("li[data-kind=trait] input.value", cohort);
            page.waitForSelector("#builder[data-count='5']:not([data-counting])");
            assertEquals("5", page.textContent("#live-count"));
            assertEquals(5, page.locator("#live-sample li").count(), "a sample of the members");

            page.click("button[data-add=field]");
            page.selectOption("li[data-kind=field] select.field", "orders_total");
            page.selectOption("li[data-kind=field] select.op", ">=");
            page.fill("li[data-kind=field] input.value", "3");
            page.waitForSelector("#builder[data-count='2']:not([data-counting])");
            assertEquals("2", page.textContent("#live-count"), "orders 3 and 4");
            Browser.assertAccessible(page);

            page.check("li[data-kind=field] label.not input");
            page.waitForSelector("#builder[data-count='3']:not([data-counting])");

            page.fill("li[data-kind=trait] input.trait", "no such trait!");
            page.waitForSelector("#rule-error:not([hidden])");
            assertTrue(page.textContent("#rule-error").contains("rule.all[0]"), page.textContent("#rule-error"));
            page.fill("li[data-kind=trait] input.trait", "cohort");
            page.waitForSelector("#builder[data-count='3']:not([data-counting])");

            page.click("#save-segment");
            page.waitForSelector("#segment-title");
            assertEquals("Builders " + cohort, page.textContent("#segment-title"));
            page.click("#refresh-form button");
            page.waitForSelector("[data-stat=members] .stat-value");
            assertEquals("3", page.textContent("[data-stat=members] .stat-value"));
            assertEquals(3, page.locator("#members tbody tr").count());
            assertTrue(page.textContent("#members").contains(cohort + "-0"), "orders 0, 1 and 2");
            Browser.assertAccessible(page);
            assertEquals(List.of(), problems);
        });
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
