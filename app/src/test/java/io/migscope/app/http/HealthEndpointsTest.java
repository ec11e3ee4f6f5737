package io.migscope.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probes a kubelet sends to {@code migscope streams} (deploy/kubernetes): liveness answers while the process
 * serves HTTP; readiness follows Kafka Streams' own state, and neither needs the API token.
 */
@ExtendWith(MigscopeKafkaExtension.class)
class HealthEndpointsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void readinessFollowsTheStreamsStateWithoutAToken(KafkaStack stack, @TempDir Path dir) throws Exception {
        try (ApiServer api = ApiServer.start(new ApiSettings("127.0.0.1", 0, "secret-token"))) {
            String base = "http://127.0.0.1:" + api.port();
            assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);
            assertThat(get(base + "/api/alerts").statusCode()).as("the token still guards the API").isEqualTo(401);
            expectReady(base, 503, false, "STARTING");

            KafkaStreams streams = new KafkaStreams(topology(stack, "health-in"), props(stack, dir));
            api.attach(streams, null);
            expectReady(base, 503, false, "CREATED");
            streams.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
            expectReady(base, 200, true, "RUNNING");

            streams.close(Duration.ofSeconds(30));
            expectReady(base, 503, false, "NOT_RUNNING");
            assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anAdvertisedHostIsWhatOtherInstancesAreToldToCall() {
        try (ApiServer api = ApiServer.start(new ApiSettings("0.0.0.0", 0, null, "migscope-streams-1.migscope-streams"))) {
            assertThat(api.applicationServer()).isEqualTo("migscope-streams-1.migscope-streams:" + api.port());
        }
        try (ApiServer api = ApiServer.start(new ApiSettings("127.0.0.1", 0, null, " "))) {
            assertThat(api.applicationServer()).isEqualTo("127.0.0.1:" + api.port());
        }
    }

    private void expectReady(String base, int status, boolean ready, String state) throws Exception {
        HttpResponse<String> r = get(base + "/health/ready");
        JsonNode body = MAPPER.readTree(r.body());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(body.path("ready").asBoolean()).isEqualTo(ready);
        assertThat(body.path("state").asText()).isEqualTo(state);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static org.apache.kafka.streams.Topology topology(KafkaStack stack, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            }
        }
        StreamsBuilder b = new StreamsBuilder();
        b.stream(topic).foreach((k, v) -> { });
        return b.build();
    }

    private static Properties props(KafkaStack stack, Path dir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "health-" + System.nanoTime());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        return p;
    }
}
