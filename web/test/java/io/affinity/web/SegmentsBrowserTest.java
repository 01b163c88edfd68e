package io.affinity.web;

import static io.affinity.TestSupport.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import io.affinity.TestSupport;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The segments page in a real browser: a saved segment with its size, and markup in its name shown as text. */
@QuarkusTest
class SegmentsBrowserTest {

    @TestHTTPResource("/")
    URL base;

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
            assertEquals(List.of(), problems);
        }
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
