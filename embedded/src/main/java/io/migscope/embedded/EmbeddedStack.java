package io.migscope.embedded;

import io.migscope.config.ConfigException;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.security.BrokerSecurity;
import io.migscope.embedded.security.ComponentAcls.Component;
import io.migscope.embedded.security.ScramUsers;
import io.migscope.registry.RegistryServer;
import io.migscope.topics.TopicNames;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole embedded stack under one work directory: a KRaft broker, the schema registry on its {@code _schemas}
 * topic, and (on request) PostgreSQL. Everything keeps its data there, so a restart finds topics, schema ids and
 * rows again. PostgreSQL starts in parallel with the broker; with {@link Options} the schema migration runs as soon as
 * PostgreSQL answers and the topics are created while the registry starts, so a start costs about as long as the
 * broker's alone. {@link #readyAt()} tells when each part answered.
 *
 * <p>With {@code embedded.security=sasl_ssl} the broker listens with SASL_SSL and SCRAM-SHA-512 and enforces
 * ACLs: each component gets its own user with {@link io.migscope.embedded.security.ComponentAcls}, the registry
 * requires basic auth, and {@link #clientConfig(Component)} gives the configuration a component runs with.
 */
public final class EmbeddedStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);
    private static final String REGISTRY_HTTP_USER = "migscope";
    /** The name under which the registry's basic-auth password is kept with the broker's secrets. */
    private static final String REGISTRY_SECRET = "registry-http";

    private final EmbeddedKafka kafka;
    private final RegistryServer registry;
    private final EmbeddedDatabase database;
    private final String registryUrl;
    private final StartTimes startTimes;

    /**
     * What a start does besides the broker and the registry.
     *
     * @param database   start PostgreSQL too, in parallel with the broker
     * @param topics     create the topics of the configuration ({@code topics.*}) in one admin call, in parallel with
     *                   the registry's start (a secured stack always does)
     * @param onDatabase runs as soon as PostgreSQL answers, while the broker still starts: the schema migration
     */
    public record Options(boolean database, boolean topics, Consumer<EmbeddedDatabase> onDatabase) {
        static final Consumer<EmbeddedDatabase> NOTHING = d -> { };
        public static final Options BROKER_ONLY = new Options(false, false, NOTHING);
        public static final Options WITH_DATABASE = new Options(true, false, NOTHING);

        public Options {
            Objects.requireNonNull(onDatabase, "onDatabase");
        }

        public Options withTopics() {
            return new Options(database, true, onDatabase);
        }

        public Options onDatabase(Consumer<EmbeddedDatabase> hook) {
            return new Options(true, topics, hook);
        }
    }

    private EmbeddedStack(EmbeddedKafka kafka, RegistryServer registry, String registryUrl, EmbeddedDatabase database,
                          StartTimes startTimes) {
        this.kafka = kafka;
        this.registry = registry;
        this.registryUrl = registryUrl;
        this.database = database;
        this.startTimes = startTimes;
    }

    /**
     * @param kafkaPort    0 for a free port
     * @param registryPort 0 for a free port
     * @param withDatabase start PostgreSQL too
     */
    public static EmbeddedStack start(Path workDir, int kafkaPort, int registryPort, boolean withDatabase) {
        return start(MigscopeConfig.defaults().with(Map.of(Keys.EMBEDDED_KAFKA_PORT.name(), String.valueOf(kafkaPort),
                Keys.EMBEDDED_REGISTRY_PORT.name(), String.valueOf(registryPort))), workDir, withDatabase);
    }

    /** Starts the stack as {@code embedded.*} in {@code config} says, with topics and users as it names them. */
    public static EmbeddedStack start(MigscopeConfig config, Path workDir, boolean withDatabase) {
        return start(config, workDir, withDatabase ? Options.WITH_DATABASE : Options.BROKER_ONLY);
    }

    /**
     * As {@link #start(MigscopeConfig, Path, boolean)}, with what {@code options} adds overlapping the broker's start:
     * the database's schema migrated while the broker starts, and the topics created while the registry starts.
     */
    public static EmbeddedStack start(MigscopeConfig config, Path workDir, Options options) {
        boolean secure = secure(config);
        StartTimes times = new StartTimes();
        CompletableFuture<EmbeddedDatabase> db = options.database()
                ? CompletableFuture.supplyAsync(() -> startDatabase(workDir, options, times), thread("stack-postgres"))
                : CompletableFuture.completedFuture(null);
        int kafkaPort = config.getInt(Keys.EMBEDDED_KAFKA_PORT);
        // A secured broker has its own storage: its admin credential is written when the storage is formatted.
        EmbeddedKafka kafka;
        try {
            kafka = secure
                    ? EmbeddedKafka.start(workDir.resolve("kafka-sasl"), kafkaPort, BrokerSecurity.prepare(workDir.resolve("security")))
                    : EmbeddedKafka.start(workDir.resolve("kafka"), kafkaPort);
        } catch (RuntimeException e) {
            closeWhenStarted(db);
            throw e;
        }
        times.mark("kafka");
        // The secured path creates the topics itself, before it provisions the users that need them.
        CompletableFuture<Void> topics = options.topics() && !secure
                ? CompletableFuture.runAsync(() -> createTopics(config, kafka, times), thread("stack-topics"))
                : CompletableFuture.completedFuture(null);
        RegistryServer registry = secure ? secureRegistry(config, kafka) : new RegistryServer();
        String url = registry.start(registryConnection(kafka), "127.0.0.1", config.getInt(Keys.EMBEDDED_REGISTRY_PORT));
        times.mark("registry");
        EmbeddedDatabase database;
        try {
            topics.join();
            database = db.join();
        } catch (CompletionException e) {
            registry.close();
            kafka.close();
            closeWhenStarted(db);
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        EmbeddedStack stack = new EmbeddedStack(kafka, registry, url, database, times);
        LOG.info("embedded stack up in {} ms under {}{}: {}", times.sinceStartMs(), workDir,
                secure ? " (SASL_SSL, SCRAM-SHA-512, ACLs)" : "", times);
        return stack;
    }

    private static EmbeddedDatabase startDatabase(Path workDir, Options options, StartTimes times) {
        EmbeddedDatabase database = EmbeddedDatabase.start(workDir.resolve("postgres"), 0);
        times.mark("postgres");
        try {
            options.onDatabase().accept(database);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        if (options.onDatabase() != Options.NOTHING) {
            times.mark("schema");
        }
        return database;
    }

    private static void createTopics(MigscopeConfig config, EmbeddedKafka kafka, StartTimes times) {
        try (Admin admin = Admin.create(kafka.adminProperties())) {
            TopicAdmin.createAll(admin, TopicNames.from(config), config.getInt(Keys.TOPICS_PARTITIONS),
                    (short) config.getInt(Keys.TOPICS_REPLICATION));
        }
        times.mark("topics");
    }

    /** A thread of its own: the common pool has a single thread on two cores, and these tasks wait on I/O. */
    private static Executor thread(String name) {
        return task -> new Thread(task, name).start();
    }

    /** Stops a database that started after all, when the start failed elsewhere; nothing leaks past a failed start. */
    private static void closeWhenStarted(CompletableFuture<EmbeddedDatabase> db) {
        db.thenAccept(d -> {
            if (d != null) {
                d.close();
            }
        });
    }

    private static boolean secure(MigscopeConfig config) {
        String mode = config.get(Keys.EMBEDDED_SECURITY).strip().toLowerCase();
        return switch (mode) {
            case "none", "" -> false;
            case "sasl_ssl" -> true;
            default -> throw new ConfigException(Keys.EMBEDDED_SECURITY.name(), "unknown value '" + mode + "' (expected none or sasl_ssl)");
        };
    }

    /** Creates the topics, the component users and their ACLs as the super user, then locks the registry. */
    private static RegistryServer secureRegistry(MigscopeConfig config, EmbeddedKafka kafka) {
        BrokerSecurity security = kafka.security();
        try (Admin admin = Admin.create(kafka.adminProperties())) {
            TopicNames topics = TopicNames.from(config);
            TopicAdmin.createAll(admin, topics, config.getInt(Keys.TOPICS_PARTITIONS), (short) config.getInt(Keys.TOPICS_REPLICATION));
            ScramUsers.provision(admin, security, topics, config.get(Keys.APPLICATION_ID));
        }
        return new RegistryServer(RegistryServer.DEFAULT_TOPIC, REGISTRY_HTTP_USER, security.password(REGISTRY_SECRET));
    }

    private static Properties registryConnection(EmbeddedKafka kafka) {
        return kafka.security() == null ? kafka.adminProperties()
                : kafka.security().clientProperties(kafka.bootstrapServers(), Component.REGISTRY.user());
    }

    /**
     * The configuration overrides {@code component} runs with on this stack: on a secured stack its own SCRAM user
     * and the truststore ({@code kafka.*}) and the registry's basic auth, secrets as {@code ${file:PATH}}; on a
     * plaintext stack nothing.
     */
    public Map<String, String> clientConfig(Component component) {
        BrokerSecurity security = kafka.security();
        if (security == null) {
            return Map.of();
        }
        Map<String, String> m = new LinkedHashMap<>(security.migscopeConfig(component.user()));
        m.putAll(registryAuth(security));
        return m;
    }

    /** As {@link #clientConfig(Component)} for the super user: topic administration and replays. */
    public Map<String, String> adminConfig() {
        BrokerSecurity security = kafka.security();
        if (security == null) {
            return Map.of();
        }
        Map<String, String> m = new LinkedHashMap<>(security.migscopeConfig(BrokerSecurity.ADMIN));
        m.putAll(registryAuth(security));
        return m;
    }

    private static Map<String, String> registryAuth(BrokerSecurity security) {
        security.password(REGISTRY_SECRET);
        return Map.of(Keys.REGISTRY_USER.name(), REGISTRY_HTTP_USER,
                Keys.REGISTRY_PASSWORD.name(), "${file:" + security.passwordFile(REGISTRY_SECRET) + "}");
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

    /**
     * When each part of the stack answered (epoch milliseconds), in the order they did: {@code postgres},
     * {@code schema} (the {@link Options#onDatabase()} hook done), {@code kafka}, {@code topics}, {@code registry}.
     */
    public Map<String, Long> readyAt() {
        return startTimes.readyAt();
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
