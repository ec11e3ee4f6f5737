package io.migscope.producers.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoSpecTest {

    @Test
    void theDemoFleetFitsInAMinuteAndItsNonConvergingMigrationIsAbortedInsideIt() {
        FleetSimulator sim = new FleetSimulator(SimulationSpec.demo(1, 1_800_000_000_000_000L));
        long first = sim.firstTimestampUs();
        assertThat(sim.lastTimestampUs() - first).isLessThan(58_000_000L);
        List<MigrationExpectation> stuck = sim.expectations().stream().filter(x -> !x.converging()).toList();
        assertThat(stuck).hasSize(1);
        MigrationExpectation x = stuck.get(0);
        assertThat(x.outcome()).isEqualTo("aborted");
        assertThat(x.endedUs() - first).isLessThan(40_000_000L);
        List<MigrationEvent> events = SimulatorRuns.eventsByMigration(SimulatorRuns.collect(sim)).get(x.migrationId());
        assertThat(events.stream().filter(e -> e.getKind() == EventKind.PASS).count()).isGreaterThanOrEqualTo(3);
        assertThat(events.get(0).getLimits().getProgressTimeoutS()).isEqualTo(20L);
        assertThat(sim.expectations()).filteredOn(e -> e.outcome().equals("completed")).hasSize(23);
    }
}
