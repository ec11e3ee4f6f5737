package io.migscope.app.bench;

import io.migscope.app.Pipeline;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.EmbeddedStack;
import io.migscope.embedded.TopicAdmin;
import io.migscope.streams.TopologySerdes;
import io.migscope.topics.TopicNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;

/**
 * One embedded stack (broker, registry, PostgreSQL) shared by the Kafka scenarios of a bench run, started on first
 * use; each scenario gets its own topics and application id on it, so no scenario reads another's records.
 */
final class BenchStack implements AutoCloseable {
    private final MigscopeConfig config;
    private final Path keepDir;
    private Path dir;
    private EmbeddedStack stack;

    /** @param keepDir where the scenarios' working directories stay after the run; null: removed with the stack */
    BenchStack(MigscopeConfig config, Path keepDir) {
        this.config = config;
        this.keepDir = keepDir;
    }

    MigscopeConfig config() {
        return config;
    }

    EmbeddedStack stack() throws Exception {
        if (stack == null) {
            dir = Files.createTempDirectory("migscope-bench-");
            stack = EmbeddedStack.start(dir, 0, 0, true);
        }
        return stack;
    }

    /** Fresh topics (created) and a fresh application id for one scenario; its sink rows carry run name "bench". */
    Pipeline.Target target(String scenario) throws Exception {
        EmbeddedStack s = stack();
        TopicNames topics = new TopicNames("bench." + scenario + ".");
        TopicAdmin.createAll(s.bootstrapServers(), config.with(Map.of(Keys.TOPICS_PREFIX.name(), topics.prefix())));
        return new Pipeline.Target(s.bootstrapServers(), s.registryUrl(), topics, "migscope-bench-" + scenario,
                dir.resolve("streams-" + scenario), s.database().dataSource(), "bench");
    }

    /** A working directory for one scenario (a child JVM's state, log and GC log), kept only with a keep dir. */
    Path scenarioDir(String scenario) throws Exception {
        stack();
        // Stamped: state left by an earlier run must never meet this run's fresh broker.
        return Files.createDirectories(keepDir != null
                ? keepDir.resolve(scenario + "-" + java.time.LocalDateTime.now().withNano(0).toString().replace(':', '-'))
                : dir.resolve(scenario));
    }

    TopologySerdes serdes() throws Exception {
        return Pipeline.serdes(config, stack().registryUrl());
    }

    @Override
    public void close() {
        if (stack != null) {
            stack.close();
            try {
                Utils.delete(dir.toFile());
            } catch (java.io.IOException e) {
                // a temporary directory: the OS cleans it eventually
            }
        }
    }
}
