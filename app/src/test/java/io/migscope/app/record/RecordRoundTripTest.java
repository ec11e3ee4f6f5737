package io.migscope.app.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.app.replay.RecordsFormat;
import io.migscope.app.replay.ReplayRecord;
import io.migscope.app.replay.ReplayRun;
import io.migscope.app.replay.RunInputs;
import io.migscope.app.replay.RunManifest;
import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import io.migscope.cli.CliRun;
import io.migscope.cli.Main;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.EmbeddedDatabase;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.embedded.TopicAdmin;
import io.migscope.producers.publish.Publisher;
import io.migscope.topics.TopicNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulated run published to live topics as collectors publish it (wall-clock Kafka timestamps), recorded back
 * with {@code migscope record}, and replayed: the same records and the same summaries as a replay of the original.
 */
@ExtendWith(MigscopeKafkaExtension.class)
class RecordRoundTripTest {
    private static final Path SAMPLE = Path.of("..", "deploy", "samples", "unloaded-1g");

    @Test
    void recordedRunReplaysToTheSameSummaries(KafkaStack stack, EmbeddedDatabase db, @TempDir Path tmp)
            throws Exception {
        String prefix = "rec" + System.nanoTime() + ".";
        MigscopeConfig config = MigscopeConfig.builder().set("topics.prefix", prefix).build();
        TopicAdmin.createAll(stack.bootstrapServers(), config);
        RunInputs original = RunInputs.read(RunManifest.load(SAMPLE));
        publish(stack, config, original.records(), tmp.resolve("spool"));
        RecordMetadata bad = sendUnreadable(stack, new TopicNames(prefix).signals());

        CliRun record = CliRun.of("record", "--no-progress", "--bootstrap", stack.bootstrapServers(), "--registry",
                stack.registryUrl(), "--set", "topics.prefix=" + prefix, "--from", "2026-11-02T00:00:00Z",
                "--to", String.valueOf(Instant.parse("2026-11-03T00:00:00Z").toEpochMilli()),
                "--out", tmp.resolve("recorded").toString());

        assertThat(record.exit()).as(record.err()).isEqualTo(Main.EXIT_REJECTED);
        assertThat(record.err()).contains(bad.topic() + "/" + bad.partition() + "/" + bad.offset() + ": ")
                .contains("1 records could not be read");
        assertThat(record.out()).contains(original.records().size() + " records in the window")
                .contains("1 outside the window");
        RunManifest recorded = RunManifest.load(tmp.resolve("recorded"));
        assertThat(recorded.name()).isEqualTo("recorded");
        assertThat(lines(RunInputs.read(recorded).records())).isEqualTo(lines(asBatched(original.records())));

        replay(stack, db, SAMPLE, tmp.resolve("original"));
        replay(stack, db, tmp.resolve("recorded"), tmp.resolve("replayed"));
        List<String> summaries = Files.readAllLines(tmp.resolve("original/summaries.jsonl"));
        assertThat(summaries).hasSize(4);
        assertThat(Files.readAllLines(tmp.resolve("replayed/summaries.jsonl"))).containsExactlyElementsOf(summaries);
    }

    @Test
    void usageErrorsExitTwo(@TempDir Path tmp) {
        String out = tmp.resolve("r").toString();
        CliRun backwards = CliRun.of("record", "--from", "2026-11-02T10:00:00Z", "--to", "2026-11-02T09:00:00Z",
                "--out", out);
        assertThat(backwards.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(backwards.err()).contains("must be after --from");
        CliRun badTime = CliRun.of("record", "--from", "yesterday", "--to", "2026-11-02T09:00:00Z", "--out", out);
        assertThat(badTime.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(badTime.err()).contains("'yesterday' is not a time");
        CliRun badTopic = CliRun.of("record", "--topics", "signals,tcpdump", "--from", "0", "--to", "1", "--out", out,
                "--bootstrap", "localhost:1", "--registry", "http://localhost:1");
        assertThat(badTopic.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(badTopic.err()).contains("unknown topic 'tcpdump'");
    }

    /** As a collector publishes: through the Publisher, Kafka timestamps from the wall clock, not event time. */
    private static void publish(KafkaStack stack, MigscopeConfig config, List<ReplayRecord> records, Path spool)
            throws Exception {
        try (Publisher p = new Publisher(config, stack.bootstrapServers(), stack.registryUrl(), spool)) {
            for (ReplayRecord r : records) {
                p.publish(r.value());
            }
            // A probe a month earlier: read (its Kafka timestamp is now) but outside the window.
            long early = Instant.parse("2026-10-01T00:00:00Z").toEpochMilli() * 1000;
            p.publish(PingSample.newBuilder().setVm("vm-old").setTarget("192.0.2.9").setSeq(1).setSeqRaw(1)
                    .setSentTimeUs(early).setObservedTimeUs(early).setStatus(PingStatus.LOST).build());
            assertThat(p.awaitDrained(Duration.ofSeconds(30))).isTrue();
        }
    }

    private static RecordMetadata sendUnreadable(KafkaStack stack, String topic) throws Exception {
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            return producer.send(new ProducerRecord<>(topic, "vm-bad".getBytes(), new byte[] {7, 1, 2})).get();
        }
    }

    private static void replay(KafkaStack stack, EmbeddedDatabase db, Path run, Path out) throws Exception {
        RunManifest m = RunManifest.load(run);
        ReplayRun.run(MigscopeConfig.defaults(), m, RunInputs.read(m), ReplayRun.Names.of(m, "t" + System.nanoTime()),
                new ReplayRun.Settings(stack.bootstrapServers(), stack.registryUrl(), db.dataSource(),
                        out.resolve("state"), "max", false)).write(out);
    }

    /** The probes as a probe batch carries them: without the TTL and migration id nothing downstream reads. */
    private static List<ReplayRecord> asBatched(List<ReplayRecord> records) {
        return records.stream().map(r -> r.value() instanceof PingSample s
                ? new ReplayRecord(r.timeUs(), r.source(), r.seq(),
                        PingSample.newBuilder(s).setTtl(null).setMigrationId(null).build())
                : r).toList();
    }

    private static List<String> lines(List<ReplayRecord> records) {
        return records.stream().map(r -> RecordsFormat.line(r.value())).sorted().toList();
    }
}
