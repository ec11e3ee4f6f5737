package io.migscope.streams;

import io.migscope.avro.DeadLetter;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.KafkaStack;
import io.migscope.producers.simulator.SimulatedRecord;
import io.migscope.serde.SerdeFactory;
import io.migscope.topics.TopicNames;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The real topology in a TopologyTestDriver, with the real registry-backed serdes. */
final class TopologyFixture implements AutoCloseable {
    final TopicNames topics = new TopicNames("t.");
    final TopologySerdes serdes;
    final TopologyTestDriver driver;
    private final TestInputTopic<String, SpecificRecord> events;
    private final TestInputTopic<String, SpecificRecord> pings;
    private final TestInputTopic<String, io.migscope.avro.LinkSample> links;

    TopologyFixture(KafkaStack stack, Path stateDir, Map<String, String> overrides) {
        this(stack, stateDir, overrides, InputHealth.ALWAYS, java.time.Instant.now());
    }

    /** With the idle flush gated on {@code health}, and the driver's wall clock starting at {@code wallClock}. */
    TopologyFixture(KafkaStack stack, Path stateDir, Map<String, String> overrides, InputHealth health,
                    java.time.Instant wallClock) {
        MigscopeConfig config = MigscopeConfig.builder().build().with(overrides);
        serdes = TopologySerdes.from(new TopologySerdes.Factory() {
            @Override
            public <T extends SpecificRecord> org.apache.kafka.common.serialization.Serde<T> serde(Class<T> type) {
                return SerdeFactory.valueSerde(config, stack.registryUrl(), type);
            }
        });
        Properties props = StreamsProps.build(config, "dummy:9092", "topology-test", stateDir, topics,
                serdes.deadLetters().serializer());
        // The driver cannot know a partition's lag, so task idling would wait forever on an empty input; records
        // are piped in event-time order here anyway.
        props.put(org.apache.kafka.streams.StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 0L);
        driver = new TopologyTestDriver(MigscopeTopology.build(props, topics, serdes,
                CorrelationSettings.from(config).withInputHealth(health)), props, wallClock);
        events = driver.createInputTopic(topics.events(), Serdes.String().serializer(), serdes.inputs().serializer());
        pings = driver.createInputTopic(topics.pings(), Serdes.String().serializer(), serdes.inputs().serializer());
        links = driver.createInputTopic(topics.links(), Serdes.String().serializer(), serdes.links().serializer());
    }

    void pipe(SimulatedRecord r) {
        switch (r.topicKind()) {
            case EVENT -> events.pipeInput(r.key(), r.value(), r.timestampUs() / 1000);
            case PING -> pings.pipeInput(r.key(), r.value(), r.timestampUs() / 1000);
            case LINK -> links.pipeInput(r.key(), (io.migscope.avro.LinkSample) r.value(), r.timestampUs() / 1000);
            default -> throw new IllegalArgumentException("unknown record kind " + r.topicKind());
        }
    }

    void pipeEvent(String vm, SpecificRecord value, long timestampMs) {
        events.pipeInput(vm, value, timestampMs);
    }

    void pipePing(String vm, SpecificRecord value, long timestampMs) {
        pings.pipeInput(vm, value, timestampMs);
    }

    void pipeLink(String pair, io.migscope.avro.LinkSample value) {
        links.pipeInput(pair, value, value.getIntervalEndUs() / 1000);
    }

    void pipeLink(io.migscope.avro.LinkSample value, long timestampMs) {
        links.pipeInput(io.migscope.topics.HostPairs.key(value.getSourceHost(), value.getTargetHost()), value, timestampMs);
    }

    <V extends SpecificRecord> Map<String, V> latest(String topic, org.apache.kafka.common.serialization.Serde<V> serde) {
        return driver.createOutputTopic(topic, Serdes.String().deserializer(), serde.deserializer()).readKeyValuesToMap();
    }

    java.util.List<DeadLetter> deadLetters() {
        return driver.createOutputTopic(topics.deadLetters(), Serdes.String().deserializer(),
                serdes.deadLetters().deserializer()).readValuesToList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
