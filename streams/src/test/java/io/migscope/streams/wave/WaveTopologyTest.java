package io.migscope.streams.wave;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.CapacityHeld;
import io.migscope.avro.DiskProgress;
import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.Platform;
import io.migscope.avro.WaveConcurrency;
import io.migscope.avro.WaveStatus;
import io.migscope.streams.state.StateSerdes;
import io.migscope.streams.testing.PlainAvroSerde;
import io.migscope.topics.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WaveTopologyTest {
    private static final TopicNames TOPICS = new TopicNames("w.");
    private static final Serde<WaveStatus> WAVES = PlainAvroSerde.of(WaveStatus.class);
    private static final Serde<MigrationSummary> SUMMARIES = PlainAvroSerde.of(MigrationSummary.class);
    private static final Serde<MigrationEvent> EVENTS = PlainAvroSerde.of(MigrationEvent.class);
    /** 2026-11-22T04:00:00Z in microseconds. */
    private static final long T0 = 1_795_320_000_000_000L;
    private static final long S = 1_000_000L;

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, MigrationSummary> summaries;
    private TestInputTopic<String, MigrationEvent> events;
    private TestOutputTopic<String, WaveStatus> out;

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        WaveTopology.addTo(builder,
                builder.stream(TOPICS.summaries(), Consumed.with(Serdes.String(), SUMMARIES).withName("summaries-in")),
                builder.stream(TOPICS.prefix() + "test-events", Consumed.with(Serdes.String(), EVENTS).withName("events-in")),
                TOPICS, WAVES, new StateSerdes(PlainAvroSerde::of), new WaveSettings(5, 2, Duration.ofMinutes(5), Duration.ofSeconds(60), Duration.ofHours(6), 100));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "wave-test");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        driver = new TopologyTestDriver(builder.build(p), p);
        summaries = driver.createInputTopic(TOPICS.summaries(), Serdes.String().serializer(), SUMMARIES.serializer());
        events = driver.createInputTopic(TOPICS.prefix() + "test-events", Serdes.String().serializer(), EVENTS.serializer());
        out = driver.createOutputTopic(TOPICS.waves(), Serdes.String().deserializer(), WAVES.deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void aVmWhoseLastDiskStragglesIsFlaggedWhileHoldingAndWithItsFinalHold() {
        // vm-a: two of three disks done at +10 s, the third only at +130 s: 120 s holding a whole slot.
        event("vm-a", T0, EventKind.REQUESTED, null);
        event("vm-a", T0 + 10 * S, EventKind.PROGRESS, null, disk("sda", true), disk("sdb", true), disk("sdc", false));
        event("vm-a", T0 + 40 * S, EventKind.PROGRESS, null, disk("sda", true), disk("sdb", true), disk("sdc", false));
        event("vm-a", T0 + 75 * S, EventKind.PROGRESS, null, disk("sda", true), disk("sdb", true), disk("sdc", false));
        List<CapacityHeld> whileHeld = out.readValuesToList().get(0).getCapacityHeld();
        assertThat(whileHeld).singleElement().satisfies(h -> {
            assertThat(h.getDisk()).isEqualTo("sdc");
            assertThat(h.getUntilUs()).isNull();
            assertThat(h.getHeldMs()).isEqualTo(65_000);
            assertThat(h.getDisks()).isEqualTo(3);
        });
        event("vm-a", T0 + 130 * S, EventKind.STATUS, "completed", disk("sda", true), disk("sdb", true), disk("sdc", true));
        // vm-b: its disks finish together, and vm-c's straggler lasts only 30 s: neither holds capacity.
        event("vm-b", T0 + 5 * S, EventKind.PROGRESS, null, disk("sda", false), disk("sdb", false));
        event("vm-b", T0 + 50 * S, EventKind.STATUS, "completed", disk("sda", true), disk("sdb", true));
        event("vm-c", T0 + 5 * S, EventKind.PROGRESS, null, disk("sda", true), disk("sdb", false));
        event("vm-c", T0 + 35 * S, EventKind.STATUS, "completed", disk("sda", true), disk("sdb", true));
        WaveStatus wave = out.readKeyValuesToMap().get("disk-wave");
        assertThat(wave.getCapacityHeld()).singleElement().satisfies(h -> {
            assertThat(h.getVm()).isEqualTo("vm-a");
            assertThat(h.getMigrationId()).isEqualTo("mig-vm-a");
            assertThat(h.getSinceUs()).isEqualTo(T0 + 10 * S);
            assertThat(h.getUntilUs()).isEqualTo(T0 + 130 * S);
            assertThat(h.getHeldMs()).isEqualTo(120_000);
        });
        assertThat(wave.getCapacityHeldMs()).isEqualTo(120_000);
    }

    @Test
    void unlabelledRequestsFormBatchesCutByTheGapAndALateEarlierRequestRenamesTheBatch() {
        summary("m1", null, "node-1", T0, T0 + 10 * S, T0 + 70 * S);
        summary("m2", null, "node-2", T0 + 120 * S, T0 + 130 * S, T0 + 200 * S);
        summary("m3", null, "node-3", T0 + 20 * 60 * S, T0 + 20 * 60 * S, T0 + 21 * 60 * S);
        Map<String, WaveStatus> waves = out.readKeyValuesToMap();
        assertThat(waves.get("prod-a@2026-11-22T04:00:00Z").getVms()).isEqualTo(2);
        assertThat(waves.get("prod-a@2026-11-22T04:20:00Z").getVms()).isEqualTo(1);
        assertThat(waves.get("prod-a@2026-11-22T04:00:00Z").getLabel()).isNull();

        // Requested 3 minutes before m1, ended last: the batch now starts earlier and its old id is tombstoned.
        summary("m0", null, "node-4", T0 - 180 * S, T0 - 170 * S, T0 + 22 * 60 * S);
        List<KeyValue<String, WaveStatus>> updates = out.readKeyValuesToList();
        assertThat(updates).anySatisfy(kv -> {
            assertThat(kv.key).isEqualTo("prod-a@2026-11-22T04:00:00Z");
            assertThat(kv.value).isNull();
        });
        WaveStatus renamed = updates.get(updates.size() - 1).value;
        assertThat(updates.get(updates.size() - 1).key).isEqualTo("prod-a@2026-11-22T03:57:00Z");
        assertThat(renamed.getVms()).isEqualTo(3);
        assertThat(renamed.getFirstRequestedUs()).isEqualTo(T0 - 180 * S);
    }

    @Test
    void concurrencyAboveTheNodeLimitIsMeasuredExactly() {
        // Three outbound from node-1: overlapping [0,100), [10,60), [50,120) seconds, requested together at 0.
        summary("a", "w", "node-1", T0, T0, T0 + 100 * S);
        summary("b", "w", "node-1", T0, T0 + 10 * S, T0 + 60 * S);
        summary("c", "w", "node-1", T0, T0 + 50 * S, T0 + 120 * S);
        WaveStatus wave = out.readKeyValuesToMap().get("w");
        WaveConcurrency node = wave.getConcurrency().stream().filter(c -> c.getScope().equals("node")).findFirst().orElseThrow();
        assertThat(node.getPeakInFlight()).isEqualTo(3);
        // Three in flight only during [50, 60) s; at least two during [10, 100) s.
        assertThat(node.getOverLimitMs()).isEqualTo(10_000);
        assertThat(node.getAtLimitMs()).isEqualTo(90_000);
        WaveConcurrency cluster = wave.getConcurrency().stream().filter(c -> c.getScope().equals("cluster")).findFirst().orElseThrow();
        assertThat(cluster.getOverLimitMs()).isZero();
        assertThat(wave.getQueueWaitMaxMs()).isCloseTo(50_000, org.assertj.core.api.Assertions.within(500.0));
        assertThat(wave.getMinutes()).hasSize(3);
        assertThat(wave.getMinutes().get(0).getMaxInFlight()).isEqualTo(3);
        assertThat(wave.getMinutes().get(0).getMaxQueued()).isEqualTo(2);
        assertThat(wave.getMinutes().get(1).getMaxInFlight()).isEqualTo(2);
        // b ends at 60 s and a at 100 s (minute 1); c at exactly 120 s, so minute 2 has an end but nothing in flight.
        assertThat(wave.getMinutes().get(1).getEnded()).isEqualTo(2);
        assertThat(wave.getMinutes().get(2).getEnded()).isEqualTo(1);
        assertThat(wave.getMinutes().get(2).getMaxInFlight()).isZero();
        assertThat(wave.getDurationMs()).isEqualTo(120_000);

        // A re-delivered summary changes nothing.
        summary("b", "w", "node-1", T0, T0 + 10 * S, T0 + 60 * S);
        assertThat(out.readKeyValuesToMap().get("w").getVms()).isEqualTo(3);
    }

    private void summary(String id, String wave, String node, long requested, long started, long ended) {
        MigrationSummary s = MigrationSummary.newBuilder().setMigrationId(id).setVm("vm-" + id).setCluster("prod-a")
                .setPlatform(Platform.KUBEVIRT).setSourceHost(node).setOutcome("completed").setWave(wave)
                .setRequestedAtUs(requested).setStartedAtUs(started).setCompletedAtUs(ended).build();
        summaries.pipeInput(new TestRecord<>(id, s, null, (ended + 30 * S) / 1000));
    }

    private void event(String vm, long timeUs, EventKind kind, String status, DiskProgress... disks) {
        MigrationEvent e = MigrationEvent.newBuilder().setEventId(vm + "-" + timeUs).setEventTimeUs(timeUs)
                .setPlatform(Platform.VSPHERE).setSourceFormat("test").setKind(kind).setVm(vm).setCluster("prod-a")
                .setMigrationId("mig-" + vm).setStatus(status).setWave("disk-wave").setDisks(new ArrayList<>(List.of(disks)))
                .build();
        events.pipeInput(new TestRecord<>(vm, e, null, timeUs / 1000));
    }

    private static DiskProgress disk(String name, boolean done) {
        return DiskProgress.newBuilder().setDisk(name).setTotalBytes(10L << 30).setProcessedBytes(done ? 10L << 30 : 1L << 30)
                .setDone(done).build();
    }
}
