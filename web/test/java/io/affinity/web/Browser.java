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

    /** Fills the login form the page shows with the admin's name and password, and sends it. */
    static void signInAsAdmin(Page page) {
        page.fill("#login-form input[name=name]", "admin");
        page.fill("#login-form input[name=password]", io.affinity.TestSupport.ADMIN_PASSWORD);
        page.click("#login-form button[type=submit]");
    }

    /**
     * Runs axe-core's WCAG 2 A and AA rules on the page as it is and fails naming each violation (rule, impact and
     * the elements), e.g. a form field without a label or text without enough contrast.
     */
    static void assertAccessible(Page page) {
        var results = new com.deque.html.axecore.playwright.AxeBuilder(page)
                .withTags(List.of("wcag2a", "wcag2aa"))
                .analyze();
        List<String> violations = results.getViolations().stream()
                .map(v -> v.getId() + " (" + v.getImpact() + "): " + v.getHelp() + " at "
                        + v.getNodes().stream()
                                .map(n -> String.valueOf(n.getTarget()))
                                .limit(5)
                                .toList())
                .toList();
        org.junit.jupiter.api.Assertions.assertEquals(
                List.of(), violations, "accessibility of " + page.url());
    }

    /** A browser test's body, given a fresh page. */
    interface PageTest {
        void run(Page page) throws Exception;
    }

    static final Path FAILURES = Path.of("target", "browser-failures");

    /**
     * Runs a browser test on a new page of a new browser. When it fails, a screenshot and the HTML of the page as it
     * was are kept in {@code target/browser-failures/<TestClass>.<method>.png} (and {@code .html}), named in the
     * failure.
     */
    static void run(PageTest test) throws Exception {
        StackWalker.StackFrame caller = StackWalker.getInstance()
                .walk(frames -> frames.skip(1).findFirst())
                .orElseThrow();
        String name = caller.getClassName().substring(caller.getClassName().lastIndexOf('.') + 1) + "."
                + caller.getMethodName();
        try (Browser browser = launch()) {
            Page page = browser.newPage();
            try {
                test.run(page);
            } catch (Exception | AssertionError failure) {
                try {
                    Files.createDirectories(FAILURES);
                    Path shot = FAILURES.resolve(name + ".png");
                    page.screenshot(new Page.ScreenshotOptions().setPath(shot).setFullPage(true));
                    Files.writeString(FAILURES.resolve(name + ".html"), page.content());
                    failure.addSuppressed(new Exception("the page when it failed: " + shot.toAbsolutePath()));
                } catch (RuntimeException | java.io.IOException e) {
                    failure.addSuppressed(e);
                }
                throw failure;
            }
        }
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
