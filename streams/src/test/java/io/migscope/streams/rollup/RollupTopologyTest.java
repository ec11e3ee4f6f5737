package io.migscope.streams.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.migscope.avro.Distribution;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.Rollup;
import io.migscope.streams.TopologySerdes;
import io.migscope.streams.testing.PlainAvroSerde;
import io.migscope.topics.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class RollupTopologyTest {
    private static final TopicNames TOPICS = new TopicNames("t.");
    private static final TopologySerdes SERDES = PlainAvroSerde.topologySerdes();
    /** 2026-11-22T04:00:00Z, a whole hour, so 1 m and 1 h windows both start here. */
    private static final long T0 = 1_795_320_000_000L;

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, MigrationSummary> in;
    private TestOutputTopic<String, Rollup> out;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private void start(String windows, Duration grace) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, MigrationSummary> summaries = builder.stream(TOPICS.summaries(),
                Consumed.with(Serdes.String(), SERDES.summaries()).withName("summaries-in"));
        RollupTopology.addTo(builder, summaries, TOPICS, SERDES,
                new RollupSettings(RollupSettings.parseWindows(windows), grace));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "rollup-test");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        // No record cache: every update leaves at once, as it would after a commit.
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        driver = new TopologyTestDriver(builder.build(p), p);
        in = driver.createInputTopic(TOPICS.summaries(), Serdes.String().serializer(), SERDES.summaries().serializer());
        out = driver.createOutputTopic(TOPICS.rollups(), Serdes.String().deserializer(), SERDES.rollups().deserializer());
    }

    private void pipe(MigrationSummary s) {
        in.pipeInput(new TestRecord<>(s.getMigrationId(), s, null, s.getCompletedAtUs() / 1000));
    }

    @Test
    void countsEveryDimensionAndOutcome() {
        start("1m,1h", Duration.ofSeconds(30));
        pipe(Summaries.summary("a", "prod-a", "completed", T0 + 1_000).build());
        pipe(Summaries.summary("b", "prod-a", "failed", T0 + 2_000).build());
        pipe(Summaries.summary("c", "prod-b", "aborted", T0 + 3_000).setFlavor(null).setVmMemoryBytes(3L << 30).build());
        pipe(Summaries.summary("d", "prod-a", "completed", T0 + 61_000).build());
        Map<String, Rollup> latest = out.readKeyValuesToMap();

        Rollup hourA = latest.get("1h@2026-11-22T04:00:00Z/cluster=prod-a");
        assertThat(hourA.getStarted()).isEqualTo(3);
        assertThat(hourA.getCompleted()).isEqualTo(2);
        assertThat(hourA.getFailed()).isEqualTo(1);
        assertThat(hourA.getSuccessRate()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(hourA.getWindowStartUs()).isEqualTo(T0 * 1000);
        assertThat(hourA.getWindowEndUs()).isEqualTo((T0 + 3_600_000) * 1000);
        Rollup minuteA = latest.get("1m@2026-11-22T04:00:00Z/cluster=prod-a");
        assertThat(minuteA.getStarted()).isEqualTo(2);
        assertThat(latest.get("1m@2026-11-22T04:01:00Z/cluster=prod-a").getStarted()).isEqualTo(1);
        assertThat(latest.get("1h@2026-11-22T04:00:00Z/fleet=all").getStarted()).isEqualTo(4);
        assertThat(latest.get("1h@2026-11-22T04:00:00Z/outcome=aborted").getAborted()).isEqualTo(1);
        assertThat(latest.get("1h@2026-11-22T04:00:00Z/flavor=mem<=4GiB").getStarted()).isEqualTo(1);
        assertThat(latest.get("1h@2026-11-22T04:00:00Z/platform=KUBEVIRT").getStarted()).isEqualTo(4);
        assertThat(latest.get("1h@2026-11-22T04:00:00Z/source_node=node-01").getStarted()).isEqualTo(4);
        assertThat(latest.get("1h@2026-11-22T04:00:00Z/target_node=node-02").getStarted()).isEqualTo(4);
        assertThat(latest.get("1h@2026-11-22T04:00:00Z/mode=PreCopy").getStarted()).isEqualTo(4);
        assertThat(latest).doesNotContainKey("1h@2026-11-22T04:00:00Z/cluster=unknown");
    }

    @Test
    void percentilesAreWithinTheSketchBoundOfExactOnes() {
        start("1h", Duration.ofSeconds(30));
        SplittableRandom random = new SplittableRandom(7);
        int n = 2_000;
        double[] times = new double[n];
        double[] blackouts = new double[n];
        for (int i = 0; i < n; i++) {
            long time = 5_000 + (long) (Math.exp(random.nextGaussian()) * 20_000);
            double blackout = 50 + Math.exp(random.nextGaussian() * 0.8) * 200;
            times[i] = time;
            blackouts[i] = blackout;
            pipe(Summaries.summary("m" + i, "prod-a", "completed", T0 + i * 1_000L)
                    .setMigrationTimeMs(time).setObservedBlackoutMs(blackout).build());
        }
        Rollup fleet = out.readKeyValuesToMap().get("1h@2026-11-22T04:00:00Z/fleet=all");
        assertWithinBound(metric(fleet, "migration_time_ms"), times);
        assertWithinBound(metric(fleet, "observed_blackout_ms"), blackouts);
        assertThat(metric(fleet, "reported_downtime_ms").getCount()).isZero();
        assertThat(metric(fleet, "reported_downtime_ms").getP50()).isNull();
    }

    @Test
    void lateSummaryWithinGraceUpdatesTheWindowAndBeyondGraceIsDroppedAndCounted() {
        start("1m", Duration.ofSeconds(30));
        String key = "1m@2026-11-22T04:00:00Z/fleet=all";
        pipe(Summaries.summary("a", "prod-a", "completed", T0 + 10_000).build());
        pipe(Summaries.summary("b", "prod-a", "completed", T0 + 75_000).build());
        out.readKeyValuesToList();
        // 20 s event time, arriving at stream time 75 s: the window [0, 60 s) closes at 60 + 30 s grace.
        pipe(Summaries.summary("late", "prod-a", "failed", T0 + 20_000).build());
        List<Rollup> reemitted = out.readKeyValuesToList().stream().filter(kv -> kv.key.equals(key)).map(kv -> kv.value).toList();
        assertThat(reemitted).hasSize(1);
        assertThat(reemitted.get(0).getStarted()).isEqualTo(2);
        assertThat(reemitted.get(0).getFailed()).isEqualTo(1);

        pipe(Summaries.summary("c", "prod-a", "completed", T0 + 200_000).build());
        out.readKeyValuesToList();
        pipe(Summaries.summary("too-late", "prod-a", "failed", T0 + 30_000).build());
        assertThat(out.readKeyValuesToList()).isEmpty();
        // One fan-out record per dimension (fleet and 7 others) reached the closed window.
        assertThat(droppedRecords()).isEqualTo(8.0);
    }

    private double droppedRecords() {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("dropped-records-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    public static Distribution metric(Rollup r, String name) {
        return r.getMetrics().stream().filter(d -> d.getMetric().equals(name)).findFirst().orElseThrow();
    }

    public static void assertWithinBound(Distribution d, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        assertThat(d.getCount()).isEqualTo(values.length);
        assertQuantile(d.getP50(), sorted, 0.50);
        assertQuantile(d.getP95(), sorted, 0.95);
        assertQuantile(d.getP99(), sorted, 0.99);
        assertThat(d.getMax()).isCloseTo(sorted[sorted.length - 1], within(sorted[sorted.length - 1] * Sketches.RELATIVE_ACCURACY));
    }

    /** DDSketch's guarantee: the value it returns for q is within 1 % of the exact value of rank q(n-1). */
    public static void assertQuantile(Double sketched, double[] sorted, double q) {
        double exact = sorted[(int) Math.floor(q * (sorted.length - 1))];
        assertThat(sketched).as("q=%s exact=%s", q, exact).isCloseTo(exact, within(exact * Sketches.RELATIVE_ACCURACY + 1e-9));
    }
}
