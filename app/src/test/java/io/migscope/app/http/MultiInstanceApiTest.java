package io.migscope.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.producers.simulator.MigrationExpectation;
import io.migscope.streams.query.QueryViews;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the application (one application id, two state directories, two HTTP ports announced as
 * {@code application.server}) share the partitions: a request to either one is answered for every migration,
 * forwarded to the instance that owns it, and bad ids or parameters get 400 or 404 JSON through both.
 */
@ExtendWith(MigscopeKafkaExtension.class)
class MultiInstanceApiTest {
    private static final String TOKEN = "two-instances";

    @Test
    void eitherInstanceAnswersForEveryMigrationAndRejectsBadRequests(KafkaStack stack, @TempDir Path dir) throws Exception {
        String name = "multi";
        try (LiveApi.Node b = LiveApi.Node.start(stack, LiveApi.config(name), name + "-app", dir.resolve("b"), null,
                name, TOKEN);
             LiveApi a = new LiveApi(stack, null, dir.resolve("a"), name, TOKEN, 0)) {
            List<MigrationExpectation> expected = a.sim.expectations();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() ->
                    json(a.api, "/api/migrations?state=recent").size() == expected.size()
                            && json(b.api(), "/api/migrations?state=recent").size() == expected.size());

            Set<Integer> owners = new HashSet<>();
            for (MigrationExpectation e : expected) {
                owners.add(owner(a.pipeline.streams(), e.migrationId()));
                sameAnswerThroughBoth(a.api, b.api(), e);
            }
            assertThat(owners).as("each instance owns some migrations").containsExactlyInAnyOrder(a.api.port(),
                    b.api().port());
            assertThat(json(a.api, "/api/alerts?state=all").size()).isPositive()
                    .isEqualTo(json(b.api(), "/api/alerts?state=all").size());
            String wave = name + "-w1";
            assertThat(json(a.api, "/api/waves/" + wave)).isEqualTo(json(b.api(), "/api/waves/" + wave));
            for (ApiServer api : List.of(a.api, b.api())) {
                badRequests(api);
            }
        }
    }

    /** Through A and through B: the same views, series and alerts, whichever instance holds them. */
    private void sameAnswerThroughBoth(ApiServer a, ApiServer b, MigrationExpectation e) throws Exception {
        JsonNode viaA = json(a, "/api/migrations/" + e.migrationId());
        JsonNode viaB = json(b, "/api/migrations/" + e.migrationId());
        assertThat(viaA.get("summary").get("outcome").asText()).as(e.migrationId()).isEqualTo(e.outcome());
        assertThat(viaA.get("rtt").size()).as(e.migrationId()).isPositive();
        assertThat(viaA.get("wire").size()).as(e.migrationId()).isPositive();
        for (String field : List.of("timeline", "downtime", "summary", "convergence", "rtt", "wire", "as_of_us")) {
            assertThat(viaB.get(field)).as(e.migrationId() + " " + field).isEqualTo(viaA.get(field));
        }
        assertThat(new HashSet<>(list(viaB.get("alerts")))).isEqualTo(new HashSet<>(list(viaA.get("alerts"))));
    }

    private static void badRequests(ApiServer api) throws Exception {
        for (String path : List.of("/api/migrations/no-such-migration", "/api/waves/no-such-wave",
                "/api/internal/views/secrets", "/api/internal/views/view-timelines/no-such-key",
                "/api/internal/series/secrets/vm-1?from=0&to=1", "/api/no-such-endpoint")) {
            expect(api, path, 404);
        }
        for (String path : List.of("/api/migrations?state=sideways", "/api/alerts?state=angry", "/api/alerts?limit=0",
                "/api/rollups?limit=lots", "/api/waves?limit=-3", "/api/migrations/bad%01id",
                "/api/migrations/" + "x".repeat(300), "/api/internal/series/series-probes/vm-1?from=-1&to=5",
                "/api/internal/series/series-links/a%3C-%3Eb?from=0&to=soon", "/api/rollups?dimension=%01")) {
            expect(api, path, 400);
        }
    }

    private static void expect(ApiServer api, String path, int status) throws Exception {
        HttpResponse<String> r = get(api, path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(status);
        JsonNode body = new LiveApi.Reply(r.statusCode(), r.body()).json();
        assertThat(body.get("status").asInt()).as(path).isEqualTo(status);
        assertThat(body.get("message").asText()).as(path).isNotBlank();
    }

    private static int owner(KafkaStreams streams, String id) {
        return streams.queryMetadataForKey(QueryViews.TIMELINES, id, Serdes.String().serializer()).activeHost().port();
    }

    private JsonNode json(ApiServer api, String path) throws Exception {
        HttpResponse<String> r = get(api, path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return new LiveApi.Reply(r.statusCode(), r.body()).json();
    }

    private static HttpResponse<String> get(ApiServer api, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .header("Authorization", "Bearer " + TOKEN).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
