package io.migscope.config;

import io.migscope.hosts.HostInventory;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * migscope's configuration: one properties file, then environment overrides, then explicit overrides (CLI flags).
 *
 * <p>An environment variable {@code MIGSCOPE_TOPICS_PREFIX} overrides {@code topics.prefix}; dots become
 * underscores. Kafka client properties pass through under {@code kafka.} ({@code MIGSCOPE_KAFKA_SASL_MECHANISM}).
 * Values may read secrets with {@code ${env:VAR}} or {@code ${file:PATH}}. An unknown or invalid key fails at
 * once, naming the key.
 */
public final class MigscopeConfig {
    /** Environment variables with the MIGSCOPE_ prefix that are not configuration keys. */
    private static final Set<String> NOT_KEYS = Set.of("MIGSCOPE_REQUIRE_SYSTEM_TESTS", "MIGSCOPE_TEST",
            "MIGSCOPE_HOME", "MIGSCOPE_JAVA_OPTS", "MIGSCOPE_CONFIG");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");

    private final Map<String, String> values;

    private MigscopeConfig(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** Defaults only. */
    public static MigscopeConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public String get(ConfigKey key) {
        String v = values.get(key.name());
        return v != null ? v : key.defaultValue();
    }

    public Optional<String> find(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public int getInt(ConfigKey key) {
        return Integer.parseInt(get(key));
    }

    public long getLong(ConfigKey key) {
        return Long.parseLong(get(key));
    }

    public double getDouble(ConfigKey key) {
        return Double.parseDouble(get(key));
    }

    public boolean getBoolean(ConfigKey key) {
        return Boolean.parseBoolean(get(key));
    }

    public Duration getDuration(ConfigKey key) {
        return Durations.parse(get(key));
    }

    /** A per-cluster duration, falling back to the fleet-wide key. */
    public Duration clusterDuration(String cluster, ConfigKey perCluster, ConfigKey fleetWide) {
        if (cluster != null) {
            String v = values.get(perCluster.name().replace("*", cluster));
            if (v != null) {
                return Durations.parse(v);
            }
        }
        return getDuration(fleetWide);
    }

    public boolean isSet(ConfigKey key) {
        String v = values.get(key.name());
        return v != null && !v.isEmpty();
    }

    /** The {@code kafka.*} pass-through properties with the prefix removed. */
    public Properties kafkaProperties() {
        Properties p = new Properties();
        values.forEach((k, v) -> {
            if (k.startsWith(Keys.KAFKA_PREFIX)) {
                p.put(k.substring(Keys.KAFKA_PREFIX.length()), v);
            }
        });
        return p;
    }

    /**
     * The {@code kafka.*} pass-through properties (security settings among them) with {@code bootstrap.servers}
     * set: the base of every Kafka client migscope creates.
     */
    public Properties kafkaProperties(String bootstrapServers) {
        Properties p = kafkaProperties();
        p.put("bootstrap.servers", bootstrapServers);
        return p;
    }

    /**
     * Every key set by a file, the environment or an override, with references already resolved: for handing the
     * same configuration to a child process (secrets included, so never log it; {@link #toString()} masks them).
     */
    public Map<String, String> values() {
        return values;
    }

    /** A copy with more overrides applied (validated the same way). */
    public MigscopeConfig with(Map<String, String> overrides) {
        Builder b = builder();
        b.values.putAll(values);
        overrides.forEach(b::set);
        return b.build();
    }

    /** The values for logs: secrets are masked. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(k).append('=').append(isSecret(k) ? "******" : v).append('\n'));
        return sb.toString();
    }

    static boolean isSecret(String key) {
        String k = key.toLowerCase();
        return k.contains("password") || k.contains("token") || k.contains("secret") || k.contains("jaas")
                || Keys.ALL.stream().anyMatch(c -> c.secret() && c.matches(key));
    }

    /** Collects values from a file, the environment and explicit overrides, then validates them all. */
    public static final class Builder {
        private final Map<String, String> values = new TreeMap<>();

        public Builder file(Path path) {
            if (!Files.isRegularFile(path)) {
                throw new ConfigException("--config", "file not found: " + path);
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(path)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException("--config", "cannot read " + path + ": " + e.getMessage());
            }
            p.stringPropertyNames().forEach(k -> set(k.trim(), p.getProperty(k).trim()));
            return this;
        }

        public Builder environment(Map<String, String> env) {
            env.forEach((name, value) -> {
                if (name.startsWith("MIGSCOPE_") && !NOT_KEYS.contains(name)) {
                    set(name.substring("MIGSCOPE_".length()).toLowerCase().replace('_', '.'), value);
                }
            });
            return this;
        }

        public Builder set(String key, String value) {
            values.put(key, value);
            return this;
        }

        public MigscopeConfig build() {
            Map<String, String> resolved = new TreeMap<>();
            values.forEach((k, v) -> resolved.put(k, resolve(k, v)));
            resolved.forEach(Builder::validate);
            MigscopeConfig config = new MigscopeConfig(resolved);
            // Across keys: one address claimed by two hosts fails here, naming both keys.
            HostInventory.from(config);
            return config;
        }

        private static void validate(String key, String value) {
            if (key.startsWith(Keys.KAFKA_PREFIX)) {
                if (key.length() == Keys.KAFKA_PREFIX.length()) {
                    throw new ConfigException(key, "a kafka.* key needs a Kafka client property name after the prefix");
                }
                return;
            }
            ConfigKey known = Keys.ALL.stream().filter(c -> c.matches(key)).findFirst()
                    .orElseThrow(() -> new ConfigException(key, "unknown key" + suggestion(key)));
            if (!value.isEmpty()) {
                known.validate(key, value);
            }
        }

        private static String suggestion(String key) {
            return Keys.ALL.stream().map(ConfigKey::name)
                    .filter(n -> n.regionMatches(0, key, 0, Math.min(5, Math.min(n.length(), key.length()))))
                    .findFirst().map(n -> " (did you mean '" + n + "'?)").orElse(" (see the configuration reference in README.md)");
        }

        private static String resolve(String key, String value) {
            Matcher m = REFERENCE.matcher(value);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(lookup(key, m.group(1), m.group(2))));
            }
            m.appendTail(out);
            return out.toString();
        }

        private static String lookup(String key, String kind, String name) {
            if (kind.equals("env")) {
                String v = System.getenv(name);
                if (v == null) {
                    throw new ConfigException(key, "environment variable " + name + " is not set");
                }
                return v;
            }
            try {
                return Files.readString(Path.of(name)).strip();
            } catch (IOException e) {
                throw new ConfigException(key, "cannot read secret file " + name + ": " + e.getMessage());
            }
        }
    }
}
