package io.migscope.embedded;

import io.migscope.registry.RegistryServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JUnit 5 fixture: one broker and one schema registry per test JVM, handed to tests as a {@link KafkaStack}
 * parameter, and PostgreSQL on request (an {@link EmbeddedDatabase} parameter). With a Docker engine it runs the {@code apache/kafka} image through Testcontainers; without one (or
 * without Testcontainers on the classpath) it runs the in-process KRaft broker.
 *
 * <pre>{@code
 * @ExtendWith(MigscopeKafkaExtension.class)
 * class MyTest {
 *     @Test void works(KafkaStack stack) { ... stack.bootstrapServers() ... stack.registryUrl() ... }
 * }
 * }</pre>
 */
public final class MigscopeKafkaExtension implements ParameterResolver {
    private static final Logger LOG = LoggerFactory.getLogger(MigscopeKafkaExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MigscopeKafkaExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KafkaStack.class || type == EmbeddedDatabase.class;
    }

    /** A {@link KafkaStack} parameter starts the broker and registry; an {@link EmbeddedDatabase} one, PostgreSQL. */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        if (parameter.getParameter().getType() == EmbeddedDatabase.class) {
            return store.getOrComputeIfAbsent(Database.class, k -> Database.start(), Database.class).database;
        }
        return store.getOrComputeIfAbsent(Running.class, k -> Running.start(), Running.class).stack;
    }

    /** PostgreSQL, started on request once per test JVM in a fresh directory. */
    private record Database(EmbeddedDatabase database) implements ExtensionContext.Store.CloseableResource {
        static Database start() {
            try {
                return new Database(EmbeddedDatabase.start(Files.createTempDirectory("migscope-pg-").resolve("data"), 0));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary directory for PostgreSQL", e);
            }
        }

        @Override
        public void close() {
            database.close();
        }
    }

    /** The started stack; JUnit closes it when the root context (the test JVM's run) ends. */
    private static final class Running implements ExtensionContext.Store.CloseableResource {
        private final KafkaStack stack;
        private final AutoCloseable broker;
        private final RegistryServer registry;

        private Running(KafkaStack stack, AutoCloseable broker, RegistryServer registry) {
            this.stack = stack;
            this.broker = broker;
            this.registry = registry;
        }

        static Running start() {
            long t0 = System.nanoTime();
            boolean docker = testcontainersPresent() && ContainerKafka.dockerAvailable();
            AutoCloseable broker;
            String bootstrap;
            if (docker) {
                ContainerKafka c = ContainerKafka.start();
                broker = c;
                bootstrap = c.bootstrapServers();
            } else {
                EmbeddedKafka k = EmbeddedKafka.start(tempDir(), 0);
                broker = k;
                bootstrap = k.bootstrapServers();
            }
            RegistryServer registry = new RegistryServer();
            String url = registry.start(bootstrap, 0);
            String mode = docker ? "testcontainers" : "in-process";
            LOG.info("test stack ({} broker, image {}) up in {} ms: kafka {} registry {}", mode,
                    docker ? ContainerKafka.IMAGE : "none", (System.nanoTime() - t0) / 1_000_000, bootstrap, url);
            return new Running(new KafkaStack(bootstrap, url, mode), broker, registry);
        }

        @Override
        public void close() throws Exception {
            registry.close();
            broker.close();
            if (broker instanceof EmbeddedKafka k) {
                // A fresh directory per test JVM: nothing in it is worth keeping.
                org.apache.kafka.common.utils.Utils.delete(k.dataDir().toFile());
            }
        }

        private static boolean testcontainersPresent() {
            try {
                Class.forName("org.testcontainers.DockerClientFactory", false, MigscopeKafkaExtension.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }

        private static Path tempDir() {
            try {
                return Files.createTempDirectory("migscope-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary directory for the embedded broker", e);
            }
        }
    }
}
