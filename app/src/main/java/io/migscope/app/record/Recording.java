package io.migscope.app.record;

import io.migscope.app.ProgressBars;
import io.migscope.app.replay.RecordsFormat;
import io.migscope.app.replay.RunManifest;
import io.migscope.streams.TopologySerdes;
import io.migscope.topics.TopicNames;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import me.tongfei.progressbar.ProgressBar;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code migscope record}: a window of the live input topics captured as a recorded run, {@code records.jsonl} (the
 * {@code records} source format) plus a {@code run.yaml} naming it, so {@code migscope replay} can run it again.
 */
public final class Recording {
    /** The logical input names a user may pass, in the order records of equal event time are written. */
    public static final List<String> LOGICAL = List.of("signals", "links");

    private Recording() {
    }

    /** The inputs for a comma-separated list of logical names; an unknown name fails naming the expected ones. */
    public static List<WindowReader.Input> inputs(TopicNames topics, TopologySerdes serdes, List<String> names) {
        Map<String, WindowReader.Input> all = new LinkedHashMap<>();
        all.put("signals", new WindowReader.Input("signals", topics.signals(), serdes.signals().deserializer()));
        all.put("links", new WindowReader.Input("links", topics.links(), serdes.links().deserializer()));
        List<WindowReader.Input> out = new ArrayList<>();
        for (String n : names) {
            WindowReader.Input in = all.get(n.trim());
            if (in == null) {
                throw new IllegalArgumentException("--topics: unknown topic '" + n + "'; expected some of " + LOGICAL);
            }
            if (!out.contains(in)) {
                out.add(in);
            }
        }
        return out;
    }

    /** Reads the window (committed records only) with a consumer of its own that joins no group. */
    public static WindowReader.Result read(Properties kafka, String bootstrap, List<WindowReader.Input> inputs,
                                           Instant from, Instant to, boolean progress) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p);
             ProgressBar bar = ProgressBars.create("record", 0, progress)) {
            return WindowReader.read(consumer, inputs, from, to, bar);
        }
    }

    /** Writes {@code records.jsonl} and {@code run.yaml} into {@code dir}; the manifest says where they came from. */
    public static void write(Path dir, String name, String origin, List<WindowReader.Captured> records)
            throws IOException {
        Files.createDirectories(dir);
        try (Writer w = Files.newBufferedWriter(dir.resolve("records.jsonl"), StandardCharsets.UTF_8)) {
            for (WindowReader.Captured r : records) {
                w.write(RecordsFormat.line(r.value()));
                w.write('\n');
            }
        }
        Files.writeString(dir.resolve("run.yaml"), "# Recorded by migscope record: " + origin + "\n"
                + "name: " + name + "\n"
                + "sources:\n"
                + "  - {format: " + RunManifest.RECORDS + ", file: records.jsonl}\n", StandardCharsets.UTF_8);
    }

    /** A run name from a directory name: what a topic prefix may hold, everything else becomes '-'. */
    public static String nameFor(Path dir) {
        String n = dir.toAbsolutePath().normalize().getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "-");
        return n.isEmpty() ? "recorded" : n;
    }
}
