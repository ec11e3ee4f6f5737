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
            alerts(live, stuck);
            wavesAndRollups(live);
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

    private static void badRequests(LiveApi live) throws Exception {
        expectError(live, "/api/migrations/no-such-migration", 404, "no migration no-such-migration");
        expectError(live, "/api/migrations?state=sideways", 400, "state=sideways is not one of");
        expectError(live, "/api/alerts?limit=lots", 400, "limit=lots must be an integer");
        expectError(live, "/api/alerts?state=angry", 400, "is not one of");
        expectError(live, "/api/migrations/bad%01id", 400, "printable");
        expectError(live, "/api/waves/no-such-wave", 404, "no wave");
        expectError(live, "/api/internal/views/secrets", 404, "no view secrets");
        expectError(live, "/api/nothing-here", 404, "no such resource");
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
