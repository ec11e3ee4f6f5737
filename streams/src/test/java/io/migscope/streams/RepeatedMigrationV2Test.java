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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The v2 port of RepeatedMigrationTest: the same VMs migrate again before the previous migration's recovery window
 * is over (90 s here, the second wave starts 60 s after the first), probed by a new ping process whose seq
 * numbering starts afresh: each migration keeps its own outcome, blackout and brownout, and the earlier one is
 * summarised when the later one starts.
 */
@ExtendWith(MigscopeKafkaExtension.class)
class RepeatedMigrationV2Test {
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
        assertThat(first.expectations()).extracting(MigrationExpectation::vm)
                .containsAnyElementsOf(second.expectations().stream().map(MigrationExpectation::vm).toList());

        try (SignalsFixture f = new SignalsFixture(stack, state, Map.of("correlation.recovery", "90s"))) {
            records.forEach(f::pipe);
            f.endOfRun();
            Map<String, MigrationSummary> summaries = f.latest(f.topics.summaries(), f.serdes.summaries());
            Map<String, DowntimeReport> downtime = new HashMap<>();
            f.all(f.topics.downtime(), f.serdes.downtime()).stream().filter(DowntimeReport::getFinal$)
                    .forEach(r -> assertThat(downtime.put(r.getMigrationId(), r)).as("one final report each").isNull());

            assertThat(f.deadLetters()).isEmpty();
            assertThat(summaries).hasSize(expected.size());
            for (MigrationExpectation e : expected) {
                MigrationSummary s = summaries.get(e.migrationId());
                assertThat(s.getOutcome()).as(e.migrationId()).isEqualTo(e.outcome());
                assertThat(s.getCompletedAtUs()).as(e.migrationId()).isEqualTo(e.endedUs());
                if (e.blackoutStartUs() == null) {
                    continue;
                }
                double injectedMs = (e.blackoutEndUs() - e.blackoutStartUs()) / 1000.0;
                double intervalMs = downtime.get(e.migrationId()).getIntervalUs() / 1000.0;
                assertThat(s.getBlackoutCount()).as(e.migrationId()).isEqualTo(1);
                assertThat(s.getObservedBlackoutMs()).as(e.migrationId()).isCloseTo(injectedMs, within(intervalMs));
                assertThat(s.getBrownoutMs()).as(e.migrationId()).isNotNull();
            }
            for (MigrationExpectation e : first.expectations()) {
                // the first wave's window is cut by the VM's next migration: no probe of the second counts
                MigrationExpectation next = second.expectations().stream().filter(o -> o.vm().equals(e.vm()))
                        .findFirst().orElse(null);
                if (next != null && e.blackoutStartUs() != null) {
                    assertThat(downtime.get(e.migrationId()).getBlackouts()).as(e.migrationId())
                            .allSatisfy(b -> assertThat(b.getLastReplyUs()).isLessThan(next.requestedUs()));
                }
            }
        }
    }
}
