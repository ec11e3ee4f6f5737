package io.migscope.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.migscope.embedded.EmbeddedDatabase;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.producers.simulator.MigrationExpectation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API on a running topology: the simulated fleet read back through interactive queries. */
@ExtendWith(MigscopeKafkaExtension.class)
class ApiServerTest {
    private static final String TOKEN = "s3cret-token";

    @Test
    void answersFromTheViewsWithJsonErrorsAndATokenCheck(KafkaStack stack, EmbeddedDatabase db, @TempDir Path dir)
            throws Exception {
        try (LiveApi live = new LiveApi(stack, db, dir, "apitest", TOKEN, 0)) {
            unauthorized(live);
            List<MigrationExpectation> expected = live.sim.expectations();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    live.get("/api/migrations?state=recent", TOKEN).json().size() == expected.size());

            Set<String> ids = new HashSet<>();
            live.get("/api/migrations?state=recent", TOKEN).json().forEach(s -> ids.add(s.get("migration_id").asText()));
            assertThat(ids).containsExactlyInAnyOrderElementsOf(expected.stream().map(MigrationExpectation::migrationId).toList());

            MigrationExpectation stuck = expected.stream().filter(e -> !e.converging()).findFirst().orElseThrow();
            migration(live, stuck);
            MigrationExpectation completed = expected.stream().filter(e -> e.outcome().equals("completed")).findFirst()
                    .orElseThrow();
            series(live, stuck);
            series(live, completed);
            alerts(live, stuck);
            wavesAndRollups(live);
            fleet(live, expected);
            badRequests(live);
            metrics(live);
        }
    }

    private static void unauthorized(LiveApi live) throws Exception {
        for (String path : List.of("/api/migrations", "/api/migrations/x", "/metrics")) {
            LiveApi.Reply r = live.get(path, null);
            assertThat(r.status()).as(path).isEqualTo(401);
            assertThat(r.json().get("status").asInt()).isEqualTo(401);
            assertThat(r.json().get("message").asText()).contains("bearer token");
        }
        assertThat(live.get("/api/alerts", "wrong").status()).isEqualTo(401);
        // The page itself is public: it asks for the token.
        LiveApi.Reply page = live.get("/", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("/vendor/echarts.min.js").contains("id=\"fleet\"");
        assertThat(live.get("/vendor/echarts.min.js", null).body()).contains("echarts");
        assertThat(live.get("/page-config", null).json().get("token_required").asBoolean()).isTrue();
    }

    private static void migration(LiveApi live, MigrationExpectation e) throws Exception {
        LiveApi.Reply r = live.get("/api/migrations/" + e.migrationId(), TOKEN);
        assertThat(r.status()).isEqualTo(200);
        JsonNode m = r.json();
        assertThat(m.get("timeline").get("vm").asText()).isEqualTo(e.vm());
        assertThat(m.get("timeline").get("final").asBoolean()).isTrue();
        assertThat(m.get("summary").get("outcome").asText()).isEqualTo(e.outcome());
        assertThat(m.get("downtime").get("migration_id").asText()).isEqualTo(e.migrationId());
        assertThat(m.get("convergence")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(m.get("convergence").get(0).get("remaining_bytes").asLong()).isPositive();
    }

    /**
     * The chart series of an ended migration: one probe point per second around it, lost probes where the blackouts
     * are, the host pair's bytes matching the summary's wire bytes, and open phases ending at its end (event time).
     */
    private static void series(LiveApi live, MigrationExpectation e) throws Exception {
        JsonNode m = live.get("/api/migrations/" + e.migrationId(), TOKEN).json();
        JsonNode phases = m.get("timeline").get("phases");
        long start = phases.get(0).get("start_us").asLong();
        long end = phases.get(phases.size() - 1).get("start_us").asLong();
        assertThat(m.get("as_of_us").asLong()).as(e.migrationId()).isEqualTo(end);
        JsonNode rtt = m.get("rtt");
        assertThat(rtt.size()).as("one point per second").isGreaterThanOrEqualTo((int) ((end - start) / 1_000_000));
        long previous = Long.MIN_VALUE;
        long lost = 0;
        for (JsonNode p : rtt) {
            long t = p.get("time_us").asLong();
            assertThat(t).isGreaterThan(previous)
                    .isBetween(start - MigrationView.CONTEXT_US - 1_000_000, end + MigrationView.CONTEXT_US);
            previous = t;
            lost += p.get("lost").asLong();
            if (p.get("replies").asInt() > 0) {
                assertThat(p.get("rtt_mean_us").asLong()).isPositive();
            }
        }
        long blackoutLost = 0;
        for (JsonNode b : m.get("downtime").get("blackouts")) {
            blackoutLost += b.get("lost_probes").asLong();
        }
        assertThat(lost).as("lost probes of " + e.migrationId()).isEqualTo(blackoutLost);
        assertThat(lost > 0).as("a completed migration has a blackout").isEqualTo(e.outcome().equals("completed"));

        long transferStart = StreamSupport.stream(phases.spliterator(), false)
                .filter(p -> p.get("name").asText().equals("precopy")).findFirst().orElseThrow().get("start_us").asLong();
        long wireBytes = 0;
        for (JsonNode w : m.get("wire")) {
            assertThat(w.get("bytes_per_sec").asLong()).isNotNegative();
            if (w.get("interval_end_us").asLong() >= transferStart && w.get("interval_start_us").asLong() <= end) {
                wireBytes += w.get("bytes").asLong();
            }
        }
        assertThat(wireBytes).as("wire bytes of " + e.migrationId()).isPositive()
                .isEqualTo(m.get("summary").get("wire_bytes").asLong());
    }

    private static void alerts(LiveApi live, MigrationExpectation stuck) throws Exception {
        JsonNode all = live.get("/api/alerts?state=all", TOKEN).json();
        assertThat(StreamSupport.stream(all.spliterator(), false)
                .filter(a -> a.get("migration_id").asText().equals(stuck.migrationId()))
                .map(a -> a.get("kind").asText())).contains("NON_CONVERGING");
        JsonNode firing = live.get("/api/alerts?state=firing", TOKEN).json();
        firing.forEach(a -> assertThat(a.get("state").asText()).isEqualTo("FIRING"));
    }

    private static void wavesAndRollups(LiveApi live) throws Exception {
        JsonNode waves = live.get("/api/waves", TOKEN).json();
        assertThat(waves).isNotEmpty();
        String waveId = waves.get(0).get("wave_id").asText();
        LiveApi.Reply wave = live.get("/api/waves/" + java.net.URLEncoder.encode(waveId, "UTF-8"), TOKEN);
        assertThat(wave.status()).isEqualTo(200);
        assertThat(wave.json().get("vms").asInt()).isPositive();
        JsonNode rollups = live.get("/api/rollups?dimension=cluster&window=1m", TOKEN).json();
        assertThat(rollups).isNotEmpty();
        rollups.forEach(r -> {
            assertThat(r.get("dimension").asText()).isEqualTo("cluster");
            assertThat(r.get("window").asText()).isEqualTo("1m");
        });
        assertThat(live.get("/api/rollups?dimension=no-such-dimension", TOKEN).json()).isEmpty();
    }

    /**
     * The fleet overview once the whole wave ended: as of the latest end, the newest ends first, the hour's figures
     * (from the rollups) against the summaries themselves, and the wave with nothing left in flight.
     */
    private static void fleet(LiveApi live, List<MigrationExpectation> expected) throws Exception {
        long completed = expected.stream().filter(e -> e.outcome().equals("completed")).count();
        JsonNode f = live.get("/api/fleet?recent=5", TOKEN).json();
        List<JsonNode> summaries = StreamSupport.stream(live.get("/api/migrations?state=recent", TOKEN).json().spliterator(), false).toList();
        long lastEnd = summaries.stream().mapToLong(x -> x.get("completed_at_us").asLong()).max().orElseThrow();
        assertThat(f.get("as_of_us").asLong()).isGreaterThanOrEqualTo(lastEnd);

        JsonNode recent = f.get("recent");
        assertThat(recent).hasSize(5);
        assertThat(recent.get(0).get("completed_at_us").asLong()).isEqualTo(lastEnd);
        for (int i = 1; i < recent.size(); i++) {
            assertThat(recent.get(i).get("completed_at_us").asLong()).isLessThanOrEqualTo(recent.get(i - 1).get("completed_at_us").asLong());
        }

        // The simulated wave lasts about a minute of event time: all of it is in the last hour.
        JsonNode hour = f.get("last_hour");
        assertThat(hour.get("source").asText()).isEqualTo("summaries");
        assertThat(hour.get("to_us").asLong()).isEqualTo(f.get("as_of_us").asLong());
        assertThat(hour.get("ended").asInt()).isEqualTo(expected.size());
        assertThat(hour.get("completed").asLong()).isEqualTo(completed);
        assertThat(hour.get("success_rate").asDouble()).isEqualTo((double) completed / expected.size());
        double[] blackouts = summaries.stream().filter(x -> x.get("observed_blackout_ms").isNumber())
                .mapToDouble(x -> x.get("observed_blackout_ms").asDouble()).toArray();
        assertThat(hour.get("observed_blackout_ms").get("count").asInt()).isEqualTo(blackouts.length);
        // p95 by nearest rank: a blackout some migration had, with 95 % of them at or below it and fewer below it.
        double p95 = hour.get("observed_blackout_ms").get("p95").asDouble();
        assertThat(blackouts).contains(p95);
        assertThat((double) Arrays.stream(blackouts).filter(v -> v <= p95).count()).isGreaterThanOrEqualTo(0.95 * blackouts.length);
        assertThat((double) Arrays.stream(blackouts).filter(v -> v < p95).count()).isLessThan(0.95 * blackouts.length);
        assertThat(hour.get("migration_time_ms").get("p50").asDouble()).isPositive();

        // The wave view follows the summaries through a repartition and an aggregation: it may trail them a moment.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(live.get("/api/fleet", TOKEN).json().get("wave").path("ended").asInt()).isEqualTo(expected.size()));
        JsonNode wave = live.get("/api/fleet", TOKEN).json().get("wave");
        assertThat(wave.get("wave_id").asText()).isEqualTo("apitest-w1");
        assertThat(wave.get("completed").asInt()).isEqualTo((int) completed);
        assertThat(wave.get("in_flight").asInt()).isZero();
        assertThat(wave.get("queued").asInt()).isZero();
        assertThat(wave.get("clusters")).isNotEmpty();
        wave.get("clusters").forEach(c -> {
            assertThat(c.get("limit").asInt()).isEqualTo(5);
            assertThat(c.get("peak_in_flight").asInt()).isBetween(1, 5);
        });
    }

    private static void badRequests(LiveApi live) throws Exception {
        expectError(live, "/api/fleet?recent=0", 400, "recent=0 must be an integer from 1 to 100");
        expectError(live, "/api/fleet?recent=all", 400, "recent=all must be an integer");
        expectError(live, "/api/migrations/no-such-migration", 404, "no migration no-such-migration");
        expectError(live, "/api/migrations?state=sideways", 400, "state=sideways is not one of");
        expectError(live, "/api/alerts?limit=lots", 400, "limit=lots must be an integer");
        expectError(live, "/api/alerts?state=angry", 400, "is not one of");
        expectError(live, "/api/migrations/bad%01id", 400, "printable");
        expectError(live, "/api/waves/no-such-wave", 404, "no wave");
        expectError(live, "/api/internal/views/secrets", 404, "no view secrets");
        expectError(live, "/api/nothing-here", 404, "no such resource");
        expectError(live, "/api/internal/series/series-probes/vm-00001?from=yesterday&to=1", 400, "from=yesterday must be");
        expectError(live, "/api/internal/series/series-probes/vm-00001?from=0", 400, "to=null must be");
        expectError(live, "/api/internal/series/secrets/vm-00001?from=0&to=1", 404, "no series secrets");
    }

    private static void expectError(LiveApi live, String path, int status, String message) throws Exception {
        LiveApi.Reply r = live.get(path, TOKEN);
        assertThat(r.status()).as(path).isEqualTo(status);
        assertThat(r.json().get("status").asInt()).as(path).isEqualTo(status);
        assertThat(r.json().get("message").asText()).as(path).contains(message);
    }

    private static void metrics(LiveApi live) throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String text = live.get("/metrics", TOKEN).body();
            assertThat(text).contains("migscope_migrations_in_flight{phase=\"precopy\"}")
                    .contains("migscope_alerts_firing{kind=\"NON_CONVERGING\"}")
                    .contains("kafka_stream_thread_")
                    .containsPattern("migscope_observed_blackout_seconds_count [1-9]");
        });
    }
}
