package io.migscope.streams;

import io.migscope.avro.CaptureScope;
import io.migscope.avro.DeadLetter;
import io.migscope.avro.LinkSample;
import io.migscope.avro.VmSignal;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.KafkaStack;
import io.migscope.producers.publish.SignalEncoder;
import io.migscope.producers.simulator.SimulatedRecord;
import io.migscope.serde.SerdeFactory;
import io.migscope.topics.TopicNames;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The streams core v2 in a TopologyTestDriver with the real registry-backed serdes: simulated records go through
 * the same {@link SignalEncoder} the publishers use (events at once, probes batched), in the order given.
 */
final class SignalsFixture implements AutoCloseable {
    final TopicNames topics = new TopicNames("t.");
    final TopologySerdes serdes;
    final TopologyTestDriver driver;
    private final TestInputTopic<String, VmSignal> signals;
    private final TestInputTopic<String, LinkSample> links;
    private final SignalEncoder encoder = new SignalEncoder();

    SignalsFixture(KafkaStack stack, Path stateDir, Map<String, String> overrides) {
        MigscopeConfig config = MigscopeConfig.builder().build().with(overrides);
        serdes = TopologySerdes.from(new TopologySerdes.Factory() {
            @Override
            public <T extends SpecificRecord> Serde<T> serde(Class<T> type) {
                return SerdeFactory.valueSerde(config, stack.registryUrl(), type);
            }
        });
        Properties props = StreamsProps.build(config, "dummy:9092", "topology-test", stateDir, topics,
                serdes.deadLetters().serializer());
        // The driver runs every sub-topology in one task: idling for an empty input would wait for ever.
        props.put(org.apache.kafka.streams.StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 0L);
        driver = new TopologyTestDriver(MigscopeTopology.build(props, topics, serdes, CorrelationSettings.from(config)),
                props);
        signals = driver.createInputTopic(topics.signals(), Serdes.String().serializer(), serdes.signals().serializer());
        links = driver.createInputTopic(topics.links(), Serdes.String().serializer(), serdes.links().serializer());
    }

    /** One simulated record, through the encoder: an event at once, a probe when its batch is complete. */
    void pipe(SimulatedRecord r) {
        encoder.add(r.value(), r.timestampUs()).forEach(this::send);
    }

    /** The batches still open, and one capture end per VM seen: the run is over. */
    void endOfRun() {
        encoder.finish(CaptureScope.ALL, "test").forEach(this::send);
    }

    void send(SignalEncoder.Out o) {
        if (o.link()) {
            links.pipeInput(o.key(), (LinkSample) o.value(), o.timestampUs() / 1000);
        } else {
            signals.pipeInput(o.key(), (VmSignal) o.value(), o.timestampUs() / 1000);
        }
    }

    /** A signal as it is, keyed by its VM. */
    void signal(String vm, SpecificRecord signal, long timeUs) {
        signals.pipeInput(vm, SignalEncoder.wrap(signal), timeUs / 1000);
    }

    void link(LinkSample l) {
        links.pipeInput(io.migscope.topics.HostPairs.key(l.getSourceHost(), l.getTargetHost()), l,
                l.getIntervalEndUs() / 1000);
    }

    <V extends SpecificRecord> Map<String, V> latest(String topic, Serde<V> serde) {
        return driver.createOutputTopic(topic, Serdes.String().deserializer(), serde.deserializer()).readKeyValuesToMap();
    }

    <V extends SpecificRecord> List<V> all(String topic, Serde<V> serde) {
        return driver.createOutputTopic(topic, Serdes.String().deserializer(), serde.deserializer()).readValuesToList();
    }

    List<DeadLetter> deadLetters() {
        return all(topics.deadLetters(), serdes.deadLetters());
    }

    double metric(String name) {
        return driver.metrics().entrySet().stream().filter(e -> e.getKey().name().equals(name))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    @Override
    public void close() {
        driver.close();
    }
}
