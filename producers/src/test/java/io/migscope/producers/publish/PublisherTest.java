package io.migscope.producers.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.migscope.avro.DeadLetter;
import io.migscope.avro.EventKind;
import io.migscope.avro.GuestSample;
import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import io.migscope.avro.Platform;
import io.migscope.avro.ProbeBatch;
import io.migscope.avro.VmSignal;
import io.migscope.config.MigscopeConfig;
import io.migscope.deadletter.DeadLetters;
import io.migscope.embedded.EmbeddedKafka;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.serde.SerdeFactory;
import io.migscope.signals.ProbeBatches;
import io.migscope.topics.TopicNames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(MigscopeKafkaExtension.class)
class PublisherTest {

    private static MigscopeConfig config(Map<String, String> extra) {
        MigscopeConfig.Builder b = MigscopeConfig.builder().set("topics.prefix", "pub-" + UUID.randomUUID() + ".");
        extra.forEach(b::set);
        return b.build();
    }

    static PingSample ping(String vm, long seq) {
        return PingSample.newBuilder().setVm(vm).setTarget("10.0.0.5").setSeq(seq).setSeqRaw((int) (seq % 65536))
                .setSentTimeUs(1_700_000_000_000_000L + seq * 100_000).setObservedTimeUs(1_700_000_000_000_300L + seq * 100_000)
                .setRttUs(300L).setStatus(PingStatus.REPLY).build();
    }

    @Test
    void publishesWireFormatKeyedByVmAndHostPair(KafkaStack stack, @TempDir Path dir) throws Exception {
        MigscopeConfig config = config(Map.of());
        TopicNames topics = TopicNames.from(config);
        MigrationEvent event = MigrationEvent.newBuilder().setEventId("e1").setEventTimeUs(1_700_000_000_000_000L)
                .setPlatform(Platform.QEMU).setSourceFormat("qmp").setKind(EventKind.STATUS).setVm("vm-7")
                .setStatus("active").build();
        LinkSample link = LinkSample.newBuilder().setSourceHost("10.1.0.1").setTargetHost("10.1.0.2")
                .setIntervalStartUs(1L).setIntervalEndUs(2_000_001L).setBytesSent(1000).setBytesReceived(50).build();
        DeadLetter dead = DeadLetters.fromLine("ping vm-7", 12, "garbled", "a ping -D line", "[17000 64 bytes fr");
        GuestSample guest = GuestSample.newBuilder().setVm("vm-7").setSampleTimeUs(1_700_000_000_400_000L)
                .setMsPerGb(402.0).setSource("guest-stress").build();
        try (Publisher p = new Publisher(config, stack.bootstrapServers(), stack.registryUrl(), dir.resolve("spool"))) {
            p.publish(ping("vm-7", 1));
            p.publish(event);
            p.publish((org.apache.avro.specific.SpecificRecord) guest);
            p.publish(link);
            p.publish(dead);
            p.flush();
            assertThat(p.counters()).isEqualTo(new Publisher.Counters(5, 0, 0, 0, 0));
        }

        // The event and the guest sample go at once; the probe waits in its VM's batch until the flush: one topic,
        // keyed by VM.
        List<ConsumerRecord<byte[], byte[]>> signals = readAll(stack, topics.signals(), 3);
        Deserializer<VmSignal> signal = deserializer(config, stack, VmSignal.class);
        assertThat(signals).allSatisfy(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("vm-7");
            assertWireFormat(stack, r.value(), "VmSignal");
        });
        assertThat(signal.deserialize(topics.signals(), signals.get(0).value()).getSignal()).isEqualTo(event);
        assertThat(signal.deserialize(topics.signals(), signals.get(1).value()).getSignal()).isEqualTo(guest);
        ProbeBatch batch = (ProbeBatch) signal.deserialize(topics.signals(), signals.get(2).value()).getSignal();
        assertThat(ProbeBatches.expand(batch)).containsExactly(ping("vm-7", 1));

        ConsumerRecord<byte[], byte[]> linkRec = readAll(stack, topics.links(), 1).get(0);
        assertThat(new String(linkRec.key(), StandardCharsets.UTF_8)).isEqualTo("10.1.0.1<->10.1.0.2");
        assertWireFormat(stack, linkRec.value(), "LinkSample");

