package io.migscope.embedded;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The Testcontainers path of the fixture. Only this class touches Testcontainers, and only after the fixture has
 * checked that the optional dependency is on the classpath.
 */
final class ContainerKafka implements AutoCloseable {
    static final String IMAGE = "apache/kafka:4.3.1";

    private final KafkaContainer container;

    private ContainerKafka(KafkaContainer container) {
        this.container = container;
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static ContainerKafka start() {
        KafkaContainer c = new KafkaContainer(IMAGE);
        c.start();
        return new ContainerKafka(c);
    }

    String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
