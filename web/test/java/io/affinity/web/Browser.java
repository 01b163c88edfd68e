package io.affinity.web;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Debian Chromium driven by Playwright. Where Chromium is not installed the browser tests are skipped with
 * a reason, except in CI ({@code CI=true}), where {@code .ci/run} installs it and a missing browser is a failure.
 */
final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser browser;

    private Browser(Playwright playwright, com.microsoft.playwright.Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static Browser launch() {
        if (!Files.isExecutable(CHROMIUM)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI needs Chromium at " + CHROMIUM + " (apt-get install chromium)");
            }
            Assumptions.abort("Chromium is not installed (apt-get install chromium): browser tests skipped");
        }
        Playwright playwright = Playwright.create();
        var browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
        return new Browser(playwright, browser);
    }

    Page newPage() {
        return browser.newContext(new NewContextOptions().setViewportSize(1280, 900)).newPage();
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
