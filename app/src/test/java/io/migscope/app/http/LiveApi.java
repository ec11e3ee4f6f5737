package io.migscope.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.migscope.app.Pipeline;
import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.PingSample;
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

/**
 * Test fixture: the pipeline on the embedded stack with the HTTP API in front of it, and the demo's simulated fleet
 * published through the real publisher, paced (so migrations are in flight while a test looks) or all at once.
 */
final class LiveApi implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    final ApiServer api;
    final Pipeline pipeline;
    final LiveFeed feed;
    final Publisher publisher;
    final FleetSimulator sim;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread feeder;

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
        MigscopeConfig config = MigscopeConfig.builder().set("topics.prefix", name + ".")
                .set("correlation.recovery", "3s").set("correlation.baseline", "3s").build();
        TopicNames topics = TopicNames.from(config);
        api = ApiServer.start(new ApiSettings("127.0.0.1", 0, token));
        Pipeline.Target target = new Pipeline.Target(stack.bootstrapServers(), stack.registryUrl(), topics,
                name + "-app", dir.resolve("state"), db.dataSource(), name);
        pipeline = Pipeline.start(config, target, api.applicationServer());
        feed = new LiveFeed(config, stack.bootstrapServers(), topics, Pipeline.serdes(config, stack.registryUrl()), api.metrics()).start();
        api.attach(pipeline.streams(), feed);
        publisher = new Publisher(config, stack.bootstrapServers(), stack.registryUrl(), dir.resolve("spool"));
        sim = new FleetSimulator(SimulationSpec.demo(3, System.currentTimeMillis() * 1000L).toBuilder().wave(name + "-w1").build());
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
                switch (r.topicKind()) {
                    case EVENT -> publisher.publish((MigrationEvent) r.value());
                    case PING -> publisher.publish((PingSample) r.value());
                    default -> publisher.publish((LinkSample) r.value());
                }
            }
            publisher.flush();
            // Past the last migration's 3 s recovery window on every partition, so every summary is written.
            io.migscope.app.StreamTime.advanceEveryPartition(publisher,
                    MigscopeConfig.defaults().getInt(io.migscope.config.Keys.TOPICS_PARTITIONS),
                    sim.lastTimestampUs() + 10_000_000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
        feed.close();
        publisher.close();
        pipeline.close();
        api.close();
    }
}
