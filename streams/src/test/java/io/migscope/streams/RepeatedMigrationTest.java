package io.migscope.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.migscope.avro.DowntimeReport;
import io.migscope.avro.MigrationSummary;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.producers.simulator.FleetSimulator;
import io.migscope.producers.simulator.MigrationExpectation;
import io.migscope.producers.simulator.SimulatedRecord;
import io.migscope.producers.simulator.SimulationSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same VMs migrate again before the previous migration's recovery window is over, probed by a new ping
 * process whose seq numbering starts afresh: each migration must keep its own blackout and brownout.
 */
@ExtendWith(MigscopeKafkaExtension.class)
class RepeatedMigrationTest {
    private static final long START_US = 1_790_000_000_000_000L;

    @Test
    void aVmMigratedAgainWithinTheRecoveryWindowKeepsBothResultsApart(KafkaStack stack, @TempDir Path state) {
        FleetSimulator first = new FleetSimulator(SimulationSpec.demo(3, START_US).toBuilder().wave("w1").build());
        FleetSimulator second = new FleetSimulator(SimulationSpec.demo(4, START_US + 60_000_000L).toBuilder()
                .wave("w2").build());
        List<SimulatedRecord> records = new ArrayList<>();
        first.run(records::add);
        second.run(records::add);
        records.sort(Comparator.comparingLong(SimulatedRecord::timestampUs));
        List<MigrationExpectation> expected = new ArrayList<>(first.expectations());
        expected.addAll(second.expectations());
        try (TopologyFixture f = new TopologyFixture(stack, state, Map.of("correlation.recovery", "90s"))) {
            records.forEach(f::pipe);
            long endMs = second.lastTimestampUs() / 1000 + 200_000;
            f.pipePing("idle-vm", io.migscope.avro.PingSample.newBuilder().setVm("idle-vm").setTarget("10.9.9.9")
                    .setSeq(1).setSeqRaw(1).setSentTimeUs(endMs * 1000).setObservedTimeUs(endMs * 1000 + 300)
                    .setRttUs(300L).setStatus(io.migscope.avro.PingStatus.REPLY).build(), endMs);
            Map<String, MigrationSummary> summaries = f.latest(f.topics.summaries(), f.serdes.summaries());
            Map<String, DowntimeReport> downtime = f.latest(f.topics.downtime(), f.serdes.downtime());
            assertThat(f.deadLetters()).isEmpty();
            assertThat(summaries).hasSize(expected.size());
            for (MigrationExpectation e : expected) {
                MigrationSummary s = summaries.get(e.migrationId());
                assertThat(s.getOutcome()).as(e.migrationId()).isEqualTo(e.outcome());
                if (e.blackoutStartUs() == null) {
                    continue;
                }
                double injectedMs = (e.blackoutEndUs() - e.blackoutStartUs()) / 1000.0;
                double intervalMs = downtime.get(e.migrationId()).getIntervalUs() / 1000.0;
                assertThat(s.getBlackoutCount()).as(e.migrationId()).isEqualTo(1);
                assertThat(s.getObservedBlackoutMs()).as(e.migrationId()).isCloseTo(injectedMs, within(intervalMs));
                assertThat(s.getBrownoutMs()).as(e.migrationId()).isNotNull();
            }
        }
    }
}
