package io.migscope.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.PingSample;
import io.migscope.config.ConfigException;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.EmbeddedDatabase;
import io.migscope.embedded.EmbeddedStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.embedded.security.BrokerSecurity;
import io.migscope.embedded.security.ComponentAcls.Component;
import io.migscope.producers.publish.Publisher;
import io.migscope.producers.simulator.FleetSimulator;
import io.migscope.producers.simulator.SimulationSpec;
import io.migscope.serde.RegistryClient;
import io.migscope.serde.RegistryException;
import io.migscope.serde.RegistrySettings;
import io.migscope.topics.TopicNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * migscope on an authenticated, encrypted cluster: one embedded stack with {@code embedded.security=sasl_ssl}
 * (SASL_SSL, SCRAM-SHA-512, ACLs, a registry behind basic auth) for the whole class. Each component runs as its
 * own user with only its own ACLs; wrong or missing credentials fail at once; no secret reaches a log line or
 * stdout (Kafka's and migscope's INFO logs are captured while the class runs).
 */
@ExtendWith(MigscopeKafkaExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureKafkaTest {
    private static final List<String> CAPTURED_LOGGERS = List.of("org.apache.kafka", "kafka", "io.migscope");
    private static final Duration NO_HANG = Duration.ofSeconds(40);

    @TempDir
    static Path work;
    private static EmbeddedStack stack;
    private static MigscopeConfig base;
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
    private static final Map<String, Level> LEVELS = new HashMap<>();
    private static final ByteArrayOutputStream STDOUT = new ByteArrayOutputStream();
    private static PrintStream originalOut;
    private static PrintStream originalErr;

    @BeforeAll
    static void startSecureStack() {
        captureLogsAndStdout();
        base = MigscopeConfig.builder().set(Keys.EMBEDDED_SECURITY.name(), "sasl_ssl")
                .set(Keys.TOPICS_PARTITIONS.name(), "2")
                .set("correlation.recovery", "3s").set("correlation.baseline", "3s").build();
        stack = EmbeddedStack.start(base, work.resolve("stack"), false);
    }

    @AfterAll
    static void stopSecureStack() {
        if (stack != null) {
            stack.close();
        }
        restoreLogsAndStdout();
    }

    @Test
    @Order(1)
    void thePipelineRunsWithEachComponentsOwnUser(EmbeddedDatabase db) throws Exception {
        MigscopeConfig streams = as(Component.STREAMS);
        MigscopeConfig collector = as(Component.COLLECTOR);
        // What an operator would see if a component printed its configuration: secrets masked.
        System.out.println("streams configuration:\n" + streams + "collector configuration:\n" + collector);
        TopicNames topics = TopicNames.from(streams);
        FleetSimulator sim = new FleetSimulator(SimulationSpec.demo(2, System.currentTimeMillis() * 1000L)
                .toBuilder().wave("secure").build());
        Pipeline.Target target = new Pipeline.Target(stack.bootstrapServers(), stack.registryUrl(), topics,
                streams.get(Keys.APPLICATION_ID), work.resolve("state"), db.dataSource(), "secure");
        try (Pipeline pipeline = Pipeline.start(streams, target, null, as(Component.SINK));
             Publisher publisher = new Publisher(collector, stack.bootstrapServers(), stack.registryUrl(), work.resolve("spool"))) {
            sim.run(r -> publisher.publish(r.value()));
            // The input ends: every migration is summarised with what its VM sent.
            StreamTime.endCaptures(publisher, sim);
            await().atMost(Duration.ofSeconds(90)).until(() -> rows(db) == sim.expectations().size());
            assertThat(publisher.counters().dropped()).isZero();
            assertThat(publisher.counters().spooled()).isZero();
        }
    }

    @Test
    @Order(2)
    void aClientWithoutCredentialsIsRefusedNamingTheKeyToSet() {
        Pipeline.Target target = target("nocreds");
        // A plaintext client on a TLS listener only sees disconnects: it gives up after BrokerCheck's timeout.
        assertTimeoutPreemptively(NO_HANG, () -> assertThatThrownBy(() -> Pipeline.start(MigscopeConfig.defaults(), target))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.security.protocol").hasMessageContaining("no answer"));
        Map<String, String> withoutLogin = new HashMap<>(stack.clientConfig(Component.STREAMS));
        withoutLogin.remove("kafka.sasl.jaas.config");
        MigscopeConfig saslWithoutLogin = base.with(withoutLogin);
        assertTimeoutPreemptively(NO_HANG, () -> assertThatThrownBy(() -> Pipeline.start(saslWithoutLogin, target))
                .isInstanceOf(ConfigException.class).hasMessageContaining("JAAS"));
    }

    @Test
    @Order(3)
    void aWrongPasswordIsRefusedAtOnce() throws IOException {
        Path wrong = Files.writeString(work.resolve("wrong.password"), "not-the-password");
        MigscopeConfig config = as(Component.STREAMS).with(Map.of("kafka.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"migscope-streams\""
                        + " password=\"${file:" + wrong + "}\";"));
        assertTimeoutPreemptively(NO_HANG, () -> assertThatThrownBy(() -> Pipeline.start(config, target("wrong")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.sasl.jaas.config").hasMessageContaining("refused authentication"));

        MigscopeConfig collector = as(Component.COLLECTOR).with(Map.of("kafka.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"migscope-collector\""
                        + " password=\"${file:" + wrong + "}\";"));
        assertTimeoutPreemptively(NO_HANG, () -> {
            try (Publisher p = new Publisher(collector, stack.bootstrapServers(), stack.registryUrl(), work.resolve("spool-wrong"))) {
                p.publish(PingSample.newBuilder().setVm("vm-x").setTarget("192.0.2.1").setSeq(1).setSeqRaw(1)
                        .setSentTimeUs(1L).setObservedTimeUs(1L).setRttUs(1L).setStatus(io.migscope.avro.PingStatus.REPLY).build());
                await().atMost(NO_HANG).until(() -> p.counters().dropped() == 1);
                assertThat(p.counters().sent()).isZero();
            }
        });
        assertThat(logText()).contains("Authentication failed");
    }

    @Test
    @Order(4)
    void eachComponentCanDoOnlyWhatItMust() {
        TopicNames topics = TopicNames.from(base);
        // The collector writes the inputs, but reads nothing back.
        send(Component.COLLECTOR, topics.signals());
        assertThatThrownBy(() -> poll(Component.COLLECTOR, topics.summaries(), "migscope-sink"))
                .isInstanceOfAny(TopicAuthorizationException.class, GroupAuthorizationException.class);
        assertThatThrownBy(() -> poll(Component.COLLECTOR, topics.signals(), "any-group"))
                .isInstanceOfAny(TopicAuthorizationException.class, GroupAuthorizationException.class);
        // The sink reads outputs under its own group only, and cannot forge inputs.
        assertThatThrownBy(() -> send(Component.SINK, topics.signals())).hasRootCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> poll(Component.SINK, topics.summaries(), "migscope-other"))
                .isInstanceOf(GroupAuthorizationException.class);
        // Neither creates topics, and the registry's user touches nothing but _schemas.
        assertThatThrownBy(() -> createTopic(Component.COLLECTOR, "migscope.sneaky"))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> send(Component.REGISTRY, topics.alerts())).hasRootCauseInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    @Order(5)
    void theRegistryOfTheSecuredStackNeedsItsCredentials() throws Exception {
        String subject = TopicNames.from(base).signals() + "-value";
        assertThatThrownBy(() -> new RegistryClient(RegistrySettings.of(stack.registryUrl())).latest(subject))
                .isInstanceOf(RegistryException.class).hasMessageContaining("401");
        MigscopeConfig c = as(Component.STREAMS);
        RegistryClient client = new RegistryClient(RegistrySettings.of(stack.registryUrl())
                .withBasicAuth(c.get(Keys.REGISTRY_USER), c.get(Keys.REGISTRY_PASSWORD)));
        assertThat(client.latest(subject).schema()).isEqualTo(io.migscope.avro.VmSignal.getClassSchema());
    }

    @Test
    @Order(6)
    void noSecretReachesTheLogsOrStdout() throws IOException {
        List<String> secrets = new ArrayList<>();
        try (Stream<Path> files = Files.list(work.resolve("stack/security"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".password")).toList()) {
                secrets.add(Files.readString(f).strip());
            }
        }
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(Component.values().length + 2);
        String logs = logText();
        String out = STDOUT.toString(StandardCharsets.UTF_8);
        // The capture is real: Kafka's own config dumps and migscope's printed configuration are in it, masked.
        assertThat(logs).contains("sasl.jaas.config = [hidden]").contains("ssl.truststore.password = [hidden]");
        assertThat(out).contains("kafka.sasl.jaas.config=******");
        for (String secret : secrets) {
            assertThat(logs).as("log lines").doesNotContain(secret);
            assertThat(out).as("stdout").doesNotContain(secret);
        }
    }

    private static MigscopeConfig as(Component component) {
        return base.with(stack.clientConfig(component));
    }

    private static Pipeline.Target target(String name) {
        return new Pipeline.Target(stack.bootstrapServers(), stack.registryUrl(), TopicNames.from(base),
                base.get(Keys.APPLICATION_ID), work.resolve("state-" + name), null, name);
    }

    private static Properties client(Component c) {
        return as(c).kafkaProperties(stack.bootstrapServers());
    }

    private static void send(Component c, String topic) {
        Properties p = client(c);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(topic, "vm-acl".getBytes(StandardCharsets.UTF_8), new byte[] {1})).get();
        } catch (Exception e) {
            throw new IllegalStateException(c + " cannot write " + topic, e);
        }
    }

    private static void poll(Component c, String topic, String group) {
        Properties p = client(c);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long until = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < until) {
                consumer.poll(Duration.ofMillis(500));
            }
        }
    }

    private static void createTopic(Component c, String topic) {
        try (Admin admin = Admin.create(client(c))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException(c + " cannot create " + topic, e);
        }
    }

    private static int rows(EmbeddedDatabase db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM migrations WHERE run_name = 'secure'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void captureLogsAndStdout() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LOGS.setContext(context);
        LOGS.start();
        for (String name : CAPTURED_LOGGERS) {
            Logger logger = context.getLogger(name);
            LEVELS.put(name, logger.getLevel());
            // INFO, so Kafka's configuration dumps are in the capture; kept off the console.
            logger.setLevel(Level.INFO);
            logger.setAdditive(false);
            logger.addAppender(LOGS);
        }
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(LOGS);
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(new Tee(originalOut, STDOUT), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(originalErr, STDOUT), true, StandardCharsets.UTF_8));
    }

    private static void restoreLogsAndStdout() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (String name : CAPTURED_LOGGERS) {
            Logger logger = context.getLogger(name);
            logger.detachAppender(LOGS);
            logger.setLevel(LEVELS.get(name));
            logger.setAdditive(true);
        }
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(LOGS);
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private static String logText() {
        StringBuilder sb = new StringBuilder();
        for (ILoggingEvent e : List.copyOf(LOGS.list)) {
            sb.append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null) {
                sb.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
            }
        }
        return sb.toString();
    }

    /** Writes to the real stream and to the capture. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            synchronized (b) {
                b.write(c);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            synchronized (b) {
                b.write(buf, off, len);
            }
        }
    }
}
