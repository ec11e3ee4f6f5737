package io.migscope.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.sse.SseClient;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.security.ComponentAcls;
import io.migscope.json.RecordJson;
import io.migscope.streams.TopologySerdes;
import io.migscope.topics.TopicNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live changes for the page and the metrics: a consumer of the output topics (committed records only, from now on)
 * that sends each record to every Server-Sent-Events client as {@code event: <kind>}, {@code data: {key, value}}.
 */
public final class LiveFeed implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Kind> kinds;
    private final FleetMetrics metrics;
    private final Set<SseClient> clients = new CopyOnWriteArraySet<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private record Kind(String event, Deserializer<? extends IndexedRecord> deserializer) {
    }

    public LiveFeed(MigscopeConfig config, String bootstrapServers, TopicNames topics, TopologySerdes serdes, FleetMetrics metrics) {
        Properties p = config.kafkaProperties(bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, ComponentAcls.liveGroupPrefix(config.get(Keys.APPLICATION_ID)) + "feed-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumer = new KafkaConsumer<>(p);
        this.metrics = metrics;
        this.kinds = Map.of(topics.timelines(), new Kind("timeline", serdes.timelines().deserializer()),
                topics.downtime(), new Kind("downtime", serdes.downtime().deserializer()),
                topics.alerts(), new Kind("alert", serdes.alerts().deserializer()),
                topics.summaries(), new Kind("summary", serdes.summaries().deserializer()),
                topics.waves(), new Kind("wave", serdes.waves().deserializer()),
                topics.deadLetters(), new Kind("dead-letter", serdes.deadLetters().deserializer()));
        this.thread = new Thread(this, "migscope-live-feed");
        this.thread.setDaemon(true);
    }

    public LiveFeed start() {
        thread.start();
        return this;
    }

    /** A new SSE client: kept open until it disconnects. */
    public void attach(SseClient client) {
        clients.add(client);
        client.onClose(() -> clients.remove(client));
        client.sendEvent("hello", "{\"clients\":" + clients.size() + "}");
        client.keepAlive();
    }

    public int clients() {
        return clients.size();
    }

    @Override
    public void run() {
        consumer.subscribe(List.copyOf(kinds.keySet()));
        try {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                    handle(r);
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    private void handle(ConsumerRecord<String, byte[]> r) {
        Kind kind = kinds.get(r.topic());
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("key", r.key());
        try {
            IndexedRecord value = r.value() == null ? null : kind.deserializer().deserialize(r.topic(), r.value());
            JsonNode json = value == null ? JsonNodeFactory.instance.nullNode() : RecordJson.toJson(value);
            data.set("value", json);
            if (value != null && kind.event().equals("summary")) {
                metrics.onSummary(json);
            } else if (value != null && kind.event().equals("dead-letter")) {
                metrics.onDeadLetter(json);
            }
        } catch (RuntimeException e) {
            // The streams application already sent unreadable records to the dead-letter topic; here, just say so.
            LOG.warn("live feed: cannot read {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return;
        }
        String text = data.toString();
        for (SseClient c : clients) {
            if (c.terminated()) {
                clients.remove(c);
            } else {
                c.sendEvent(kind.event(), text);
            }
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        clients.forEach(SseClient::close);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
