package io.affinity.web;

import static io.affinity.TestSupport.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import io.affinity.TestSupport;
import io.affinity.features.CustomerAggregateService;
import io.affinity.ingest.Events;
import io.affinity.ingest.SourceService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Launching a campaign in a real browser: the form refuses a window that ends before it starts saying so, a good
 * one lands on the campaign's page with its arms and results, and the treated list downloads as CSV.
 */
@QuarkusTest
class CampaignsBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    SourceService sources;

    @Inject
    CustomerAggregateService aggregates;

    @Test
    void aMarketerLaunchesACampaignAndExportsItsTreatedList() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String cohort = "browser-" + tag;
        String key = TestSupport.newSource(sources, "camp").writeKey();
        StringBuilder calls = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            if (i > 0) calls.append(',');
            calls.append(Events.identify(
                    UUID.randomUUID().toString(), cohort + "-" + i, "{\"cohort\":\"" + cohort + "\"}"));
        }
        http(base).auth().preemptive().basic(key, "").contentType("application/json")
                .body("{\"batch\": [" + calls + "]}")
                .post("/v1/batch")
                .then()
                .statusCode(200);
        aggregates.refresh(Instant.now());
        String segmentName = "<b>bold</b> " + tag;
        long segment = http(base).contentType("application/json")
                .body("{\"name\": \"" + segmentName.replace("\"", "\\\"") + "\", \"rule\": {\"field\": \"trait.cohort\","
                        + " \"op\": \"=\", \"value\": \"" + cohort + "\"}}")
                .post("/api/segments")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");

        Browser.run(page -> {
            List<String> problems = new ArrayList<>();
            page.onPageError(problems::add);
            page.navigate(base + "campaigns");
            Browser.signInAsAdmin(page);
            page.waitForSelector("#launch-form");
            Browser.assertAccessible(page);

            String name = "<script>alert(1)</script> Winter " + tag;
            page.fill("#launch-form input[name=name]", name);
            page.selectOption("#launch-form select[name=segmentId]", String.valueOf(segment));
            page.fill("#launch-form input[name=promotionId]", "winter-" + tag);
            page.fill("#launch-form input[name=startsAt]", "2026-11-10T00:00");
            page.fill("#launch-form input[name=endsAt]", "2026-11-01T00:00");
            page.fill("#launch-form input[name=holdout]", "25");
            page.click("#launch-form button[type=submit]");
            page.waitForSelector("#launch-error");
            assertTrue(page.textContent("#launch-error").contains("endsAt: must be after startsAt"),
                    page.textContent("#launch-error"));
            assertEquals(name, page.inputValue("#launch-form input[name=name]"), "what was typed is kept");
            assertEquals(String.valueOf(segment), page.inputValue("#launch-form select[name=segmentId]"));

            page.fill("#launch-form input[name=endsAt]", "2026-11-24T00:00");
            page.click("#launch-form button[type=submit]");
            page.waitForSelector("#results");
            assertEquals(name + " ended", page.textContent("h1").strip().replaceAll("\\s+", " "), "the name as text");
            long treated = Long.parseLong(page.textContent("[data-stat=treated] .stat-value").replace(",", ""));
            long held = Long.parseLong(page.textContent("[data-stat=holdout] .stat-value").replace(",", ""));
            assertEquals(40, treated + held, "the audience is the segment's 40 members");
            assertTrue(page.textContent(".facts").contains(segmentName), "the segment name as text");
            assertTrue(page.textContent("#results").contains("Newcombe"), "the method is named");
            assertEquals(3, page.locator("#results tbody tr").count(), "conversion, clicks and revenue");
            Browser.assertAccessible(page);

            Download download = page.waitForDownload(() -> page.click("#export-treated"));
            List<String> lines = Files.readAllLines(download.path());
            assertEquals("customer_id,campaign,promotion_id,offer", lines.get(0));
            assertEquals(treated, lines.size() - 1, "one line per treated customer");
            assertTrue(lines.stream().skip(1).allMatch(l -> l.startsWith(cohort + "-")), lines.toString());

            page.navigate(base + "campaigns");
            assertTrue(page.textContent("#campaigns").contains(name));
            assertEquals(List.of(), problems);
        });
    }
}
