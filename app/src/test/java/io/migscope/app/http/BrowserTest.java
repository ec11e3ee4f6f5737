package io.migscope.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.migscope.embedded.EmbeddedDatabase;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
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
    void everyViewRendersLiveDataAndAMigrationOpens(KafkaStack stack, EmbeddedDatabase db, @TempDir Path dir)
            throws Exception {
        requireBrowser();
        // The non-converging VM (2 GiB) is aborted after 60 s of event time (30 s per GiB, no progress timeout
        // before that), so its alert fires for about 10 s of wall time at 4x.
        try (LiveApi live = new LiveApi(stack, db, dir, "browser", TOKEN, 4,
                b -> b.completionTimeoutPerGibS(30).progressTimeoutS(90))) {
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

    /**
     * The demo prints the page's URL before the pipeline runs: until then the API answers 503 and the page says it
     * is starting, and keeps asking.
     */
    @Test
    void beforeThePipelineRunsThePageSaysItIsStarting(@TempDir Path dir) throws Exception {
        requireBrowser();
        try (ApiServer api = ApiServer.start(new ApiSettings("127.0.0.1", 0, null))) {
            ChromeDriver browser = start(dir);
            try {
                browser.get("http://127.0.0.1:" + api.port() + "/");
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
                    assertThat(browser.findElement(By.id("status")).isDisplayed()).isTrue();
                    assertThat(browser.findElement(By.id("status")).getText()).contains("migscope is starting")
                            .contains("still starting");
                });
                screenshot(browser, "browser-starting.png");
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
        liveUpdatesWithoutReload(browser);
        firingAlertWithEvidence(browser, live);
        screenshot(browser, "browser-fleet.png");

        // Open the migration furthest along (most passes), so its timeline has several phases. Live updates redraw
        // the rows at any moment, so pick in one script and click again if the row was just replaced.
        String id = (String) js(browser,
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
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> chartsMatchTheirData(browser));
        screenshot(browser, "browser-migration.png");

        abortedMigration(browser, live);
        completedMigration(browser, live);
        fleetStory(browser);
        distributions(browser, live);
        waves(browser);
    }

    /** An SSE change redraws the fleet table while the page stays the same document (no reload). */
    private static void liveUpdatesWithoutReload(ChromeDriver browser) {
        js(browser, "window.__sameDocument = true; window.__fleetBefore = document.querySelector('#fleet tbody').innerHTML;");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat((Boolean) js(browser,
                "return window.__sameDocument === true"
                        + " && document.querySelector('#fleet tbody').innerHTML !== window.__fleetBefore;")).isTrue());
    }

    /**
     * The fleet page and the alerts page list the firing NON_CONVERGING alert with its evidence. At 4x speed an
     * alert may fire only for a moment, so the alerts view is redrawn and read in one script until it is caught.
     */
    private static void firingAlertWithEvidence(ChromeDriver browser, LiveApi live) throws Exception {
        String stuck = nonConverging(live);
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(
                browser.findElement(By.id("fleet-alerts")).getText()).contains("NON_CONVERGING").contains(stuck)
                .contains("dirty"));
        js(browser, "location.hash = '#/alerts';");
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            String text = (String) browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "drawAlerts('alerts').then(() => done(document.getElementById('alerts').innerText),"
                    + " e => done('failed: ' + e));");
            assertThat(text).contains("NON_CONVERGING").contains(stuck).contains("bandwidth");
        });
        screenshot(browser, "browser-alerts.png");
        js(browser, "location.hash = '#/';");
    }

    /**
     * Each chart shows the JSON the page drew it from: an open phase runs to the API's {@code as_of_us} (event
     * time; a sped-up simulation runs ahead of the browser's clock), every pass with a dirty rate is a point, and
     * the RTT and wire series are all there. Animation is off, so a live redraw never shows a half-grown chart.
     */
    private static void chartsMatchTheirData(ChromeDriver browser) {
        Map<String, Object> r = jsMap(browser,
                "const m = state.migration, phases = m.timeline.phases, last = phases[phases.length - 1];"
                        + "const opt = id => echarts.getInstanceByDom(document.getElementById(id)).getOption();"
                        + "const bars = opt('timeline-chart').series[1].data;"
                        + "const end = last.end_us != null ? last.end_us : Math.max(last.start_us, m.as_of_us);"
                        + "return { drawn: bars[phases.length - 1].value, expected: Math.max(0.05, (end - last.start_us) / 1e6),"
                        + " dirtyDrawn: opt('rates-chart').series[0].data.filter(v => v != null && v !== '-').length,"
                        + " dirtyExpected: m.convergence.filter(p => p.dirty_rate_bytes_per_sec != null).length,"
                        + " rttDrawn: opt('rtt-chart').series[0].data.length, rttExpected: m.rtt.length,"
                        + " wireDrawn: opt('wire-chart').series[0].data.length, wireExpected: m.wire.length,"
                        + " animation: opt('timeline-chart').animation };");
        assertThat(((Number) r.get("drawn")).doubleValue()).isCloseTo(((Number) r.get("expected")).doubleValue(), within(0.001));
        assertThat(r.get("dirtyDrawn")).isEqualTo(r.get("dirtyExpected"));
        assertThat(num(r, "rttExpected")).isPositive();
        assertThat(r.get("rttDrawn")).isEqualTo(r.get("rttExpected"));
        assertThat(num(r, "wireExpected")).isPositive();
        assertThat(r.get("wireDrawn")).isEqualTo(r.get("wireExpected"));
        assertThat(r.get("animation")).isEqualTo(Boolean.FALSE);
    }

    /** The non-converging VM, once aborted: its pre-copy bar spans the whole phase and every pass is drawn. */
    private static void abortedMigration(ChromeDriver browser, LiveApi live) throws Exception {
        String stuck = nonConverging(live);
        openEnded(browser, live, stuck, "timeline", "aborted");
        JsonNode m = live.get("/api/migrations/" + stuck, TOKEN).json();
        JsonNode precopy = StreamSupport.stream(m.get("timeline").get("phases").spliterator(), false)
                .filter(p -> p.get("name").asText().equals("precopy")).findFirst().orElseThrow();
        double seconds = (precopy.get("end_us").asLong() - precopy.get("start_us").asLong()) / 1e6;
        assertThat(seconds).isGreaterThan(30);
        Number drawn = (Number) js(browser, "const c = echarts.getInstanceByDom(document.getElementById('timeline-chart'));"
                + "const o = c.getOption(); return o.series[1].data[o.yAxis[0].data.findIndex(n => n.endsWith('precopy'))].value;");
        assertThat(drawn.doubleValue()).isCloseTo(seconds, within(0.001));
        screenshot(browser, "browser-aborted.png");
    }

    /** A completed migration: its lost probes are drawn, and its blackouts shaded on the RTT chart. */
    private static void completedMigration(ChromeDriver browser, LiveApi live) throws Exception {
        String done = live.sim.expectations().stream().filter(e -> e.outcome().equals("completed")).findFirst()
                .orElseThrow().migrationId();
        openEnded(browser, live, done, "downtime", "completed");
        Map<String, Object> r = jsMap(browser, "const m = state.migration;"
                + "const o = echarts.getInstanceByDom(document.getElementById('rtt-chart')).getOption();"
                + "return { lostDrawn: o.series[2].data.reduce((a, p) => a + p[1], 0),"
                + " lost: m.rtt.reduce((a, p) => a + p.lost, 0), shaded: o.series[0].markArea.data.length,"
                + " blackouts: m.downtime.blackouts.length, data: JSON.stringify({ id: m.migration_id,"
                + " blackouts: m.downtime.blackouts, rtt: m.rtt.filter(p => p.replies < 9) }) };");
        assertThat(num(r, "lost")).as(String.valueOf(r.get("data"))).isPositive().isEqualTo(num(r, "lostDrawn"));
        assertThat(num(r, "blackouts")).isPositive().isEqualTo(num(r, "shaded"));
        screenshot(browser, "browser-completed.png");
    }

    /**
     * Once migrations ended, the fleet page tells what ended and not only what runs: the newest ends with outcome,
     * observed blackout next to reported downtime and alerts, the last hour's figures, and the wave against its
     * cluster limit, each as the page's own data ({@code /api/fleet}, kept in {@code state.fleet}) says.
     */
    private static void fleetStory(ChromeDriver browser) throws Exception {
        js(browser, "location.hash = '#/';");
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            Map<String, Object> r = jsMap(browser, "const f = state.fleet, rows = [...document.querySelectorAll('#ended tbody tr')];"
                    + "const first = rows[0], s = f.recent[0];"
                    + "return { rows: rows.length, recent: f.recent.length, firstId: first.dataset.id, newest: s.migration_id,"
                    + " observed: first.querySelector('.observed').textContent, observedMs: s.observed_blackout_ms,"
                    + " reported: first.querySelector('.reported').textContent, reportedMs: s.reported_downtime_ms,"
                    + " outcome: first.querySelector('.outcome').textContent, outcomeApi: s.outcome,"
                    + " badges: first.querySelectorAll('.badge').length, alerts: s.alerts.length,"
                    + " hourEnded: document.getElementById('hour-ended').textContent, ended: f.last_hour.ended,"
                    + " aborted: f.last_hour.aborted, hourNote: document.getElementById('hour-note').textContent,"
                    + " bars: echarts.getInstanceByDom(document.getElementById('ended-chart')).getOption().series[0].data.length,"
                    + " limits: document.querySelectorAll('#wave-limits .limit').length, clusters: f.wave.clusters.length,"
                    + " limit: f.wave.clusters[0].limit, wave: document.getElementById('wave').innerText,"
                    + " asOf: document.getElementById('as-of').textContent, asOfClock: clock(f.as_of_us) };");
            assertThat(num(r, "rows")).isPositive().isEqualTo(num(r, "recent"));
            assertThat(r.get("firstId")).isEqualTo(r.get("newest"));
            assertThat(r.get("outcome")).isEqualTo(r.get("outcomeApi"));
            assertThat((String) r.get("observed")).startsWith(r.get("observedMs") == null ? "-"
                    : Math.round(((Number) r.get("observedMs")).doubleValue()) + " ms");
            assertThat((String) r.get("reported")).isEqualTo(r.get("reportedMs") == null ? "-" : num(r, "reportedMs") + " ms");
            assertThat(r.get("badges")).isEqualTo(r.get("alerts"));
            assertThat(r.get("hourEnded")).isEqualTo(String.valueOf(num(r, "ended")));
            // The non-converging VM was aborted before this: the hour counts it.
            assertThat(num(r, "aborted")).isPositive();
            assertThat((String) r.get("hourNote")).contains(num(r, "aborted") + " aborted").contains("exact percentiles");
            assertThat(r.get("bars")).isEqualTo(r.get("recent"));
            assertThat(num(r, "limits")).isPositive().isEqualTo(num(r, "clusters"));
            assertThat((String) r.get("wave")).contains("browser-w1").contains("of limit " + num(r, "limit"));
            assertThat((String) r.get("asOf")).contains((String) r.get("asOfClock"));
        });
        screenshot(browser, "browser-fleet-ended.png");
    }

    /** Waits until the migration's {@code view} is final, opens its page, and checks its charts against its data. */
    private static void openEnded(ChromeDriver browser, LiveApi live, String id, String view, String outcome) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                live.get("/api/migrations/" + id, TOKEN).json().path(view).path("final").asBoolean());
        js(browser, "location.hash = '#/m/" + id + "';");
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> {
            assertThat(browser.findElement(By.id("migration-facts")).getText()).contains("ended: " + outcome);
            chartsMatchTheirData(browser);
        });
    }

    /** Histograms count every ended migration with a blackout, and every ended migration's time. */
    private static void distributions(ChromeDriver browser, LiveApi live) throws Exception {
        js(browser, "location.hash = '#/distributions';");
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> {
            JsonNode recent = live.get("/api/migrations?state=recent&limit=5000", TOKEN).json();
            assertThat(histogramTotal(browser, "hist-blackout")).isPositive().isEqualTo(count(recent, "observed_blackout_ms"));
            assertThat(histogramTotal(browser, "hist-time")).isPositive().isEqualTo(count(recent, "migration_time_ms"));
            assertThat(browser.findElement(By.id("dist-cluster")).getText()).contains("cluster-");
        });
        screenshot(browser, "browser-distributions.png");
    }

    private static long count(JsonNode summaries, String field) {
        return StreamSupport.stream(summaries.spliterator(), false).filter(s -> s.path(field).isNumber()).count();
    }

    /** The wave: migrations in flight per minute with the cluster limit marked, and the completion curve. */
    private static void waves(ChromeDriver browser) throws Exception {
        js(browser, "location.hash = '#/waves';");
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> {
            assertThat(browser.findElement(By.id("wave-facts")).getText()).contains("VMs").contains("peak in flight");
            Map<String, Object> r = jsMap(browser,
                    "const o = echarts.getInstanceByDom(document.getElementById('wave-chart')).getOption();"
                            + "const c = echarts.getInstanceByDom(document.getElementById('wave-completion')).getOption();"
                            + "const done = c.series[0].data;"
                            + "return { peak: Math.max(...o.series[0].data), limit: o.series[0].markLine.data[0].yAxis,"
                            + " ended: done[done.length - 1] };");
            assertThat(num(r, "peak")).isPositive();
            assertThat(num(r, "limit")).isEqualTo(5);
            assertThat(num(r, "ended")).isPositive();
        });
        screenshot(browser, "browser-waves.png");
    }

    private static long histogramTotal(ChromeDriver browser, String id) {
        return ((Number) js(browser, "return echarts.getInstanceByDom(document.getElementById('" + id + "'))"
                + ".getOption().series[0].data.reduce((a, b) => a + b, 0);")).longValue();
    }

    private static String nonConverging(LiveApi live) {
        return live.sim.expectations().stream().filter(e -> !e.converging()).findFirst().orElseThrow().migrationId();
    }

    private static Object js(ChromeDriver browser, String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jsMap(ChromeDriver browser, String script) {
        return (Map<String, Object>) js(browser, script);
    }

    private static long num(Map<String, Object> values, String key) {
        return ((Number) values.get(key)).longValue();
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
                "--no-first-run", "--window-size=1400,1800",
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
