package io.migscope.app;

import io.migscope.avro.Alert;
import io.migscope.avro.AlertState;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.MigrationTimeline;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.security.ComponentAcls;
import io.migscope.streams.TopologySerdes;
import io.migscope.topics.TopicNames;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Prints what the pipeline concludes, as it concludes it: alerts as they fire and resolve, one line per ended
 * migration (observed blackout next to reported downtime), and a status line of what is in flight.
 */
public final class LiveConsole implements Runnable, AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicNames topics;
    private final TopologySerdes serdes;
    private final PrintStream out;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, String> inFlight = new TreeMap<>();
    private final Map<String, MigrationSummary> ended = new TreeMap<>();
    private final Map<String, Alert> firing = new TreeMap<>();
    private Consumer<Long> firstRecord = t -> { };
    private boolean seenFirst;
    private long lastStatus;

    public LiveConsole(MigscopeConfig config, String bootstrapServers, TopicNames topics, TopologySerdes serdes, PrintStream out) {
        Properties p = config.kafkaProperties(bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, ComponentAcls.liveGroupPrefix(config.get(Keys.APPLICATION_ID)) + "console-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumer = new KafkaConsumer<>(p);
        this.topics = topics;
        this.serdes = serdes;
        this.out = out;
    }

    /** Called once, with the wall-clock time (ms) the first output record was seen. */
    public void onFirstRecord(Consumer<Long> callback) {
        this.firstRecord = callback;
    }

    @Override
    public void run() {
        consumer.subscribe(List.of(topics.timelines(), topics.summaries(), topics.alerts()));
        try {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (!seenFirst) {
                        seenFirst = true;
                        firstRecord.accept(System.currentTimeMillis());
                    }
                    handle(r);
                }
                maybeStatus();
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    private void handle(ConsumerRecord<String, byte[]> r) {
        if (r.topic().equals(topics.timelines())) {
            MigrationTimeline t = serdes.timelines().deserializer().deserialize(r.topic(), r.value());
            if (t.getFinal$()) {
                inFlight.remove(t.getMigrationId());
            } else if (!t.getPhases().isEmpty()) {
                inFlight.put(t.getMigrationId(), t.getPhases().get(t.getPhases().size() - 1).getName());
            }
        } else if (r.topic().equals(topics.summaries())) {
            MigrationSummary s = serdes.summaries().deserializer().deserialize(r.topic(), r.value());
            ended.put(s.getMigrationId(), s);
            out.println(Tables.summaryLine(s));
        } else {
            alert(serdes.alerts().deserializer().deserialize(r.topic(), r.value()));
        }
    }

    private void alert(Alert a) {
        if (a.getState() == AlertState.FIRING) {
            firing.put(a.getAlertId(), a);
            out.printf(Locale.ROOT, "ALERT   %-19s %s  %s%s%n", a.getKind(), a.getMigrationId(), a.getEvidence(),
                    a.getSecondsLeftBeforeDeadline() == null ? ""
                            : String.format(Locale.ROOT, "  [%.0f s before the platform deadline]",
                            a.getSecondsLeftBeforeDeadline()));
        } else {
            firing.remove(a.getAlertId());
            out.printf(Locale.ROOT, "RESOLVED %-18s %s  %s%n", a.getKind(), a.getMigrationId(), a.getEvidence());
        }
    }

    private void maybeStatus() {
        long now = System.currentTimeMillis();
        if (now - lastStatus < 5_000) {
            return;
        }
        lastStatus = now;
        Map<String, Integer> byPhase = new TreeMap<>();
        inFlight.values().forEach(p -> byPhase.merge(p, 1, Integer::sum));
        out.printf(Locale.ROOT, "-- in flight: %d %s | ended: %d | alerts firing: %d%n", inFlight.size(), byPhase,
                ended.size(), firing.size());
    }

    /** The summaries seen so far, by migration id. */
    public Map<String, MigrationSummary> ended() {
        return ended;
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
    }
}