        ConsumerRecord<byte[], byte[]> deadRec = readAll(stack, topics.deadLetters(), 1).get(0);
        assertThat(new String(deadRec.key(), StandardCharsets.UTF_8)).isEqualTo("ping vm-7");
        DeadLetter back = deserializer(config, stack, DeadLetter.class).deserialize(topics.deadLetters(), deadRec.value());
        assertThat(StandardCharsets.UTF_8.decode(back.getRaw()).toString()).isEqualTo("[17000 64 bytes fr");
        assertThat(back.getLine()).isEqualTo(12L);
    }

    @Test
    void spoolsWhileTheBrokerIsDownAndDrainsEveryRecordOnceInOrder(KafkaStack stack, @TempDir Path dir) throws Exception {
        MigscopeConfig config = config(Map.of("kafka.delivery.timeout.ms", "3000", "kafka.request.timeout.ms", "1000",
                "kafka.max.block.ms", "1000"));
        String topic = TopicNames.from(config).signals();
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        int port = Integer.parseInt(kafka.bootstrapServers().substring(kafka.bootstrapServers().lastIndexOf(':') + 1));
        try (Publisher p = new Publisher(config, kafka.bootstrapServers(), stack.registryUrl(), dir.resolve("spool/pings"))) {
            publish(p, 0, 100);
            p.flush();
            assertThat(p.counters().sent()).isEqualTo(100);

            kafka.close();
            // Handed to the producer while the spool is empty: they fail after delivery.timeout.ms and are spooled.
            publish(p, 100, 300);
            await().atMost(Duration.ofSeconds(30)).until(() -> p.counters().spooled() == 200);
            // The spool is not empty now, so these go straight behind it.
            publish(p, 300, 400);
            assertThat(p.counters()).isEqualTo(new Publisher.Counters(100, 300, 0, 0, 300));

            kafka = EmbeddedKafka.start(dir.resolve("kafka"), port);
            assertThat(p.awaitDrained(Duration.ofSeconds(60))).isTrue();
            publish(p, 400, 410);
            p.flush();
            Publisher.Counters c = p.counters();
            assertThat(c.drained()).isEqualTo(300);
            assertThat(c.dropped()).isZero();
            assertThat(c.sent()).isEqualTo(110);

            Deserializer<VmSignal> d = deserializer(config, stack, VmSignal.class);
            List<Long> seqs = readAll(new KafkaStack(kafka.bootstrapServers(), stack.registryUrl(), "own"), topic, 410)
                    .stream().map(r -> ((MigrationEvent) d.deserialize(topic, r.value()).getSignal()).getEventTimeUs()
                            - T0).collect(Collectors.toList());
            assertThat(seqs).containsExactlyElementsOf(LongStream.range(0, 410).boxed().toList());
        } finally {
            kafka.close();
        }
    }

    @Test
    void dropsAndCountsPastTheSpoolBoundWithoutThrowing(KafkaStack stack, @TempDir Path dir) throws Exception {
        MigscopeConfig config = config(Map.of("collector.spool.max.bytes", "4000", "kafka.max.block.ms", "500",
                "kafka.delivery.timeout.ms", "1500", "kafka.request.timeout.ms", "500"));
        // Nothing listens on port 9 of 127.0.0.1 (discard, not started here): the broker is unreachable from the start.
        try (Publisher p = new Publisher(config, "127.0.0.1:9", stack.registryUrl(), dir.resolve("spool"))) {
            publish(p, 0, 200);
            await().atMost(Duration.ofSeconds(20)).until(() -> p.counters().spooled() + p.counters().dropped() == 200);
            Publisher.Counters c = p.counters();
            assertThat(c.sent()).isZero();
            assertThat(c.dropped()).isPositive();
            assertThat(c.spooled()).isPositive();
            assertThat(c.spoolPending()).isEqualTo(c.spooled());
            assertThat(dir.resolve("spool").toFile().length()).isLessThanOrEqualTo(4000);
        }
    }

    @Test
    void probesTravelInBatchesThatHoldEveryProbeInOrder(KafkaStack stack, @TempDir Path dir) throws Exception {
        MigscopeConfig config = config(Map.of());
        String topic = TopicNames.from(config).signals();
        List<PingSample> sent = new ArrayList<>();
        try (Publisher p = new Publisher(config, stack.bootstrapServers(), stack.registryUrl(), dir.resolve("spool"))) {
            for (long seq = 0; seq < 100; seq++) {
                PingSample probe = ping("vm-3", seq);
                sent.add(probe);
                p.publish(probe);
            }
            p.flush();
            assertThat(p.counters().sent()).as("about one batch a second of probes").isBetween(10L, 11L);
        }
        Deserializer<VmSignal> d = deserializer(config, stack, VmSignal.class);
        List<PingSample> back = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(stack, topic, (int) countBatches(sent))) {
            back.addAll(ProbeBatches.expand((ProbeBatch) d.deserialize(topic, r.value()).getSignal()));
        }
        assertThat(back).containsExactlyElementsOf(sent);
    }

    private static long countBatches(List<PingSample> probes) {
        ProbeBatcher b = new ProbeBatcher();
        long n = probes.stream().mapToLong(p -> b.add(p, 0).size()).sum();
        return n + b.flushAll().size();
    }

    private static final long T0 = 1_700_000_000_000_000L;

    /** Events go out one record each, at once: what the spool's order is checked on. */
    private static void publish(Publisher p, long from, long to) {
        for (long seq = from; seq < to; seq++) {
            p.publish(MigrationEvent.newBuilder().setEventId("e" + seq).setEventTimeUs(T0 + seq)
                    .setPlatform(Platform.QEMU).setSourceFormat("qmp").setKind(EventKind.PASS).setVm("vm-1").build());
        }
    }

    private static void assertWireFormat(KafkaStack stack, byte[] value, String schemaName) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(value);
        assertThat(b.get()).as("magic byte").isEqualTo((byte) 0);
        int id = b.getInt();
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stack.registryUrl() + "/schemas/ids/" + id)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("registry knows schema id %d", id).isEqualTo(200);
        assertThat(r.body()).contains(schemaName);
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> Deserializer<T> deserializer(
            MigscopeConfig config, KafkaStack stack, Class<T> type) {
        return SerdeFactory.valueSerde(config, stack.registryUrl(), type).deserializer();
    }

    static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaStack stack, String topic, int expected) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props)) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(pi -> new TopicPartition(topic, pi.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            // One more short poll: a duplicate would show up as more than expected.
            c.poll(Duration.ofMillis(500)).forEach(out::add);
        }
        assertThat(out).as("records on %s", topic).hasSize(expected);
        return out;
    }
}
