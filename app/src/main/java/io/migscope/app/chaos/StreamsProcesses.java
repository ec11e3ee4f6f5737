package io.migscope.app.chaos;

import io.migscope.config.Keys;
import io.migscope.embedded.EmbeddedDatabase;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Starts {@code migscope streams} instances as child processes for one chaos run: the run's configuration, topics,
 * application id, run name and sink, each instance with its own state directory, HTTP port and log under the
 * run's directory. The configuration goes in an owner-only file, so no secret appears on a command line.
 */
final class StreamsProcesses {
    /**
     * A cold JVM plus Kafka Streams start-up and, after a SIGKILL under exactly-once (no checkpoint: every task is
     * corrupted and restored from its changelog), the whole restore, on a machine busy with the broker and the run.
     * The chaos report logs how long each restart took; this only bounds a child that hangs.
     */
    static final Duration START_LIMIT = Duration.ofSeconds(300);
    /**
     * How soon the group notices a killed instance (the consumer default is 45 s; 6 s is the broker's minimum). A
     * SIGKILLed member never leaves the group, so until then a restarted instance waits for its partitions.
     */
    static final String SESSION_TIMEOUT_MS = "6000";

    private StreamsProcesses() {
    }

    static ChildStreams start(ChaosContext ctx, String name) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(ctx.runDir().resolve(name));
        Path config = writeConfig(ctx, dir.resolve("migscope.properties"));
        List<String> args = List.of("--config", config.toString(),
                "--bootstrap", ctx.target().bootstrapServers(), "--registry", ctx.target().registryUrl(),
                "--run-name", ctx.target().runName());
        return ChildStreams.start(new ChildStreams.Spec(name, dir.resolve("state"), dir.resolve("streams.log"), args,
                Map.of()), START_LIMIT);
    }

    private static Path writeConfig(ChaosContext ctx, Path file) throws IOException {
        Properties p = new Properties();
        p.putAll(ctx.config().values());
        p.put(Keys.APPLICATION_ID.name(), ctx.target().applicationId());
        p.put(Keys.HTTP_PORT.name(), "0");
        p.put("kafka.session.timeout.ms", SESSION_TIMEOUT_MS);
        p.put("kafka.heartbeat.interval.ms", "1500");
        if (ctx.target().database() != null) {
            EmbeddedDatabase db = ctx.stack().database();
            p.put(Keys.JDBC_URL.name(), db.jdbcUrl());
            p.put(Keys.JDBC_USER.name(), db.user());
            p.put(Keys.JDBC_PASSWORD.name(), db.password());
        }
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "migscope chaos: configuration of this run's streams instances");
        }
        return file;
    }
}
