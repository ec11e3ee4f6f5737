package io.migscope.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.migscope.avro.DeadLetter;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.EmbeddedDatabase;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.producers.publish.Publisher;
import io.migscope.producers.simulator.FleetSimulator;
import io.migscope.producers.simulator.MigrationExpectation;
import io.migscope.producers.simulator.SimulationSpec;
import io.migscope.serde.RegistryClient;
import io.migscope.serde.RegistrySettings;
import io.migscope.serde.WireFormat;
import io.migscope.streams.TopologySerdes;
import io.migscope.topics.TopicNames;
import java.nio.ByteBuffer;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain on real components: the simulator's records cross the real broker through the publisher, the
 * topology and the sink, and end as PostgreSQL rows; records the serde cannot read end in the dead-letter topic.
 */
@ExtendWith(MigscopeKafkaExtension.class)
class PipelineTest {

    @Test
    void simulatedFleetEndsAsRowsAndUnreadableBytesAsDeadLetters(KafkaStack stack, EmbeddedDatabase db,
                                                                  @TempDir Path dir) throws Exception {
        MigscopeConfig config = MigscopeConfig.builder().set("topics.prefix", "chain.")
                .set("correlation.recovery", "3s").set("correlation.baseline", "3s").build();
        TopicNames topics = TopicNames.from(config);
        FleetSimulator sim = new FleetSimulator(SimulationSpec.demo(11, System.currentTimeMillis() * 1000L)
                .toBuilder().wave("chain").build());
        Pipeline.Target target = new Pipeline.Target(stack.bootstrapServers(), stack.registryUrl(), topics,
                "chain-test", dir.resolve("state"), db.dataSource(), "live");
        try (Pipeline pipeline = Pipeline.start(config, target);
             Publisher publisher = new Publisher(config, stack.bootstrapServers(), stack.registryUrl(), dir.resolve("spool"))) {
            sim.run(r -> publisher.publish(r.value()));
            publisher.flush();
            // The input ends: every migration is summarised with what its VM sent.
            StreamTime.endCaptures(publisher, sim);
            int signalSchemaId = sendUnreadable(stack, topics);

            List<String> expectedIds = sim.expectations().stream().map(MigrationExpectation::migrationId).toList();
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    assertThat(ids(db, "chain-mig-")).as("migrations with a row").containsExactlyInAnyOrderElementsOf(expectedIds));
            checkRows(db, sim.expectations());
            checkTopicBytes(stack, topics, signalSchemaId);
            List<DeadLetter> letters = deadLetters(stack, topics, Pipeline.serdes(config, stack.registryUrl()));
            assertThat(letters).as("exactly the three unreadable records, no late probes").hasSize(3);
            assertThat(letters).extracting(DeadLetter::getReason).anySatisfy(r -> assertThat(r).contains("magic"))
                    .anySatisfy(r -> assertThat(r).contains("unknown schema id"))
                    .anySatisfy(r -> assertThat(r).contains("truncated"));
            assertThat(letters).allSatisfy(d -> {
                assertThat(d.getOrigin()).isEqualTo(topics.signals());
                assertThat(d.getStage()).isEqualTo("deserialize");
                assertThat(d.getRaw().remaining()).isPositive();
            });
        }
    }

    /** Wrong magic byte, an id the registry never gave, and a real id with its Avro cut short. */
    private static int sendUnreadable(KafkaStack stack, TopicNames topics) throws Exception {
        int id = new RegistryClient(RegistrySettings.of(stack.registryUrl()))
                .register(RegistryClient.subject(topics.signals(), false), io.migscope.avro.VmSignal.getClassSchema());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (byte[] bad : List.of(new byte[] {7, 0, 0, 0, 1, 2, 3}, WireFormat.frame(999_999, new byte[] {2, 4}),
                    WireFormat.frame(id, new byte[] {2}))) {
                producer.send(new ProducerRecord<>(topics.signals(), "vm-bad".getBytes(), bad)).get();
            }
        }
        return id;
    }

    private static void checkRows(EmbeddedDatabase db, List<MigrationExpectation> expected) throws Exception {
        Map<String, double[]> rows = new HashMap<>();
        Map<String, String> outcomes = new HashMap<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT migration_id, outcome, observed_blackout_ms, migration_time_ms"
                     + " FROM migrations WHERE run_name = 'live' AND migration_id LIKE 'chain-%'")) {
            while (rs.next()) {
                outcomes.put(rs.getString(1), rs.getString(2));
                rows.put(rs.getString(1), new double[] {rs.getDouble(3), rs.getDouble(4)});
            }
        }
        for (MigrationExpectation e : expected) {
            assertThat(outcomes.get(e.migrationId())).as(e.migrationId()).isEqualTo(e.outcome());
            assertThat(rows.get(e.migrationId())[1]).isEqualTo((e.endedUs() - e.requestedUs()) / 1000);
            if (e.blackoutStartUs() != null) {
                double injected = (e.blackoutEndUs() - e.blackoutStartUs()) / 1000.0;
                assertThat(rows.get(e.migrationId())[0]).as(e.migrationId()).isCloseTo(injected, within(110.0));
            }
        }
    }

    /** Every value on the input topic starts with magic byte 0 and an id the registry knows. */
    private static void checkTopicBytes(KafkaStack stack, TopicNames topics, int signalSchemaId) {
        List<ConsumerRecord<byte[], byte[]>> records = read(stack, topics.signals(), 50, 30_000);
        long good = records.stream().filter(r -> r.value().length > 5 && r.value()[0] == 0
                && ByteBuffer.wrap(r.value(), 1, 4).getInt() == signalSchemaId).count();
        assertThat(good).isGreaterThanOrEqualTo(45);
    }

    private static List<DeadLetter> deadLetters(KafkaStack stack, TopicNames topics, TopologySerdes serdes) {
        List<DeadLetter> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : read(stack, topics.deadLetters(), Integer.MAX_VALUE, 5_000)) {
            out.add(serdes.deadLetters().deserializer().deserialize(r.topic(), r.value()));
        }
        return out;
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(KafkaStack stack, String topic, int atLeast, long timeoutMs) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of(topic));
            long until = System.currentTimeMillis() + timeoutMs;
            while (out.size() < atLeast && System.currentTimeMillis() < until) {
                c.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        return out;
    }

    private static List<String> ids(EmbeddedDatabase db, String prefix) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             // The database is shared by the test classes of this JVM: vSphere replays name migrations chain-NNN.
             ResultSet rs = st.executeQuery("SELECT migration_id FROM migrations WHERE run_name = 'live'"
                     + " AND migration_id LIKE '" + prefix + "%'")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}
