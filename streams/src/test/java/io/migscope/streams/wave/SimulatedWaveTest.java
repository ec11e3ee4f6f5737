package io.migscope.streams.wave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.migscope.avro.CaptureScope;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import io.migscope.avro.Rollup;
import io.migscope.avro.WaveConcurrency;
import io.migscope.avro.WaveMinute;
import io.migscope.avro.VmSignal;
import io.migscope.avro.WaveStatus;
import io.migscope.producers.publish.SignalEncoder;
import io.migscope.producers.simulator.FleetSimulator;
import io.migscope.producers.simulator.MigrationExpectation;
import io.migscope.producers.simulator.SimulatedRecord;
import io.migscope.producers.simulator.SimulationSpec;
import io.migscope.producers.simulator.TopicKind;
import io.migscope.streams.CorrelationSettings;
import io.migscope.streams.EventTimeExtractor;
import io.migscope.streams.MigscopeTopology;
import io.migscope.streams.TopologySerdes;
import io.migscope.streams.rollup.RollupSettings;
import io.migscope.streams.rollup.RollupTopology;
import io.migscope.streams.rollup.RollupTopologyTest;
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
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole topology, correlator included, over the simulator's demo wave (24 VMs, 6 nodes, KubeVirt limits 5 and 2). */
class SimulatedWaveTest {
    private static final TopicNames TOPICS = new TopicNames("sim.");
    private static final TopologySerdes SERDES = PlainAvroSerde.topologySerdes();
    private static final Serde<WaveStatus> WAVES = PlainAvroSerde.of(WaveStatus.class);
    private static final long START_US = 1_795_320_000_000_000L;

    @TempDir
    static Path stateDir;
    static TopologyTestDriver driver;
    static FleetSimulator simulator;
    static List<MigrationSummary> summaries;
    static Map<String, WaveStatus> waves;
    static Map<String, Rollup> rollups;

