package io.migscope.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.config.MigscopeConfig;
import io.migscope.streams.testing.PlainAvroSerde;
import io.migscope.topics.TopicNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules the v2 topology is built by, checked on what Kafka Streams says it built ({@code describe()}) and on
 * the sources: every node and store named by us (a generated name changes when a step is added before it, and
 * orphans its state and topics), one input topic per sub-topology except where two inputs must meet (the wire
 * step: link samples and summaries by endpoint; the waves: their two repartition topics), and only public
 * Kafka Streams API.
 */
class TopologyRulesTest {
    private static final Pattern GENERATED = Pattern.compile("KSTREAM-|KTABLE-");
    private static final Pattern INTERNALS = Pattern.compile("org\\.apache\\.kafka\\.streams\\.[\\w.]*internals\\b");
    private static final TopicNames TOPICS = new TopicNames("t.");
    private static TopologyDescription description;

    @BeforeAll
    static void describe(@TempDir Path state) {
        TopologySerdes serdes = PlainAvroSerde.topologySerdes();
        Properties props = StreamsProps.build(MigscopeConfig.defaults(), "dummy:9092", "rules", state, TOPICS,
                serdes.deadLetters().serializer());
        description = MigscopeTopology.build(props, TOPICS, serdes, CorrelationSettings.defaults()).describe();
    }

    @Test
    void noNodeAndNoStoreHasAGeneratedName() {
        List<String> names = new ArrayList<>();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                names.add(node.name());
                if (node instanceof TopologyDescription.Processor p) {
                    names.addAll(p.stores());
                }
            }
        }
        description.globalStores().forEach(g -> names.addAll(g.processor().stores()));

        assertThat(names).hasSizeGreaterThan(50).noneMatch(n -> GENERATED.matcher(n).find());
        assertThat(names).contains("assign-migrations", "build-timelines", "track-downtime", "downtime-windows",
                "finish-downtime", "assess-convergence", "raise-alerts", "summarize", "attribute-summaries",
                "attribute-links", "vm-migrations", "vm-task-clock", "vm-probe-trackers", "migration-timelines",
                "migration-convergence", "migration-alerts", "wire-link-samples", "wire-migrations");
    }

    @Test
    void eachSubTopologyReadsOneTopicExceptTheWireStepAndTheWaves() {
        // The wire step: the VM side's summaries and the link samples, both keyed by endpoint.
        Set<String> wire = Set.of("wire-links-by-endpoint-repartition", "summaries-by-host-pair-repartition");
        List<Set<String>> multi = new ArrayList<>();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            Set<String> topics = new TreeSet<>();
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source s) {
                    assertThat(s.topicSet()).as("source %s reads named topics, not a pattern", s.name()).isNotNull();
                    topics.addAll(s.topicSet());
                }
            }
            if (topics.size() > 1) {
                multi.add(topics);
            }
        }

        assertThat(multi).hasSize(2).anySatisfy(t -> assertThat(t).isEqualTo(wire)).anySatisfy(t -> assertThat(t)
                .hasSize(2).allMatch(topic -> topic.matches("wave-by-[a-z]+-repartition")));
        assertThat(sourcesOf(TOPICS.signals())).as("the VM side reads vm-signals once").isEqualTo(1);
        assertThat(sourcesOf(TOPICS.links())).isEqualTo(1);
    }

    private static long sourcesOf(String topic) {
        return description.subtopologies().stream().flatMap(s -> s.nodes().stream())
                .filter(n -> n instanceof TopologyDescription.Source s && s.topicSet() != null
                        && s.topicSet().contains(topic)).count();
    }

    @Test
    void noSourceUsesKafkaStreamsInternals() throws IOException {
        Path main = Path.of("src", "main", "java");
        assertThat(main.resolve("io/migscope/streams/MigscopeTopology.java")).as("run from the streams module").exists();
        List<String> offenders = new ArrayList<>();
        int files = 0;
        try (Stream<Path> all = Files.walk(main)) {
            for (Path p : all.filter(f -> f.toString().endsWith(".java")).toList()) {
                files++;
                String rel = main.relativize(p).toString().replace('\\', '/');
                Matcher m = INTERNALS.matcher(Files.readString(p));
                if (m.find()) {
                    offenders.add(rel + ": " + m.group());
                }
            }
        }

        assertThat(files).isGreaterThan(50);
        assertThat(offenders).isEmpty();
    }
}
