package io.migscope.cli;

import io.migscope.config.ConfigException;
import io.migscope.config.Keys;
import io.migscope.registry.RegistryServer;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the schema registry standalone: the Confluent REST API, schemas kept in a compacted Kafka topic. */
@Command(name = "registry", mixinStandardHelpOptions = true,
        description = "Serve the Confluent Schema Registry REST API, storing schemas in a compacted Kafka topic.")
public final class RegistryCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (default: kafka.bootstrap.servers)")
    String bootstrap;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Bind address (default: ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--port", defaultValue = "8081", description = "Port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--topic", defaultValue = RegistryServer.DEFAULT_TOPIC, description = "Storage topic (default: ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--user", description = "Require basic auth with this user; the password is registry.basic.password"
            + " (e.g. $MIGSCOPE_REGISTRY_BASIC_PASSWORD or ${file:PATH}); registry.bearer.token, when set, is accepted too")
    String user;

    @Override
    public Integer call() throws InterruptedException {
        var config = configOptions.load(Map.of());
        String servers = ConfigOptions.bootstrap(bootstrap, config);
        if (user != null && !config.isSet(Keys.REGISTRY_PASSWORD)) {
            throw new ConfigException(Keys.REGISTRY_PASSWORD.name(), "--user needs a password (MIGSCOPE_REGISTRY_BASIC_PASSWORD)");
        }
        String password = user == null ? null : config.get(Keys.REGISTRY_PASSWORD);
        String token = config.isSet(Keys.REGISTRY_TOKEN) ? config.get(Keys.REGISTRY_TOKEN) : null;
        CountDownLatch stop = new CountDownLatch(1);
        try (RegistryServer server = new RegistryServer(topic, user, password, token)) {
            // The _schemas log's clients take the kafka.* settings: SASL_SSL, SCRAM, truststore.
            String url = server.start(config.kafkaProperties(servers), bind, port);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "registry-shutdown"));
            System.out.println("migscope registry serving at " + url + " (topic " + topic + "); Ctrl-C stops it");
            stop.await();
        }
        return 0;
    }
}
