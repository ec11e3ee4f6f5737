package io.migscope.embedded;

import io.migscope.registry.RegistryServer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole embedded stack under one work directory: a KRaft broker, the schema registry on its {@code _schemas}
 * topic, and (on request) PostgreSQL. Everything keeps its data there, so a restart finds topics, schema ids and
 * rows again. PostgreSQL starts in parallel with the broker.
 */
public final class EmbeddedStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);

    private final EmbeddedKafka kafka;
    private final RegistryServer registry;
    private final EmbeddedDatabase database;
    private final String registryUrl;

    private EmbeddedStack(EmbeddedKafka kafka, RegistryServer registry, String registryUrl, EmbeddedDatabase database) {
        this.kafka = kafka;
        this.registry = registry;
        this.registryUrl = registryUrl;
        this.database = database;
    }

    /**
     * @param kafkaPort    0 for a free port
     * @param registryPort 0 for a free port
     * @param withDatabase start PostgreSQL too
     */
    public static EmbeddedStack start(Path workDir, int kafkaPort, int registryPort, boolean withDatabase) {
        long t0 = System.nanoTime();
        CompletableFuture<EmbeddedDatabase> db = withDatabase
                ? CompletableFuture.supplyAsync(() -> EmbeddedDatabase.start(workDir.resolve("postgres"), 0))
                : CompletableFuture.completedFuture(null);
        EmbeddedKafka kafka = EmbeddedKafka.start(workDir.resolve("kafka"), kafkaPort);
        RegistryServer registry = new RegistryServer();
        String url = registry.start(kafka.bootstrapServers(), registryPort);
        EmbeddedDatabase database = db.join();
        LOG.info("embedded stack up in {} ms under {}", (System.nanoTime() - t0) / 1_000_000, workDir);
        return new EmbeddedStack(kafka, registry, url, database);
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String registryUrl() {
        return registryUrl;
    }

    /** The database, or null when the stack was started without one. */
    public EmbeddedDatabase database() {
        return database;
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    @Override
    public void close() {
        registry.close();
        kafka.close();
        if (database != null) {
            database.close();
        }
    }
}
