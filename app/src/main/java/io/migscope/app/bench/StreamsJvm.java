package io.migscope.app.bench;

import io.migscope.app.Pipeline;
import io.migscope.app.chaos.ChildStreams;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.EmbeddedDatabase;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code migscope streams} in its own JVM, as production runs it: every topology under exactly_once_v2, the
 * PostgreSQL sink, the HTTP API and its live feed, with {@code -Xmx1g} and a GC log from which its heap is read
 * ({@link GcLog}). The bench JVM, which holds the broker and the pre-generated load, is then never what is weighed.
 */
final class StreamsJvm implements AutoCloseable {
    /** The heap the target names; options given to the bench come after it, so they can change it. */
    static final String HEAP = "-Xmx1g";
    /** A cold JVM, Kafka Streams start-up and the first rebalance, on a busy machine: not a function of the load. */
    private static final Duration START_LIMIT = Duration.ofSeconds(300);

    private final ChildStreams child;
    private final Path gcLog;
    /** The heap and the bench's own options (the GC log's path is not worth reporting). */
    private final List<String> options;

    private StreamsJvm(ChildStreams child, Path gcLog, List<String> options) {
        this.child = child;
        this.gcLog = gcLog;
        this.options = options;
    }

    /**
     * Starts the child on the target's topics, application id and run name, and waits until it is RUNNING.
     *
     * @param jvmOptions added after {@link #HEAP} (for example {@code -XX:StartFlightRecording=filename=s.jfr})
     */
    static StreamsJvm start(MigscopeConfig config, Pipeline.Target target, EmbeddedDatabase db, Path dir,
                            List<String> jvmOptions) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path gcLog = dir.resolve("gc.log");
        List<String> options = new ArrayList<>(List.of(HEAP, "-Xlog:gc,gc+heap+exit:file=" + gcLog));
        options.addAll(jvmOptions);
        List<String> args = List.of("--config", writeConfig(config, target, db, dir.resolve("migscope.properties")).toString(),
                "--bootstrap", target.bootstrapServers(), "--registry", target.registryUrl(),
                "--run-name", target.runName());
        // ChildStreams puts its own -Xmx on the command line (the chaos harness's size); HotSpot reads _JAVA_OPTIONS
        // after the command line, so these options win.
        ChildStreams child = ChildStreams.start(new ChildStreams.Spec("bench-streams", dir.resolve("state"),
                dir.resolve("streams.log"), args, Map.of("_JAVA_OPTIONS", String.join(" ", options))), START_LIMIT);
        List<String> reported = new ArrayList<>(List.of(HEAP));
        reported.addAll(jvmOptions);
        return new StreamsJvm(child, gcLog, List.copyOf(reported));
    }

    boolean isAlive() {
        return child.isAlive();
    }

    /** The child's last lines, for a failure message. */
    String tail() {
        return child.tail();
    }

    /** Stops the child (SIGTERM, a clean close) and reads its heap from the GC log it wrote up to its exit. */
    GcLog.Heap stop() throws IOException, InterruptedException {
        int exit = child.stop(Duration.ofSeconds(60));
        if (exit != 0) {
            throw new BenchFailure("the streams JVM did not stop cleanly (exit " + exit + "); last output:\n"
                    + child.tail());
        }
        return GcLog.read(Files.readAllLines(gcLog, StandardCharsets.UTF_8));
    }

    /** The heap figures under the names of the JSON. */
    Map<String, Object> figures(GcLog.Heap heap) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("streams_heap_peak_mb", heap.peakMb());
        out.put("streams_heap_after_gc_peak_mb", heap.afterGcPeakMb());
        out.put("streams_heap_max_mb", heap.capacityMb());
        out.put("streams_gc_pauses", heap.pauses());
        out.put("streams_full_gcs", heap.fullPauses());
        out.put("streams_jvm_options", String.join(" ", options));
        return out;
    }

    /** The bench's configuration for this target, with the sink's database, in an owner-only file (it has secrets). */
    private static Path writeConfig(MigscopeConfig config, Pipeline.Target target, EmbeddedDatabase db, Path file)
            throws IOException {
        Properties p = new Properties();
        p.putAll(config.values());
        p.put(Keys.TOPICS_PREFIX.name(), target.topics().prefix());
        p.put(Keys.APPLICATION_ID.name(), target.applicationId());
        p.put(Keys.HTTP_PORT.name(), "0");
        p.put(Keys.JDBC_URL.name(), db.jdbcUrl());
        p.put(Keys.JDBC_USER.name(), db.user());
        p.put(Keys.JDBC_PASSWORD.name(), db.password());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "migscope bench: the streams JVM's configuration");
        }
        return file;
    }

    @Override
    public void close() {
        child.close();
    }
}
