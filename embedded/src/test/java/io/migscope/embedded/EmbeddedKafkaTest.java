package io.migscope.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.config.MigscopeConfig;
import io.migscope.topics.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker of its own (not the fixture's): restarting it, in place and as a new instance, keeps topics and data. */
class EmbeddedKafkaTest {

    @Test
    void topicsAndRecordsSurviveRestarts(@TempDir Path dir) throws Exception {
        MigscopeConfig config = MigscopeConfig.builder().set("topics.prefix", "t.").set("topics.partitions", "3").build();
        TopicNames names = TopicNames.from(config);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
            assertThat(TopicAdmin.createAll(kafka.bootstrapServers(), config)).hasSize(names.all().size());
            assertThat(TopicAdmin.createAll(kafka.bootstrapServers(), config)).isEmpty();
            produce(kafka.bootstrapServers(), names.signals(), "vm1", "hello");

            kafka.restart();
            assertThat(read(kafka.bootstrapServers(), names.signals())).containsExactly("vm1=hello");
        }
        try (EmbeddedKafka again = EmbeddedKafka.start(dir, 0)) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, again.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).containsAll(names.all().stream().map(TopicNames.Spec::name).toList());
                assertThat(admin.describeTopics(List.of(names.links())).allTopicNames().get().get(names.links()).partitions()).hasSize(3);
                assertThat(cleanupPolicy(admin, names.timelines())).isEqualTo("compact");
                assertThat(cleanupPolicy(admin, names.links())).isEqualTo("delete");
                for (TopicNames.Spec spec : names.all()) {
                    assertThat(configs(admin, spec.name())).as(spec.name()).containsAllEntriesOf(spec.configs());
                }
            }
            assertThat(read(again.bootstrapServers(), names.signals())).containsExactly("vm1=hello");
        }
    }

    private static Map<String, String> configs(Admin admin, String topic) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Map<String, String> out = new java.util.HashMap<>();
        admin.describeConfigs(List.of(r)).all().get().get(r).entries().forEach(e -> out.put(e.name(), e.value()));
        return out;
    }

    private static String cleanupPolicy(Admin admin, String topic) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config c = admin.describeConfigs(List.of(r)).all().get().get(r);
        return c.get("cleanup.policy").value();
    }

    private static void produce(String bootstrap, String topic, String key, String value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, key, value)).get();
        }
    }

    private static List<String> read(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.currentTimeMillis() + 15_000;
            List<String> out = new java.util.ArrayList<>();
            while (out.isEmpty() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(r.key() + "=" + r.value());
                }
            }
            return out;
        }
    }
}