    @BeforeAll
    static void runWave() {
        simulator = new FleetSimulator(SimulationSpec.demo(11, START_US));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "simulated-wave");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // As in production: an unnamed processor, store or internal topic fails the build.
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        p.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, EventTimeExtractor.class);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(p)));
        MigscopeTopology.addAll(builder, TOPICS, SERDES, CorrelationSettings.defaults());
        driver = new TopologyTestDriver(builder.build(p), p);
        TestInputTopic<String, VmSignal> signals = driver.createInputTopic(TOPICS.signals(),
                Serdes.String().serializer(), SERDES.signals().serializer());
        SignalEncoder encoder = new SignalEncoder();
        List<SignalEncoder.Out> out = new ArrayList<>();
        for (SimulatedRecord r : simulator) {
            if (r.topicKind() != TopicKind.LINK) {
                out.addAll(encoder.add(r.value(), r.timestampUs()));
            }
        }
        // The run ends: every migration is summarised with what its VM sent.
        out.addAll(encoder.finish(CaptureScope.ALL, "test"));
        out.forEach(o -> signals.pipeInput(new TestRecord<>(o.key(), (VmSignal) o.value(), null, o.timestampUs() / 1000)));
        summaries = driver.createOutputTopic(TOPICS.summaries(), Serdes.String().deserializer(),
                SERDES.summaries().deserializer()).readValuesToList();
        waves = driver.createOutputTopic(TOPICS.waves(), Serdes.String().deserializer(), WAVES.deserializer())
                .readKeyValuesToMap();
        rollups = driver.createOutputTopic(TOPICS.rollups(), Serdes.String().deserializer(),
                SERDES.rollups().deserializer()).readKeyValuesToMap();
    }

    @AfterAll
    static void close() {
        driver.close();
    }

    @Test
    void everyScheduledMigrationGetsASummary() {
        assertThat(summaries.stream().map(MigrationSummary::getMigrationId).sorted().toList())
                .containsExactlyElementsOf(simulator.expectations().stream().map(MigrationExpectation::migrationId).sorted().toList());
    }

    @Test
    void everyEndedMigrationOfTheWaveIsInOneWaveStatus() {
        assertThat(summaries).hasSizeGreaterThan(simulator.expectations().size() / 2);
        WaveStatus wave = waves.get("demo");
        assertThat(waves).containsOnlyKeys("demo");
        assertThat(wave.getVms()).isEqualTo(summaries.size());
        assertThat(wave.getCompleted()).isEqualTo(outcomes("completed"));
        assertThat(wave.getAborted()).isEqualTo(outcomes("aborted") + outcomes("cancelled"));
        assertThat(wave.getMembers()).isEmpty();
        long firstRequest = summaries.stream().mapToLong(MigrationSummary::getRequestedAtUs).min().orElseThrow();
        long lastEnd = summaries.stream().mapToLong(MigrationSummary::getCompletedAtUs).max().orElseThrow();
        assertThat(wave.getFirstRequestedUs()).isEqualTo(firstRequest);
        assertThat(wave.getDurationMs()).isEqualTo((lastEnd - firstRequest) / 1000);
        assertThat(wave.getSecondsPerVm()).isCloseTo((lastEnd - firstRequest) / 1e6 / summaries.size(), within(1e-9));
        assertThat(wave.getMigrationsPerMinute()).isCloseTo(summaries.size() * 60e6 / (lastEnd - firstRequest), within(1e-9));
    }

    private static int outcomes(String outcome) {
        return (int) summaries.stream().filter(s -> s.getOutcome().equals(outcome)).count();
    }

    @Test
    void concurrencyNeverExceedsTheCapsAndTheWaveWasCapacityBound() {
        WaveStatus wave = waves.get("demo");
        assertThat(wave.getPeakInFlight()).isEqualTo(5);
        List<WaveConcurrency> clusters = wave.getConcurrency().stream().filter(c -> c.getScope().equals("cluster")).toList();
        assertThat(clusters).hasSize(1);
        assertThat(clusters.get(0).getLimit()).isEqualTo(5);
        assertThat(clusters.get(0).getOverLimitMs()).isZero();
        assertThat(clusters.get(0).getAtLimitMs()).isPositive();
        List<WaveConcurrency> nodes = wave.getConcurrency().stream().filter(c -> c.getScope().equals("node")).toList();
        assertThat(nodes).hasSizeGreaterThan(1).allSatisfy(n -> {
            assertThat(n.getPeakInFlight()).isBetween(1, 2);
            assertThat(n.getOverLimitMs()).isZero();
        });
        assertThat(wave.getMinutes()).isNotEmpty().allSatisfy(m -> assertThat(m.getMaxInFlight()).isLessThanOrEqualTo(5));
        assertThat(wave.getMinutes().stream().mapToInt(WaveMinute::getEnded).sum()).isEqualTo(wave.getVms());
    }

    @Test
    void queueWaitsMatchTheScheduledOnes() {
        WaveStatus wave = waves.get("demo");
        // The simulator's scheduled waits of the migrations that got a summary.
        List<String> ended = summaries.stream().map(MigrationSummary::getMigrationId).toList();
        double maxWait = simulator.expectations().stream().filter(e -> ended.contains(e.migrationId()))
                .mapToLong(MigrationExpectation::queueWaitMs).max().orElseThrow();
        assertThat(maxWait).isPositive();
        assertThat(wave.getQueueWaitMaxMs()).isCloseTo(maxWait, within(maxWait * 0.01 + 1));
        assertThat(wave.getMinutes().stream().mapToInt(WaveMinute::getMaxQueued).max().orElseThrow()).isPositive();
    }

    @Test
    void rollupsOfTheWaveCountEverySummary() {
        long completed = summaries.stream().filter(s -> s.getOutcome().equals("completed")).count();
        // The configured default has 1 m and 1 h windows; the wave fits in one 1 h window.
        List<Rollup> fleet = rollups.entrySet().stream().filter(e -> e.getKey().startsWith("1h@"))
                .filter(e -> e.getKey().endsWith("/fleet=all")).map(Map.Entry::getValue).toList();
        assertThat(fleet.stream().mapToLong(Rollup::getStarted).sum()).isEqualTo(summaries.size());
        assertThat(fleet.stream().mapToLong(Rollup::getCompleted).sum()).isEqualTo(completed);
        long perNode = rollups.entrySet().stream().filter(e -> e.getKey().startsWith("1h@"))
                .filter(e -> e.getKey().contains("/source_node="))
                .mapToLong(e -> e.getValue().getStarted()).sum();
        assertThat(perNode).isEqualTo(summaries.size());
        // The wave fits in one hour window: its sketch must match the exact percentiles of the summaries.
        assertThat(fleet).hasSize(1);
        assertThat(driver.metrics().entrySet().stream().filter(e -> e.getKey().name().equals("dropped-records-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum())
                .as("no summary is too late for its window with the default grace").isZero();
        double[] times = summaries.stream().mapToDouble(MigrationSummary::getMigrationTimeMs).toArray();
        RollupTopologyTest.assertWithinBound(RollupTopologyTest.metric(fleet.get(0), "migration_time_ms"), times);
    }
}
