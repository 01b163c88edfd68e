package io.affinity.web;

import static io.affinity.TestSupport.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import io.affinity.TestSupport;
import io.affinity.ingest.SourceService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The first page in a real browser: figures, the chart drawn by uPlot, sources and rejection reasons. */
@QuarkusTest
class DashboardBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    SourceService sources;

    @Test
    void firstPageShowsWhatJustHappened() throws Exception {
        SourceService.NewKey key = TestSupport.newSource(sources, "browser");
        String now = Instant.now().toString();
        http(base).auth().preemptive().basic(key.writeKey(), "")
                .body("{\"batch\":["
                        + "{\"type\":\"track\",\"userId\":\"b1\",\"event\":\"Product Viewed\",\"timestamp\":\"" + now + "\"},"
                        + "{\"type\":\"track\",\"userId\":\"b1\",\"event\":\"Order Completed\",\"timestamp\":\"" + now + "\"},"
                        + "{\"type\":\"track\",\"userId\":\"b1\",\"event\":\"Broken\",\"timestamp\":\"last tuesday\"}]}")
                .post("/v1/batch").then().statusCode(200);

        Browser.run(page -> {
            List<String> errors = new ArrayList<>();
            page.onPageError(errors::add);
            page.onConsoleMessage(m -> {
                if ("error".equals(m.type())) {
                    errors.add(m.text());
                }
            });
            // an anonymous browser is sent to the login form, and back to the page after signing in
            page.navigate(base.toString());
            assertEquals("Sign in", page.textContent("h1"));
            Browser.assertAccessible(page);
            Browser.signInAsAdmin(page);
            page.waitForSelector("#signed-in-as");

            assertEquals("What just happened", page.textContent("h1"));
            assertEquals("admin", page.textContent("#signed-in-as"));
            long events = Long.parseLong(page.textContent("[data-stat=events] .stat-value").replace(",", ""));
            assertTrue(events >= 2, "events stored: " + events);
            page.waitForSelector("#events-chart[data-rendered]");
            assertTrue(page.locator("#events-chart canvas").count() > 0, "uPlot drew its canvas");
            assertTrue(page.textContent("#events-by-type").contains("Order completed"));
            assertTrue(page.textContent("#sources").contains(key.sourceName()));
            String latest = page.textContent("#recent-rejections");
            assertTrue(latest.contains(key.sourceName()) && latest.contains("timestamp is not an ISO-8601"), latest);
            assertTrue(page.locator("#rejection-reasons tbody tr").count() > 0, "rejection reasons are listed");
            assertEquals(List.of(), errors, "no script errors on the page");
            Browser.assertAccessible(page);

            page.click("#sign-out");
            page.waitForSelector("#login-form");
            page.navigate(base.toString());
            assertEquals("Sign in", page.textContent("h1"), "signed out: the dashboard asks to sign in again");
        });
    }

    @Test
    void aWrongPasswordIsSaidOnTheLoginPage() throws Exception {
        Browser.run(page -> {
            page.navigate(base + "login");
            page.fill("input[name=name]", "admin");
            page.fill("input[name=password]", "not the password");
            page.click("button[type=submit]");
            page.waitForSelector("#login-error");
            assertEquals("Wrong user name or password.", page.textContent("#login-error"));
            // the form is shown again, with a fresh token, and works
            Browser.signInAsAdmin(page);
            page.waitForSelector("#signed-in-as");
        });
    }
}
