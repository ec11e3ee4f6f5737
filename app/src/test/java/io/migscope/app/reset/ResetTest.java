package io.migscope.app.reset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.migscope.app.Pipeline;
import io.migscope.app.replay.ReplayOutputs;
import io.migscope.app.replay.ReplayRun;
import io.migscope.app.replay.RunInputs;
import io.migscope.app.replay.RunManifest;
import io.migscope.avro.MigrationSummary;
import io.migscope.cli.CliRun;
import io.migscope.cli.Main;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.streams.TopologySerdes;
import io.migscope.topics.TopicNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migscope reset} on a real broker: refused while the application runs, nothing changed by a dry run, and
 * after a reset the application re-processes its inputs into the same summaries it wrote the first time.
 */
@ExtendWith(MigscopeKafkaExtension.class)
class ResetTest {
    private static final Path SAMPLE = Path.of("..", "deploy", "samples", "unloaded-1g");

    @Test
    void resetAndReprocessGiveTheSameSummaries(KafkaStack stack, @TempDir Path tmp) throws Exception {
        String tag = "rs" + System.nanoTime();
        TopicNames topics = new TopicNames(tag + ".");
        String appId = "reset-test-" + tag;
        Path state = tmp.resolve("state");
        MigscopeConfig config = MigscopeConfig.builder().set("topics.prefix", topics.prefix()).build();
        Pipeline.Target target = new Pipeline.Target(stack.bootstrapServers(), stack.registryUrl(), topics, appId,
                state, null, "live");
        RunManifest m = RunManifest.load(SAMPLE);
        ReplayOutputs first = ReplayRun.run(config, m, RunInputs.read(m), new ReplayRun.Names(topics, appId, "live"),
                new ReplayRun.Settings(stack.bootstrapServers(), stack.registryUrl(), null, state, "max", false));
        assertThat(first.summaries()).hasSize(4);
        String[] reset = {"reset", "--bootstrap", stack.bootstrapServers(), "--set", "topics.prefix=" + topics.prefix(),
                "--application-id", appId, "--to-datetime", "2026-11-02T00:00:00Z", "--state-dir", state.toString()};

        try (Admin admin = admin(stack)) {
            Map<TopicPartition, OffsetAndMetadata> before = committed(admin, appId);
            try (Pipeline running = Pipeline.start(config, target)) {
                CliRun refused = CliRun.of(reset);
                assertThat(refused.exit()).isEqualTo(Main.EXIT_USAGE);
                assertThat(refused.err()).contains("application " + appId + " is running").contains("nothing was changed");
            }
            Set<String> internal = internalTopics(admin, appId);
            assertThat(internal).isNotEmpty();
            assertThat(state.resolve(appId)).isDirectory();

            CliRun dry = CliRun.of(append(reset, "--dry-run"));
            assertThat(dry.exit()).as(dry.err()).isZero();
            assertThat(dry.out()).contains("offset " + topics.signals() + "-0: ").contains(" -> 0")
                    .contains("delete internal topic " + internal.iterator().next())
                    .contains("delete local state " + state.resolve(appId)).contains("dry run: nothing was changed");
            assertThat(committed(admin, appId)).isEqualTo(before);
            assertThat(internalTopics(admin, appId)).isEqualTo(internal);
            assertThat(state.resolve(appId)).isDirectory();

            Map<TopicPartition, Long> summariesEnd = ends(admin, topics.summaries());
            CliRun done = CliRun.of(reset);
            assertThat(done.exit()).as(done.err()).isZero();
            List<Long> pingOffsets = committed(admin, appId).entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topics.signals())).map(e -> e.getValue().offset()).toList();
            assertThat(pingOffsets).as(done.out()).isNotEmpty().containsOnly(0L);
            assertThat(internalTopics(admin, appId)).doesNotContainAnyElementsOf(internal);
            assertThat(Files.exists(state.resolve(appId))).isFalse();

            try (Pipeline again = Pipeline.start(config, target)) {
                Map<String, String> second = new TreeMap<>();
                TopologySerdes serdes = Pipeline.serdes(config, stack.registryUrl());
                Map<String, String> expected = first.summaries().stream().collect(Collectors.toMap(
                        MigrationSummary::getMigrationId, ReplayOutputs::summaryLine, (a, b) -> b, TreeMap::new));
                // The last summary per migration: the wire step rewrites a summary once its bytes on the wire are
                // attributed, after the first version is out, so the comparison waits for the latest of each.
                try (KafkaConsumer<byte[], byte[]> consumer = consumer(stack, summariesEnd)) {
                    await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                            MigrationSummary s = serdes.summaries().deserializer().deserialize(r.topic(), r.value());
                            second.put(s.getMigrationId(), ReplayOutputs.summaryLine(s));
                        });
                        assertThat(second).isEqualTo(expected);
                    });
                }
            }
        }
    }

    /** Reads the summaries written after {@code from} (the reset), committed only. */
    private static KafkaConsumer<byte[], byte[]> consumer(KafkaStack stack, Map<TopicPartition, Long> from) {
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        c.assign(from.keySet());
        from.forEach(c::seek);
        return c;
    }

    private static Map<TopicPartition, Long> ends(Admin admin, String topic) throws Exception {
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> query = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            query.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(query).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    }

    private static Set<String> internalTopics(Admin admin, String appId) throws Exception {
        return admin.listTopics().names().get().stream().filter(t -> t.startsWith(appId + "-"))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static Admin admin(KafkaStack stack) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
    }

    private static String[] append(String[] args, String more) {
        String[] out = java.util.Arrays.copyOf(args, args.length + 1);
        out[args.length] = more;
        return out;
    }
}
