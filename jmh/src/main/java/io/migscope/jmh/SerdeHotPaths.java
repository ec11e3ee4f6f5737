package io.migscope.jmh;

import io.migscope.avro.MigrationEvent;
import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import io.migscope.embedded.EmbeddedStack;
import io.migscope.producers.simulator.FleetSimulator;
import io.migscope.producers.simulator.SimulatedRecord;
import io.migscope.producers.simulator.SimulationSpec;
import io.migscope.serde.RegistrySettings;
import io.migscope.serde.WireAvroDeserializer;
import io.migscope.serde.WireAvroSerializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Confluent-wire-format serde on the records the pipeline sees most: a PingSample (most of the volume) and a
 * MigrationEvent with statistics. The schema ids come from a real (embedded) registry once, in the setup; after
 * that both directions work from their caches, which is what is measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SerdeHotPaths {
    private static final String PINGS = "jmh.ping-samples";
    private static final String EVENTS = "jmh.migration-events";

    private Path dir;
    private EmbeddedStack stack;
    private WireAvroSerializer<PingSample> pingSerializer;
    private WireAvroSerializer<MigrationEvent> eventSerializer;
    private WireAvroDeserializer<PingSample> pingDeserializer;
    private WireAvroDeserializer<MigrationEvent> eventDeserializer;
    private PingSample ping;
    private MigrationEvent event;
    private byte[] pingBytes;
    private byte[] eventBytes;

    @Setup
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("migscope-jmh-");
        stack = EmbeddedStack.start(dir, 0, 0, false);
        Map<String, Object> config = Map.of(RegistrySettings.URL_CONFIG, stack.registryUrl());
        pingSerializer = new WireAvroSerializer<>();
        pingSerializer.configure(config, false);
        eventSerializer = new WireAvroSerializer<>();
        eventSerializer.configure(config, false);
        pingDeserializer = new WireAvroDeserializer<>(PingSample.class);
        pingDeserializer.configure(config, false);
        eventDeserializer = new WireAvroDeserializer<>(MigrationEvent.class);
        eventDeserializer.configure(config, false);
        ping = PingSample.newBuilder().setVm("vm-00042").setTarget("10.0.0.42").setSeq(1234).setSeqRaw(1234)
                .setSentTimeUs(1_790_000_000_000_000L).setObservedTimeUs(1_790_000_000_512_000L)
                .setStatus(PingStatus.REPLY).setRttUs(512L).build();
        event = statisticsEvent();
        pingBytes = pingSerializer.serialize(PINGS, ping);
        eventBytes = eventSerializer.serialize(EVENTS, event);
    }

    /** The simulator's first migration event that carries statistics: a realistic field mix. */
    private static MigrationEvent statisticsEvent() {
        for (SimulatedRecord r : new FleetSimulator(SimulationSpec.builder().vms(2).build())) {
            if (r.value() instanceof MigrationEvent e && e.getStats() != null) {
                return e;
            }
        }
        throw new IllegalStateException("the simulator made no migration event with statistics");
    }

    @TearDown
    public void tearDown() throws Exception {
        stack.close();
        org.apache.kafka.common.utils.Utils.delete(dir.toFile());
    }

    @Benchmark
    public byte[] serializePing() {
        return pingSerializer.serialize(PINGS, ping);
    }

    @Benchmark
    public PingSample deserializePing() {
        return pingDeserializer.deserialize(PINGS, pingBytes);
    }

    @Benchmark
    public byte[] serializeEvent() {
        return eventSerializer.serialize(EVENTS, event);
    }

    @Benchmark
    public MigrationEvent deserializeEvent() {
        return eventDeserializer.deserialize(EVENTS, eventBytes);
    }
}
