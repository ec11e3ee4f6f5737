package io.migscope.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.migscope.app.Pipeline;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.EmbeddedDatabase;
import io.migscope.embedded.KafkaStack;
import io.migscope.producers.publish.Publisher;
import io.migscope.producers.simulator.FleetSimulator;
import io.migscope.producers.simulator.Pacer;
import io.migscope.producers.simulator.SimulatedRecord;
import io.migscope.producers.simulator.SimulationSpec;
import io.migscope.topics.TopicNames;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * Test fixture: the pipeline on the embedded stack with the HTTP API in front of it, and the demo's simulated fleet
 * published through the real publisher, paced (so migrations are in flight while a test looks) or all at once.
 */
final class LiveApi implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    final Node node;
    final ApiServer api;
    final Pipeline pipeline;
    final Publisher publisher;
    final FleetSimulator sim;
    final MigscopeConfig config;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread feeder;

    /** One instance of the application: its streams, the HTTP API in front of them, and the live feed. */
    record Node(ApiServer api, Pipeline pipeline, LiveFeed feed) implements AutoCloseable {
        /** Starts an instance under {@code applicationId}; without a database it runs no sink. */
        static Node start(KafkaStack stack, MigscopeConfig config, String applicationId, Path stateDir,
                          EmbeddedDatabase db, String runName, String token) {
            TopicNames topics = TopicNames.from(config);
            ApiServer api = ApiServer.start(new ApiSettings("127.0.0.1", 0, token));
            Pipeline.Target target = new Pipeline.Target(stack.bootstrapServers(), stack.registryUrl(), topics,
                    applicationId, stateDir, db == null ? null : db.dataSource(), runName);
            Pipeline pipeline = Pipeline.start(config, target, api.applicationServer());
            LiveFeed feed = new LiveFeed(config, stack.bootstrapServers(), topics, Pipeline.serdes(config, stack.registryUrl()),
                    api.metrics()).start();
            api.attach(pipeline.streams(), feed);
            return new Node(api, pipeline, feed);
        }

        @Override
        public void close() {
            feed.close();
            pipeline.close();
            api.close();
        }
    }

    /** Response status and body. */
    record Reply(int status, String body) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    /** @param speed event-time speed of the simulator; 0 publishes everything at once */
    LiveApi(KafkaStack stack, EmbeddedDatabase db, Path dir, String name, String token, double speed) throws Exception {
        this(stack, db, dir, name, token, speed, UnaryOperator.identity());
    }

    /** @param shape changes the demo fleet's simulation (the wave is always {@code name-w1}) */
    LiveApi(KafkaStack stack, EmbeddedDatabase db, Path dir, String name, String token, double speed,
            UnaryOperator<SimulationSpec.Builder> shape) throws Exception {
        config = config(name);
        node = Node.start(stack, config, name + "-app", dir.resolve("state"), db, name, token);
        api = node.api();
        pipeline = node.pipeline();
        publisher = new Publisher(config, stack.bootstrapServers(), stack.registryUrl(), dir.resolve("spool"));
        sim = new FleetSimulator(shape.apply(SimulationSpec.demo(3, System.currentTimeMillis() * 1000L).toBuilder())
                .wave(name + "-w1").build());
        Pacer pacer = speed > 0 ? Pacer.atSpeed(speed) : null;
        feeder = new Thread(() -> feed(pacer), name + "-simulator");
        feeder.setDaemon(true);
        feeder.start();
    }

    private void feed(Pacer pacer) {
        try {
            for (SimulatedRecord r : sim) {
                if (stop.get()) {
                    return;
                }
                if (pacer != null) {
                    pacer.await(r.timestampUs());
                }
                publisher.publish(r.value());
            }
            publisher.flush();
            // The input ends: every migration is summarised with what its VM sent.
            io.migscope.app.StreamTime.endCaptures(publisher, sim);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The test configuration: topics under {@code name.}, 3 s baseline and recovery windows. */
    static MigscopeConfig config(String name) {
        return MigscopeConfig.builder().set("topics.prefix", name + ".")
                .set("correlation.recovery", "3s").set("correlation.baseline", "3s").build();
    }

    String url(String path) {
        return "http://127.0.0.1:" + api.port() + path;
    }

    Reply get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    @Override
    public void close() throws Exception {
        stop.set(true);
        feeder.join(5_000);
        publisher.close();
        node.close();
    }
}
