package io.migscope.embedded;

import io.migscope.serde.RegistrySettings;
import java.util.Map;

/**
 * A running broker and schema registry, as the test fixture hands them to tests.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param registryUrl      schema registry base URL
 * @param mode             {@code in-process} or {@code testcontainers}
 */
public record KafkaStack(String bootstrapServers, String registryUrl, String mode) {

    /** Confluent-style serde config ({@code schema.registry.url}). */
    public Map<String, Object> serdeConfig() {
        return Map.of(RegistrySettings.URL_CONFIG, registryUrl);
    }
}
