package io.migscope.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.topics.TopicNames;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * deploy/strimzi/kafka-topics.yaml says what the code's own topic list says: one KafkaTopic per
 * {@link TopicNames#all()} entry (default prefix), nothing more, with the same cleanup policy, retention and
 * partition count that TopicAdmin creates the embedded broker's topics with.
 */
class KafkaTopicsManifestTest {
    private static final Path FILE = Path.of("../deploy/strimzi/kafka-topics.yaml");

    @Test
    void theKafkaTopicsAreTheCodesTopicList() throws IOException {
        Manifests.Result r = Manifests.read(List.of(FILE));
        assertThat(r.errors()).isEmpty();
        MigscopeConfig defaults = MigscopeConfig.defaults();
        List<String> problems = disagreements(r.all(KafkaTopic.class), TopicNames.from(defaults),
                defaults.getInt(Keys.TOPICS_PARTITIONS));
        assertThat(problems).as("fix deploy/strimzi/kafka-topics.yaml to match TopicNames.all()").isEmpty();
    }

    @Test
    void aMissingTopicAnExtraOneAndAChangedPolicyAreReported() throws IOException {
        String yaml = Files.readString(FILE)
                .replace("topicName: migscope.dead-letters", "topicName: migscope.dead-letter")
                .replace("retention.ms: 604800000", "retention.ms: 86400000")
                .replaceFirst("partitions: 6", "partitions: 3");
        List<KafkaTopic> topics = Manifests.parse("mutated", yaml).all(KafkaTopic.class);
        TopicNames names = TopicNames.from(MigscopeConfig.defaults());
        List<String> problems = disagreements(topics, names, 6);
        assertThat(problems).contains("missing: migscope.dead-letters", "not in TopicNames.all(): migscope.dead-letter");
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(names.signals() + ": config")
                .contains("retention.ms=86400000").contains("retention.ms=604800000"));
        assertThat(problems).contains(names.signals() + ": partitions 3, expected 6");
    }

    /** Each way the KafkaTopics differ from {@code names.all()}; empty when they agree. */
    static List<String> disagreements(List<KafkaTopic> topics, TopicNames names, int partitions) {
        Map<String, KafkaTopic> byName = new LinkedHashMap<>();
        topics.forEach(t -> byName.put(t.getSpec().getTopicName() != null ? t.getSpec().getTopicName()
                : t.getMetadata().getName(), t));
        List<String> out = new ArrayList<>();
        for (TopicNames.Spec spec : names.all()) {
            KafkaTopic t = byName.remove(spec.name());
            if (t == null) {
                out.add("missing: " + spec.name());
                continue;
            }
            Map<String, String> config = new LinkedHashMap<>();
            t.getSpec().getConfig().forEach((k, v) -> config.put(k, String.valueOf(v)));
            Map<String, String> shared = new LinkedHashMap<>(config);
            shared.keySet().retainAll(spec.configs().keySet());
            if (!shared.equals(spec.configs()) || spec.compacted() && config.containsKey("retention.ms")) {
                out.add(spec.name() + ": config " + config + ", expected " + spec.configs());
            }
            if (t.getSpec().getPartitions() == null || t.getSpec().getPartitions() != partitions) {
                out.add(spec.name() + ": partitions " + t.getSpec().getPartitions() + ", expected " + partitions);
            }
            int replicas = t.getSpec().getReplicas() == null ? 1 : t.getSpec().getReplicas();
            Object minIsr = config.get("min.insync.replicas");
            if (minIsr != null && Integer.parseInt(minIsr.toString()) >= replicas) {
                out.add(spec.name() + ": min.insync.replicas " + minIsr + " leaves no replica to lose of " + replicas);
            }
        }
        byName.keySet().forEach(n -> out.add("not in TopicNames.all(): " + n));
        return out;
    }
}
