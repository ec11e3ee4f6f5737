package io.migscope.cli;

import io.migscope.app.Pipeline;
import io.migscope.app.SinkService;
import io.migscope.config.ConfigException;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.sink.SinkDataSources;
import io.migscope.topics.TopicNames;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Writes the pipeline's outputs (summaries, timelines, downtime reports, rollups, alerts, waves) into PostgreSQL,
 * idempotently. The password comes from {@code jdbc.password}, e.g. {@code MIGSCOPE_JDBC_PASSWORD} or
 * {@code ${env:PGPASSWORD}} in the configuration file, never from the command line.
 */
@Command(name = "sink", mixinStandardHelpOptions = true,
        description = "Upsert summaries, timelines, downtime, rollups, alerts and waves into PostgreSQL (Flyway schema).",
        footer = "Example: MIGSCOPE_JDBC_PASSWORD=... migscope sink --bootstrap kafka:9092 --registry http://sr:8081"
                + " --jdbc-url jdbc:postgresql://db:5432/migscope --set jdbc.user=migscope")
public final class SinkCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions configOptions;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "PostgreSQL JDBC URL (default: jdbc.url)")
    String jdbcUrl;

    @Option(names = "--run-name", defaultValue = "live", description = "Written into every row (default: ${DEFAULT-VALUE})")
    String runName;

    @Override
    public Integer call() throws Exception {
        MigscopeConfig config = configOptions.load(jdbcUrl == null ? Map.of() : Map.of(Keys.JDBC_URL.name(), jdbcUrl));
        String servers = cluster.bootstrap(config);
        if (!config.isSet(Keys.JDBC_URL)) {
            throw new ConfigException(Keys.JDBC_URL.name(), "not set: pass --jdbc-url or set the key");
        }
        String url = cluster.registry(config);
        TopicNames topics = TopicNames.from(config);
        try (var db = SinkDataSources.pooled(config.get(Keys.JDBC_URL), config.get(Keys.JDBC_USER),
                config.get(Keys.JDBC_PASSWORD));
             SinkService sink = SinkService.start(config, servers, topics, Pipeline.serdes(config, url), db,
                     config.get(Keys.APPLICATION_ID) + "-sink", runName)) {
            Runtime.getRuntime().addShutdownHook(new Thread(sink::close, "sink-shutdown"));
            System.out.println("migscope sink: " + topics.prefix() + "* -> " + config.get(Keys.JDBC_URL) + " (run " + runName + ")");
            sink.join();
        }
        return 0;
    }
}
