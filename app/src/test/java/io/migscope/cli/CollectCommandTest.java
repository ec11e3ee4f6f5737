package io.migscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.DeadLetter;
import io.migscope.avro.MigrationEvent;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.embedded.TopicAdmin;
import io.migscope.producers.parse.ParseContext;
import io.migscope.producers.parse.ParseRun;
import io.migscope.serde.SerdeFactory;
import io.migscope.topics.TopicNames;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code migscope collect kubevirt} on a real watch stream: records reach the events topic, a bad line the dead letters. */
@ExtendWith(MigscopeKafkaExtension.class)
class CollectCommandTest {

    @Test
    void aWatchStreamIsParsedAndPublishedAndItsBadLineDeadLettered(KafkaStack stack, @TempDir Path dir) throws Exception {
        MigscopeConfig config = MigscopeConfig.builder().set("topics.prefix", "collect.").build();
        TopicNames topics = TopicNames.from(config);
        TopicAdmin.createAll(stack.bootstrapServers(), config);
        Path watch = dir.resolve("watch.jsonl");
        String good = Files.readString(Path.of("../producers/src/test/resources/samples/kubevirt/watch.jsonl"));
        Files.writeString(watch, good + "{\"kind\": \"VirtualMachineInstanceMigration\", \"status\": 42\n");
        Path recording = dir.resolve("kubevirt.rec");

        int exit = Main.commandLine().execute("collect", "kubevirt", "--file", watch.toString(), "--cluster", "ocp-east",
                "--bootstrap", stack.bootstrapServers(), "--registry", stack.registryUrl(),
                "--set", "topics.prefix=collect.", "--record", recording.toString(),
                "--spool", dir.resolve("spool").toString());

        assertThat(exit).isZero();
        List<MigrationEvent> events = read(stack, config, topics.signals(), io.migscope.avro.VmSignal.class, 1).stream()
                .map(s -> (MigrationEvent) s.getSignal()).toList();
        assertThat(events).isNotEmpty().allSatisfy(e -> {
            assertThat(e.getCluster()).isEqualTo("ocp-east");
            assertThat(e.getVm()).isEqualTo("rhel9-db-01");
            assertThat(e.getMigrationId()).isEqualTo("4f6b2c8e-1d3a-4e5b-9c7d-2a1b3c4d5e6f");
        });
        // Every line the parser rejects (the sample has bad lines of its own, plus ours) is one dead letter.
        long rejected = ParseRun.run("kubevirt", ParseContext.defaults(watch.toString()), List.of(watch.toString()),
                Writer.nullWriter(), Writer.nullWriter()).rejected();
        List<DeadLetter> letters = read(stack, config, topics.deadLetters(), DeadLetter.class, (int) rejected);
        assertThat(letters).hasSize((int) rejected).allSatisfy(d -> assertThat(d.getStage()).isEqualTo("parse"));
        DeadLetter ours = letters.stream().filter(d -> d.getLine() == good.lines().count() + 1).findFirst().orElseThrow();
        assertThat(StandardCharsets.UTF_8.decode(ours.getRaw()).toString()).contains("\"status\": 42");
        assertThat(Files.readAllLines(recording)).hasSizeGreaterThanOrEqualTo((int) good.lines().count() + 1)
                .allSatisfy(l -> assertThat(l).matches("\\d{16}\\t.*"));
    }

    private static <T extends SpecificRecord> List<T> read(KafkaStack stack, MigscopeConfig config, String topic,
                                                           Class<T> type, int atLeast) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "collect-test-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        var deserializer = SerdeFactory.valueSerde(config, stack.registryUrl(), type).deserializer();
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of(topic));
            long until = System.currentTimeMillis() + 8_000;
            while (System.currentTimeMillis() < until) {
                c.poll(Duration.ofMillis(300)).forEach(r -> out.add(deserializer.deserialize(r.topic(), r.value())));
                if (out.size() >= atLeast && System.currentTimeMillis() > until - 4_000) {
                    break;
                }
            }
        }
        return out;
    }
}
