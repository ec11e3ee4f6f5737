package io.migscope.cli;

import io.migscope.config.MigscopeConfig;
import picocli.CommandLine.Option;

/** Where the Kafka cluster and its schema registry are, for the commands that talk to a running cluster. */
public final class ClusterOptions {
    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (default: kafka.bootstrap.servers)")
    String bootstrap;

    @Option(names = "--registry", paramLabel = "URL", description = "Schema registry URL (default: registry.url)")
    String registry;

    /** {@code --bootstrap}, else {@code kafka.bootstrap.servers}; fails naming the key when neither is set. */
    String bootstrap(MigscopeConfig config) {
        return ConfigOptions.bootstrap(bootstrap, config);
    }

    /** {@code --registry}, else {@code registry.url}; fails naming the key when neither is set. */
    String registry(MigscopeConfig config) {
        return ConfigOptions.registry(registry, config);
    }
}
