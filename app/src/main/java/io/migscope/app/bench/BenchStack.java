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
    private Path dir;
    private EmbeddedStack stack;

    BenchStack(MigscopeConfig config) {
        this.config = config;
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
