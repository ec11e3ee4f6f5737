package io.migscope.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.MigrationSummary;
import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.producers.simulator.FleetSimulator;
import io.migscope.producers.simulator.SimulationSpec;
import io.migscope.streams.correlate.Watermarks;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A replay's watermark probe closes every due migration in stream time and leaves no trace of its own. */
@ExtendWith(MigscopeKafkaExtension.class)
class WatermarkTest {
    private static final long START_US = 1_790_000_000_000_000L;

    @Test
    void aWatermarkClosesDueMigrationsAndIsNotCountedAsAProbe(KafkaStack stack, @TempDir Path state) {
        FleetSimulator sim = new FleetSimulator(SimulationSpec.demo(5, START_US).toBuilder().wave("wm").build());
        try (TopologyFixture f = new TopologyFixture(stack, state, Map.of("correlation.recovery", "30s"))) {
            sim.run(f::pipe);
            // latest() drains the output topic: keep what it read.
            Map<String, MigrationSummary> summaries = new java.util.HashMap<>(
                    f.latest(f.topics.summaries(), f.serdes.summaries()));
            assertThat(summaries.size()).as("the last migrations still wait for their recovery window")
                    .isLessThan(sim.expectations().size());
            double outsideBefore = outsideMigrations(f);

            long atMs = sim.lastTimestampUs() / 1000 + 30_000 + 60_000;
            String vm = Watermarks.PREFIX + "-0";
            f.pipePing(vm, PingSample.newBuilder().setVm(vm).setTarget("0.0.0.0").setSeq(0).setSeqRaw(0)
                    .setSentTimeUs(atMs * 1000).setObservedTimeUs(atMs * 1000).setStatus(PingStatus.REPLY).build(), atMs);

            summaries.putAll(f.latest(f.topics.summaries(), f.serdes.summaries()));
            assertThat(summaries).hasSize(sim.expectations().size());
            assertThat(summaries.values()).noneMatch(s -> Watermarks.isWatermark(s.getVm()));
            assertThat(outsideMigrations(f)).as("the watermark is no probe of a VM").isEqualTo(outsideBefore);
            assertThat(f.deadLetters()).isEmpty();
        }
    }

    private static double outsideMigrations(TopologyFixture f) {
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : f.driver.metrics().entrySet()) {
            if (e.getKey().name().equals("probes-outside-migrations-total")) {
                total += ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        return total;
    }
}
