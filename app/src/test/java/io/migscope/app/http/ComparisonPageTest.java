package io.migscope.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.migscope.avro.Platform;
import io.migscope.embedded.EmbeddedDatabase;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.producers.simulator.Flavor;
import io.migscope.producers.simulator.GuestLoad;
import io.migscope.producers.simulator.SimulationSpec;
import io.migscope.producers.simulator.VmProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Seed 002's comparison on a running pipeline: an idle and a dirty-page guest on vSphere, XenServer and KVM, with
 * the guests' own reports, through the API (comparison rows, the guest series of a migration) and, where chromium is
 * installed, the page (the Comparison view and the guest chart).
 */
@ExtendWith(MigscopeKafkaExtension.class)
class ComparisonPageTest {
    private static final String TOKEN = "comparison-token";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private static SimulationSpec.Builder seed002(SimulationSpec.Builder b) {
        List<VmProfile> profiles = new ArrayList<>();
        for (GuestLoad load : List.of(GuestLoad.none(), GuestLoad.dirty(256L << 20))) {
            for (Platform p : SimulationSpec.SEED002_PLATFORMS) {
                profiles.add(VmProfile.seed002(p, Flavor.M, load));
            }
        }
        return b.vms(profiles.size()).profiles(profiles).clusters(3).nodesPerCluster(3).parallelismPerCluster(2)
                .outboundPerNode(1).nonConvergingFraction(0).completionTimeoutPerGibS(150).progressTimeoutS(150)
                .guestSamples(true);
    }

    @Test
    void platformsSideBySidePerLoadAndTheGuestsSlowdownPerMigration(KafkaStack stack, EmbeddedDatabase db,
                                                                    @TempDir Path dir) throws Exception {
        try (LiveApi live = new LiveApi(stack, db, dir, "cmp", TOKEN, 0, ComparisonPageTest::seed002)) {
            int n = live.sim.expectations().size();
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    live.get("/api/migrations?state=recent", TOKEN).json().size() == n);
            Map<String, JsonNode> summaries = new HashMap<>();
            live.get("/api/migrations?state=recent", TOKEN).json().forEach(s -> summaries.put(
                    s.get("load_profile").asText() + "|" + s.get("platform").asText(), s));

            JsonNode c = live.get("/api/comparison?wave=cmp-w1", TOKEN).json();
            assertThat(c.get("platforms")).extracting(JsonNode::asText).containsExactly("QEMU", "VSPHERE", "XEN");
            List<String> rows = new ArrayList<>();
            for (JsonNode r : c.get("rows")) {
                String key = r.get("load_profile").asText() + "|" + r.get("platform").asText();
                rows.add(key);
                JsonNode s = summaries.get(key);
                assertThat(r.get("completed").asInt()).as(key).isEqualTo(1);
                assertThat(r.get("migration_time_p50_ms").asDouble()).as(key)
                        .isEqualTo(s.get("migration_time_ms").asDouble());
                assertThat(r.get("observed_blackout_p50_ms").asDouble()).as(key)
                        .isEqualTo(s.get("observed_blackout_ms").asDouble());
                assertThat(r.get("guest_slowdown_max_ms_per_gb").asDouble()).as(key)
                        .isEqualTo(s.get("guest_slowdown_max_ms_per_gb").asDouble());
            }
            assertThat(rows).containsExactly("idle|QEMU", "idle|VSPHERE", "idle|XEN", "DPG 256 MiB|QEMU",
                    "DPG 256 MiB|VSPHERE", "DPG 256 MiB|XEN");
            assertThat(live.get("/api/comparison?wave=no-such-wave", TOKEN).json().get("rows")).isEmpty();

            String kvmDpg = summaries.get("DPG 256 MiB|QEMU").get("migration_id").asText();
            guestSeries(live, kvmDpg);
            if (browserAvailable()) {
                page(dir, live, kvmDpg);
            }
        }
    }

    /** The guest's points around the migration: its slowest GiB is one of them, its baseline below them all at rest. */
    private static void guestSeries(LiveApi live, String id) throws Exception {
        JsonNode m = live.get("/api/migrations/" + id, TOKEN).json();
        JsonNode guest = m.get("guest");
        assertThat(guest.size()).as("one point per second with a GiB done").isGreaterThan(10);
        List<Double> slowest = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        for (JsonNode p : guest) {
            assertThat(p.get("time_us").asLong()).isGreaterThan(previous);
            previous = p.get("time_us").asLong();
            assertThat(p.get("samples").asInt()).isPositive();
            assertThat(p.get("ms_per_gb_min").asDouble()).isLessThanOrEqualTo(p.get("ms_per_gb_max").asDouble());
            slowest.add(p.get("ms_per_gb_max").asDouble());
        }
        JsonNode s = m.get("summary");
        assertThat(slowest).contains(s.get("guest_slowdown_max_ms_per_gb").asDouble());
        assertThat(s.get("guest_baseline_ms_per_gb").asDouble()).isLessThan(s.get("guest_slowdown_max_ms_per_gb").asDouble());
    }

    private static void page(Path dir, LiveApi live, String id) throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,2200", "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium")));
        ChromeDriver browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build(), options);
        try {
            browser.get(live.url("/"));
            await().atMost(Duration.ofSeconds(15)).until(() -> browser.findElement(By.id("token-form")).isDisplayed());
            browser.findElement(By.id("token")).sendKeys(TOKEN);
            browser.findElement(By.cssSelector("#token-form button")).click();
            browser.get(live.url("/#/comparison"));
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
                assertThat(browser.findElements(By.cssSelector("#comparison-table tbody tr"))).hasSize(6);
                // two series (idle, DPG), each a migration-time and a blackout chart, three platforms a chart
                assertThat(((Number) js(browser, "return [...document.querySelectorAll('#comparison-charts .chart')]"
                        + ".filter(el => echarts.getInstanceByDom(el).getOption().series.length === 3).length;"))
                        .intValue()).isEqualTo(4);
            });
            screenshot(browser, "comparison-view.png");
            browser.get(live.url("/#/m/" + id));
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> assertThat(((Number) js(browser,
                    "return echarts.getInstanceByDom(document.getElementById('guest-chart')).getOption().series[0]"
                            + ".data.length;")).intValue()).isEqualTo(live.get("/api/migrations/" + id, TOKEN).json()
                    .get("guest").size()));
            screenshot(browser, "comparison-guest-chart.png");
        } finally {
            browser.quit();
        }
    }

    private static Object js(ChromeDriver browser, String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private static void screenshot(ChromeDriver browser, String name) throws Exception {
        Path target = Path.of("target").resolve(name);
        Files.createDirectories(target.getParent());
        Files.write(target, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        System.out.println("browser test screenshot: " + target.toAbsolutePath());
    }

    /** The page part is a system test: skipped loudly without chromium, failed under MIGSCOPE_REQUIRE_SYSTEM_TESTS=1. */
    private static boolean browserAvailable() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER)) {
            return true;
        }
        String message = "SYSTEM TEST PART NOT RUN: chromium or chromedriver missing (Debian: apt-get install -y"
                + " chromium chromium-driver); the API was checked, the page was not";
        System.err.println("*** " + message + " ***");
        if ("1".equals(System.getenv("MIGSCOPE_REQUIRE_SYSTEM_TESTS"))) {
            fail(message + " (MIGSCOPE_REQUIRE_SYSTEM_TESTS=1)");
        }
        return false;
    }
}
