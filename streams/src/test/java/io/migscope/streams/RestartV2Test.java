package io.migscope.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.migscope.avro.Alert;
import io.migscope.avro.CaptureScope;
import io.migscope.avro.DowntimeReport;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.MigrationTimeline;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.embedded.TopicAdmin;
import io.migscope.producers.publish.SignalEncoder;
import io.migscope.producers.simulator.FleetSimulator;
import io.migscope.producers.simulator.SimulationSpec;
import io.migscope.serde.SerdeFactory;
import io.migscope.topics.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The v2 topology stopped halfway through a fleet and started again: the outputs must be those of one
 * uninterrupted run. Processors that keep indexes in memory (the assigner's due migrations and task clock) must
 * rebuild them from their stores in {@code init()}; the stores must come back whole.
 *
 * <p>This runs real Kafka Streams instances on the embedded broker, one partition per topic so each run sees one
 * order. A TopologyTestDriver cannot do it: it deletes its state directory when it closes, and until then its
 * RocksDB stores hold their data in memory only (no flush on commit in Kafka 4.3). The instances run
 * at-least-once: a clean stop loses nothing either way, and the embedded broker's transactions sometimes fail
 * with OutOfOrderSequenceException ("expected sequence 0 for transactions v2 idempotent producer with no
 * existing state"), which leaves an exactly-once run stuck.
 */
@ExtendWith(MigscopeKafkaExtension.class)
class RestartV2Test {
    private static final long START_US = 1_790_000_000_000_000L;
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    /** The demo probes each VM 5 s past its migration: a shorter recovery window lets its own probes close it. */
    private final MigscopeConfig config = MigscopeConfig.builder().set("correlation.recovery", "4s").build();

    /** What a run wrote, in order. */
    private record Written(List<KeyValue<String, MigrationTimeline>> timelines,
                           List<KeyValue<String, DowntimeReport>> downtime, List<KeyValue<String, Alert>> alerts,
                           List<KeyValue<String, MigrationSummary>> summaries) {
    }

    @Test
    void aRestartHalfwayGivesTheOutputsOfOneUninterruptedRun(KafkaStack stack, @TempDir Path once,
                                                              @TempDir Path twice) throws Exception {
        FleetSimulator sim = new FleetSimulator(SimulationSpec.demo(6, START_US));
        SignalEncoder encoder = new SignalEncoder();
        List<SignalEncoder.Out> outs = new ArrayList<>();
        sim.run(r -> outs.addAll(encoder.add(r.value(), r.timestampUs())));
        outs.addAll(encoder.finish(CaptureScope.ALL, "test"));
        // Halfway: when half of the migrations are past their recovery window.
        long[] ends = sim.expectations().stream().mapToLong(e -> e.endedUs()).sorted().toArray();
        long halfwayUs = ends[ends.length / 2] + 4_000_000L;
        int half = 0;
        while (outs.get(half).timestampUs() < halfwayUs) {
            half++;
        }
        TopologySerdes serdes = TopologySerdes.from(new TopologySerdes.Factory() {
            @Override
            public <T extends SpecificRecord> Serde<T> serde(Class<T> type) {
                return SerdeFactory.valueSerde(config, stack.registryUrl(), type);
            }
        });
        long run = System.nanoTime();

        TopicNames a = new TopicNames("restart-" + run + "-once.");
        KafkaStreams streams = start(stack, serdes, a, once);
        try {
            send(stack, serdes, a, outs);
            awaitProcessed(stack, a);
        } finally {
            stop(streams);
        }
        Written uninterrupted = written(stack, serdes, a);

        TopicNames b = new TopicNames("restart-" + run + "-twice.");
        streams = start(stack, serdes, b, twice);
        try {
            send(stack, serdes, b, outs.subList(0, half));
            awaitProcessed(stack, b);
        } finally {
            stop(streams);
        }
        Written before = written(stack, serdes, b);
        assertThat(before.summaries()).as("some migrations were summarised before the restart, not all")
                .isNotEmpty().hasSizeLessThan(sim.expectations().size());
        streams = start(stack, serdes, b, twice);
        try {
            send(stack, serdes, b, outs.subList(half, outs.size()));
            awaitProcessed(stack, b);
        } finally {
            stop(streams);
        }
        Written restarted = written(stack, serdes, b);

        assertThat(uninterrupted.timelines()).isNotEmpty();
        assertThat(restarted.timelines()).isEqualTo(uninterrupted.timelines());
        assertThat(restarted.downtime()).isEqualTo(uninterrupted.downtime());
        assertThat(restarted.alerts()).isEqualTo(uninterrupted.alerts());
        assertThat(latest(uninterrupted.summaries())).hasSize(sim.expectations().size());
        assertThat(latest(restarted.summaries())).isEqualTo(latest(uninterrupted.summaries()));
        assertThat(read(stack, b.deadLetters(), serdes.deadLetters())).isEmpty();
    }

    /**
     * The last summary per migration. The wire step writes one again when later link samples change its bytes,
     * and when its two inputs meet depends on the broker's timing: only the last one is the same in every run.
     */
    private static Map<String, MigrationSummary> latest(List<KeyValue<String, MigrationSummary>> written) {
        Map<String, MigrationSummary> last = new LinkedHashMap<>();
        written.forEach(kv -> last.put(kv.key, kv.value));
        return last;
    }

    private KafkaStreams start(KafkaStack stack, TopologySerdes serdes, TopicNames topics, Path state) {
        try (Admin admin = admin(stack)) {
            TopicAdmin.createAll(admin, topics, 1, (short) 1);
        }
        Properties props = StreamsProps.build(config, stack.bootstrapServers(), topics.prefix() + "app", state, topics,
                serdes.deadLetters().serializer());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        KafkaStreams streams = new KafkaStreams(MigscopeTopology.build(props, topics, serdes,
                CorrelationSettings.from(config)), props);
        streams.start();
        await().atMost(PATIENCE).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        return streams;
    }

    /** A clean stop that leaves the group at once, so the next instance need not wait out the session. */
    private static void stop(KafkaStreams streams) {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(PATIENCE));
    }

    private static void send(KafkaStack stack, TopologySerdes serdes, TopicNames topics, List<SignalEncoder.Out> outs) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(p, Serdes.String().serializer(),
                (topic, value) -> serdes.rawBytes(topic, value))) {
            for (SignalEncoder.Out o : outs) {
                producer.send(new ProducerRecord<>(o.link() ? topics.links() : topics.signals(), 0,
                        o.timestampUs() / 1000, o.key(), o.value()));
            }
            producer.flush();
        }
    }

    /** Until the application has committed every record of every topic it reads, its repartition topics too. */
    private static void awaitProcessed(KafkaStack stack, TopicNames topics) {
        String group = topics.prefix() + "app";
        try (Admin admin = admin(stack)) {
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> lag(admin, group) == 0);
        }
    }

    private static long lag(Admin admin, String group) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        if (committed.isEmpty()) {
            return Long.MAX_VALUE;
        }
        Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        long lag = 0;
        for (var e : admin.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata done = committed.get(e.getKey());
            lag += e.getValue().offset() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    private static Written written(KafkaStack stack, TopologySerdes serdes, TopicNames topics) {
        return new Written(read(stack, topics.timelines(), serdes.timelines()),
                read(stack, topics.downtime(), serdes.downtime()), read(stack, topics.alerts(), serdes.alerts()),
                read(stack, topics.summaries(), serdes.summaries()));
    }

    /** Every committed record of the topic, in order. */
    private static <V> List<KeyValue<String, V>> read(KafkaStack stack, String topic, Serde<V> serde) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<KeyValue<String, V>> out = new ArrayList<>();
        try (KafkaConsumer<String, V> c = new KafkaConsumer<>(p, Serdes.String().deserializer(), serde.deserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(Set.of(tp));
            c.seekToBeginning(Set.of(tp));
            long end = c.endOffsets(Set.of(tp)).get(tp);
            long deadline = System.currentTimeMillis() + PATIENCE.toMillis();
            while (c.position(tp) < end && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(r -> out.add(KeyValue.pair(r.key(), r.value())));
            }
        }
        return out;
    }

    private static Admin admin(KafkaStack stack) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
    }
}
