package io.migscope.cli;

import io.migscope.config.ConfigException;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The configuration options every subcommand shares: one file, then the environment, then {@code --set}. */
public final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (properties). Default: $MIGSCOPE_CONFIG if set.")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one configuration key (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** Builds and validates the configuration; fails fast, naming the bad key. */
    public MigscopeConfig load(Map<String, String> commandOverrides) {
        MigscopeConfig.Builder b = MigscopeConfig.builder();
        Path f = file != null ? file : envFile();
        if (f != null) {
            b.file(f);
        }
        b.environment(System.getenv());
        overrides.forEach(b::set);
        commandOverrides.forEach(b::set);
        return b.build();
    }

    /** These options as command-line arguments again, for a child process that should run with the same ones. */
    public List<String> asArguments() {
        List<String> args = new ArrayList<>();
        if (file != null) {
            args.addAll(List.of("--config", file.toString()));
        }
        overrides.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        return args;
    }

    /** {@code --bootstrap}, else {@code kafka.bootstrap.servers}; fails naming the key when neither is set. */
    static String bootstrap(String flag, MigscopeConfig config) {
        String servers = flag != null ? flag : config.kafkaProperties().getProperty("bootstrap.servers");
        if (servers == null || servers.isBlank()) {
            throw new ConfigException("kafka.bootstrap.servers", "not set: pass --bootstrap or set the key");
        }
        return servers;
    }

    /** {@code --registry}, else {@code registry.url}; fails naming the key when neither is set. */
    static String registry(String flag, MigscopeConfig config) {
        String url = flag != null ? flag : config.get(Keys.REGISTRY_URL);
        if (url == null || url.isBlank()) {
            throw new ConfigException(Keys.REGISTRY_URL.name(), "not set: pass --registry or set the key");
        }
        return url;
    }

    private static Path envFile() {
        String env = System.getenv("MIGSCOPE_CONFIG");
        return env == null || env.isBlank() ? null : Path.of(env);
    }
}
