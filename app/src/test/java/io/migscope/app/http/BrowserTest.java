package io.migscope.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import io.migscope.embedded.EmbeddedDatabase;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real browser on the page while the simulator runs: headless Debian chromium through chromium-driver, with no
 * network beyond the local server. Saves {@code app/target/browser-*.png}. Skips loudly without chromium, and fails
 * instead when {@code MIGSCOPE_REQUIRE_SYSTEM_TESTS=1} (CI, where {@code .ci/run} installs chromium).
 */
@ExtendWith(MigscopeKafkaExtension.class)
class BrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final String TOKEN = "browser-token";

    @Test
    void fleetTableAndTimelineRenderLiveAndAMigrationOpens(KafkaStack stack, EmbeddedDatabase db, @TempDir Path dir)
            throws Exception {
        requireBrowser();
        try (LiveApi live = new LiveApi(stack, db, dir, "browser", TOKEN, 4)) {
            // Wait until the pipeline reports migrations in flight, then look at them.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                    live.get("/api/migrations?state=in-flight", TOKEN).json().size() >= 2);
            ChromeDriver browser = start(dir);
            try {
                browse(browser, live);
            } finally {
                browser.quit();
            }
        }
    }

    private static void browse(ChromeDriver browser, LiveApi live) throws Exception {
        browser.get(live.url("/"));
        // The API needs a token: the page asks for it.
        WebElement form = awaitVisible(browser, By.id("token-form"));
        browser.findElement(By.id("token")).sendKeys(TOKEN);
        form.findElement(By.tagName("button")).click();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(browser.findElements(By.cssSelector("#fleet tbody tr"))).isNotEmpty());
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            assertThat(browser.findElement(By.cssSelector("#fleet tbody")).getText()).contains("browser-w1-mig-").contains("vm-");
            assertThat(browser.findElement(By.cssSelector("#fleet tbody tr .phase")).getText()).isNotBlank();
        });
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(browser.findElement(By.id("live")).getText()).isEqualTo("live"));
        screenshot(browser, "browser-fleet.png");

        // Open the migration furthest along (most passes), so its timeline has several phases. Live updates redraw
        // the rows at any moment, so pick in one script and click again if the row was just replaced.
        String id = (String) ((JavascriptExecutor) browser).executeScript(
                "const rows = [...document.querySelectorAll('#fleet tbody tr')];"
                        + "rows.sort((a, b) => Number(b.cells[5].textContent) - Number(a.cells[5].textContent));"
                        + "return rows[0].dataset.id;");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            browser.findElement(By.cssSelector("#fleet tbody tr[data-id='" + id + "']")).click();
            return true;
        });
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(browser.findElement(By.id("migration-title")).getText()).isEqualTo(id);
            assertThat(phaseBars(browser)).isPositive();
        });
        assertThat(browser.findElements(By.cssSelector("#timeline-chart canvas"))).isNotEmpty();
        screenshot(browser, "browser-migration.png");
    }

    /** Bars drawn in the timeline chart: ECharts keeps the option it rendered, so ask it. */
    private static long phaseBars(ChromeDriver browser) {
        Object n = ((JavascriptExecutor) browser).executeScript(
                "const c = echarts.getInstanceByDom(document.getElementById('timeline-chart'));"
                        + "return c ? c.getOption().series[1].data.filter(d => d.value > 0).length : 0;");
        return ((Number) n).longValue();
    }

    private static WebElement awaitVisible(ChromeDriver browser, By by) {
        await().atMost(Duration.ofSeconds(15)).until(() -> browser.findElement(by).isDisplayed());
        return browser.findElement(by);
    }

    private static ChromeDriver start(Path dir) throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static void screenshot(ChromeDriver browser, String name) throws Exception {
        Path target = Path.of("target").resolve(name);
        Files.createDirectories(target.getParent());
        Files.write(target, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        System.out.println("browser test screenshot: " + target.toAbsolutePath());
    }

    /** Same rule as the other system tests: skip loudly, or fail when MIGSCOPE_REQUIRE_SYSTEM_TESTS=1. */
    private static void requireBrowser() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER)) {
            return;
        }
        String message = "SYSTEM TEST NOT RUN: chromium or chromedriver missing (Debian: apt-get install -y chromium chromium-driver)";
        System.err.println("*** " + message + " ***");
        if ("1".equals(System.getenv("MIGSCOPE_REQUIRE_SYSTEM_TESTS"))) {
            fail(message + " (MIGSCOPE_REQUIRE_SYSTEM_TESTS=1)");
        }
        Assumptions.abort(message);
    }
}
