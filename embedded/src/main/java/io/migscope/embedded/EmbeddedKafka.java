package io.migscope.embedded;

import io.migscope.embedded.security.BrokerSecurity;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft broker and controller in one process) from the kafka_2.13 jar. Data lives
 * under a directory the caller chooses; starting again on the same directory keeps every topic, because the
 * storage is formatted only once and the cluster id is kept in {@code cluster.id}.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(Path.of(".migscope/kafka"), 0)) {
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER = "CONTROLLER";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** Written by a broker that shut down cleanly; without it the next start runs log recovery. */
    private static final String CLEAN_SHUTDOWN_MARKER = ".kafka_cleanshutdown";

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final BrokerSecurity security;
    private KafkaRaftServer server;

    private EmbeddedKafka(Path dataDir, int port, int controllerPort, BrokerSecurity security) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.security = security;
    }

    /**
     * Starts a broker on {@code dataDir}, formatting it first if it is new.
     *
     * @param port the client port; 0 picks a free one (kept across {@link #restart()})
     */
    public static EmbeddedKafka start(Path dataDir, int port) {
        return start(dataDir, port, null);
    }

    /**
     * As {@link #start(Path, int)}, with a SASL_SSL listener, SCRAM-SHA-512 and ACLs when {@code security} is not
     * null. A directory first formatted without security has no admin credential: use a separate one.
     */
    public static EmbeddedKafka start(Path dataDir, int port, BrokerSecurity security) {
        EmbeddedKafka k = new EmbeddedKafka(dataDir.toAbsolutePath(), port == 0 ? freePort() : port, freePort(), security);
        k.startServer();
        return k;
    }

    /** The broker's security, or null for a plaintext broker. */
    public BrokerSecurity security() {
        return security;
    }

    /** Client properties of the super user: plaintext, or SASL_SSL as {@code admin}. */
    public Properties adminProperties() {
        if (security != null) {
            return security.clientProperties(bootstrapServers(), BrokerSecurity.ADMIN);
        }
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops and starts the broker on the same directory and port. */
    public void restart() {
        stopServer();
        startServer();
    }

    /**
     * A crash and restart, as far as one process can play it: the broker stops, then its clean-shutdown markers are
     * removed, so the next start recovers the logs, producer state and transactions as after a kill -9.
     */
    public void restartHard() {
        stop(true);
        startServer();
    }

    /** Stops the broker (clients get connection refused) until {@link #start()}; {@code hard} as in {@link #restartHard()}. */
    public void stop(boolean hard) {
        stopServer();
        if (hard) {
            forgetCleanShutdown();
        }
    }

    /** Starts the stopped broker again on the same directory and port. Does nothing when it is running. */
    public void start() {
        if (server == null) {
            startServer();
        }
    }

    private void forgetCleanShutdown() {
        try (var files = Files.walk(logDir(), 1)) {
            for (Path f : files.filter(f -> f.getFileName().toString().equals(CLEAN_SHUTDOWN_MARKER)).toList()) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the clean-shutdown marker in " + logDir(), e);
        }
    }

    @Override
    public void close() {
        stopServer();
    }

    private void startServer() {
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(logDir());
            KafkaConfig config = KafkaConfig.fromProps(brokerProperties(), false);
            formatOnce();
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dataDir, e);
        }
        awaitReady();
        LOG.info("embedded Kafka {} ready on {} in {} ms (data {})", Kafka.VERSION, bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), dataDir);
    }

    private void stopServer() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Formats the log directory once; the cluster id file makes the next start reuse it. */
    private void formatOnce() {
        if (Files.exists(logDir().resolve("meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(clusterId())
                    .setDirectories(List.of(logDir().toString()))
                    .setMetadataLogDirectory(logDir().toString())
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setControllerListenerName(CONTROLLER)
                    .setIgnoreFormatted(true)
                    .setScramArguments(security == null ? List.of() : security.scramBootstrap())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + logDir() + ": " + e.getMessage(), e);
        }
    }

    private String clusterId() throws IOException {
        Path file = dataDir.resolve("cluster.id");
        if (Files.exists(file)) {
            return Files.readString(file).strip();
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(file, id);
        return id;
    }

    private Properties brokerProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        // A static one-voter quorum: the controller port may change between runs without reformatting.
        if (security != null) {
            p.putAll(security.brokerProperties(port, controllerPort, CONTROLLER));
        }
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("log.dirs", logDir().toString());
        // Single node: every internal topic has one replica, and few partitions so start-up stays fast.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        return p;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(adminProperties())) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("embedded Kafka on " + bootstrapServers() + " not ready after "
                                + READY_TIMEOUT.toSeconds() + " s", e);
                    }
                }
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the embedded broker", e);
        }
    }

    private Path logDir() {
        return dataDir.resolve("logs");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    /** The Kafka version of the running classes, for the log line. */
    private static final class Kafka {
        static final String VERSION = org.apache.kafka.common.utils.AppInfoParser.getVersion();
    }
}
