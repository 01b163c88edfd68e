package io.affinity.web;

import static io.affinity.TestSupport.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.ShopFixture;
import io.affinity.TestSupport;
import io.affinity.features.CustomerAggregateService;
import io.affinity.ingest.SourceService;
import io.affinity.models.ModelRegistry;
import io.affinity.models.UseCase;
import io.affinity.training.EventJob;
import io.affinity.training.EventTraining;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Model quality in a real browser: a use case's versions and its latest run's drift, a version's curves drawn and
 * its confusion at the band cut-offs, and an admin promoting a candidate and rolling back, confirming each.
 */
@QuarkusTest
class ModelsBrowserTest {

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
    void anAdminReadsAModelsQualityAndPromotesACandidate() throws Exception {
        ShopFixture.ensureSeeded(base, sources, aggregates, json);
        int first = training.train(
                        new EventJob("propensity", 14, ShopFixture.END, 1, List.of("logistic-regression"), 3L), m -> {})
                .version();
        TestSupport.serve(registry, UseCase.PROPENSITY, first);
        int second = training.train(
                        new EventJob("propensity", 14, ShopFixture.END, 1, List.of("logistic-regression"), 4L), m -> {})
                .version();
        if (registry.production(UseCase.PROPENSITY).orElseThrow().version() == second)
            registry.rollback(UseCase.PROPENSITY, first, "test: start from the first");
        long customers = http(base).contentType("application/json")
                .body("{\"useCase\": \"propensity\"}")
                .post("/api/scoring/batch")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("customers");

        Browser.run(page -> {
            List<String> problems = new ArrayList<>();
            page.onPageError(problems::add);
            page.navigate(base + "models");
            Browser.signInAsAdmin(page);
            page.waitForSelector("#use-cases");
            assertTrue(page.textContent("#use-cases tr[data-use-case=propensity]").contains("v" + first));

            page.click("#use-cases tr[data-use-case=propensity] a");
            page.waitForSelector("#versions");
            assertEquals("propensity models", page.textContent("h1"));
            assertTrue(page.locator("#versions tr[data-version='" + second + "']").count() == 1);
            page.waitForSelector("#metric-chart[data-rendered]");
            page.waitForSelector("#histogram-chart[data-rendered]");
            assertTrue(page.textContent("main").contains(String.format("%,d customers scored by v%d", customers, first)));
            int inputs = page.locator("#drift tbody tr").count();
            assertTrue(inputs > 5, "a row per model input: " + inputs);
            assertTrue(page.locator("#drift tbody tr .status").first().textContent().matches("stable|watch|shifted"));
            Browser.assertAccessible(page);

            page.click("#versions tr[data-version='" + second + "'] a");
            page.waitForSelector("#roc-chart[data-rendered]");
            page.waitForSelector("#pr-chart[data-rendered]");
            page.waitForSelector("#gains-chart[data-rendered]");
            assertEquals(2, page.locator("#confusion tbody tr").count(), "medium and above, and high");
            assertEquals(10, page.locator("#deciles tbody tr").count());
            assertTrue(page.textContent("#facts").contains("Validation"), page.textContent("#facts"));
            Browser.assertAccessible(page);

            // Promoting asks for the confirmation first; the browser's own check stops an unticked form.
            page.fill("#promote-form input[name=reason]", "better <b>holdout</b>");
            page.click("#promote-form button[type=submit]");
            assertTrue(page.url().endsWith("/models/propensity/" + second), "not sent unconfirmed: " + page.url());
            page.check("#promote-form input[name=confirm]");
            page.click("#promote-form button[type=submit]");
            page.waitForSelector("#decision-done");
            assertTrue(page.textContent("h1").contains("production"), page.textContent("h1"));
            assertEquals(second, registry.production(UseCase.PROPENSITY).orElseThrow().version());

            page.navigate(base + "models/propensity/" + first);
            page.check("#rollback-form input[name=confirm]");
            page.click("#rollback-form button[type=submit]");
            page.waitForSelector("#decision-done");
            assertEquals(first, registry.production(UseCase.PROPENSITY).orElseThrow().version());
            page.navigate(base + "models/propensity");
            assertTrue(page.textContent("#history").contains("better <b>holdout</b> (by admin)"), "the reason as text");
            assertEquals(List.of(), problems);
        });
    }
}
