package io.migscope.producers.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.PlatformReaction;
import io.migscope.avro.ReactionMark;
import io.migscope.producers.parse.Collected;
import io.migscope.producers.simulator.FleetSimulator;
import io.migscope.producers.simulator.MigrationExpectation;
import io.migscope.producers.simulator.SimulatedRecord;
import io.migscope.producers.simulator.SimulationSpec;
import io.migscope.producers.source.qmp.QmpParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QemuSignalsTest {

    private static List<MigrationEvent> qmp(String role, List<String> lines) {
        return Parsed.events(new QmpParser(Collected.context("qmp.jsonl").withIdentity("vm-42", "c1", "hv-1", role)),
                lines);
    }

    /** A MIGRATION event as QEMU emits it (qapi/migration.json), for statuses the recorded traces do not reach. */
    private static String migration(String status) {
        return "{\"timestamp\": {\"seconds\": 1714557601, \"microseconds\": 500}, \"event\": \"MIGRATION\", "
                + "\"data\": {\"status\": \"" + status + "\"}}";
    }

    @Test
    void theSourceTraceIsPrecopyThenSwitchoverThenCompletedEachAtItsEventTime() {
        List<MigrationEvent> events = qmp("source", Collected.sample("qmp/source.jsonl"));
        // CONFIG x2, setup, PASS 1, active, query-migrate active, STOP, PASS 2, completed, query-migrate completed
        assertThat(events).extracting(Parsed::phases).containsExactly("", "", "~PRECOPY", "PRECOPY", "~PRECOPY",
                "~PRECOPY", "SWITCHOVER", "PRECOPY", "~COMPLETED", "~COMPLETED");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getPhases()).allSatisfy(m -> assertThat(m.getAtUs()).isEqualTo(e.getEventTimeUs()));
            assertThat(e.getReactions()).isEmpty();
        });
    }

    @Test
    void theDestinationResumesAndItsStopIsNoSwitchover() {
        List<MigrationEvent> dst = qmp("destination", Collected.sample("qmp/destination.jsonl"));
        assertThat(dst).extracting(Parsed::phases).containsExactly("~PRECOPY", "RESUMED", "~COMPLETED");
        String stop = Collected.sample("qmp/source.jsonl").get(9);
        String resume = Collected.sample("qmp/destination.jsonl").get(3);
        assertThat(qmp("destination", List.of(stop))).extracting(Parsed::phases).containsExactly("");
        // a source resumes its guest after a failed or cancelled migration: not the destination taking over
        assertThat(qmp("source", List.of(resume))).extracting(Parsed::phases).containsExactly("");
    }

    @Test
    void everyOtherMigrationStatus() {
        List<MigrationEvent> events = qmp("source", List.of(migration("postcopy-active"),
                migration("postcopy-paused"), migration("postcopy-recover"), migration("pre-switchover"),
                migration("device"), migration("failed"), migration("cancelled"), migration("wait-unplug")));
        assertThat(events).extracting(Parsed::phases).containsExactly("~POSTCOPY", "~PAUSED", "~POSTCOPY",
                "~SWITCHOVER", "~SWITCHOVER", "~FAILED", "~CANCELLED", "");
    }

    @Test
    void cancellingIsAnAbortReactionAndMarksNoPhase() {
        MigrationEvent cancelling = qmp("source", List.of(migration("cancelling"))).get(0);
        assertThat(cancelling.getPhases()).isEmpty();
        assertThat(cancelling.getReactions()).extracting(ReactionMark::getReaction, ReactionMark::getAtUs)
                .containsExactly(tuple(PlatformReaction.ABORT, 1_714_557_601_000_500L));
    }

    @Test
    void theSimulatorsAbortedMigrationEndsAbortedAndItsCompletedOnesSwitchOverAndResume() {
        FleetSimulator sim = new FleetSimulator(SimulationSpec.demo(1, 1_800_000_000_000_000L));
        List<MigrationEvent> events = new ArrayList<>();
        for (SimulatedRecord r : sim) {
            if (r.value() instanceof MigrationEvent e) {
                events.add(e);
            }
        }
        MigrationExpectation stuck = sim.expectations().stream().filter(x -> !x.converging()).findFirst()
                .orElseThrow();
        List<MigrationEvent> aborted = events.stream()
                .filter(e -> stuck.migrationId().equals(e.getMigrationId())).toList();
        MigrationEvent timeout = aborted.stream().filter(e -> e.getKind() == EventKind.TIMEOUT).findFirst()
                .orElseThrow();
        assertThat(Parsed.reactions(timeout)).isEqualTo("TIMEOUT ABORT");
        MigrationEvent last = aborted.get(aborted.size() - 1);
        assertThat(last.getStatus()).isEqualTo("cancelled");
        assertThat(Parsed.phases(last)).isEqualTo("~ABORTED");
        assertThat(events).filteredOn(e -> e.getKind() == EventKind.REQUESTED)
                .allSatisfy(e -> assertThat(Parsed.phases(e)).isEqualTo("REQUESTED"))
                .hasSize(sim.expectations().size());
        assertThat(events).filteredOn(e -> e.getKind() == EventKind.STOP)
                .allSatisfy(e -> assertThat(Parsed.phases(e)).isEqualTo("SWITCHOVER")).isNotEmpty();
        assertThat(events).filteredOn(e -> e.getKind() == EventKind.RESUME)
                .allSatisfy(e -> assertThat(Parsed.phases(e)).isEqualTo("RESUMED")).isNotEmpty();
    }
}
