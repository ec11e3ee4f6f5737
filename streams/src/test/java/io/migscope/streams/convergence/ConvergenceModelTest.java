package io.migscope.streams.convergence;

import static io.migscope.streams.convergence.PrecopyRun.GIB;
import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.Alert;
import io.migscope.avro.AlertKind;
import io.migscope.avro.AlertState;
import io.migscope.avro.MigrationEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConvergenceModelTest {
    /** 1 Gb/s of migration bandwidth, in bytes/s. */
    private static final double GBIT = 125_000_000.0;

    private record Outcome(List<Assessment> assessments, List<Alert> alerts) {
    }

    private static Outcome run(List<MigrationEvent> events) {
        ConvergenceModel model = new ConvergenceModel(ConvergenceSettings.defaults());
        AlertTracker alerts = new AlertTracker("mig-1", "vm-1", null, AlertSettings.defaults());
        List<Assessment> as = new ArrayList<>();
        List<Alert> out = new ArrayList<>();
        for (MigrationEvent e : events) {
            Assessment a = model.onEvent(e);
            if (a != null) {
                as.add(a);
                out.addAll(alerts.onAssessment(a));
            }
        }
        return new Outcome(as, out);
    }

    @Test
    void convergingMigrationNeverAlerts() {
        PrecopyRun run = new PrecopyRun(4 * GIB, GBIT, 0.3 * GBIT, pass -> 0, 0.05, false);
        Outcome o = run(run.events(600, 1));

        assertThat(o.assessments()).isNotEmpty().allSatisfy(a -> assertThat(a.nonConverging()).isFalse());
        assertThat(o.alerts()).isEmpty();
        Assessment last = o.assessments().get(o.assessments().size() - 1);
        assertThat(last.ratio()).isLessThan(0.5);
        assertThat(last.pass()).isGreaterThanOrEqualTo(3);
        assertThat(last.predictedCompletionUs()).isLessThan(last.deadlineUs());
    }

    @Test
    void stressedGuestConvergingThanksToAutoConvergeNeverAlerts() {
        // dirties faster than the link until QEMU throttles: 20 %, then +10 % per pass
        PrecopyRun run = new PrecopyRun(4 * GIB, GBIT, 1.3 * GBIT, pass -> pass < 2 ? 0 : Math.min(99, 10 + 10 * pass),
                0.03, true);
        List<MigrationEvent> events = run.events(600, 2);
        Outcome o = run(events);

        assertThat(events.size()).isLessThan(600);
        assertThat(o.assessments().get(o.assessments().size() - 1).pass()).isGreaterThanOrEqualTo(4);
        assertThat(o.alerts()).isEmpty();
    }

    @Test
    void nonConvergingMigrationAlertsAtLeast30sBeforeTheDeadline() {
        PrecopyRun run = new PrecopyRun(4 * GIB, GBIT, 1.0 * GBIT, pass -> 0, 0.03, false);
        Outcome o = run(run.events(600, 3));

        Alert fired = o.alerts().stream().filter(a -> a.getKind() == AlertKind.NON_CONVERGING).findFirst().orElseThrow();
        assertThat(fired.getState()).isEqualTo(AlertState.FIRING);
        assertThat(fired.getAlertId()).isEqualTo("mig-1:NON_CONVERGING");
        assertThat(fired.getEvidence()).contains("ratio 0.9").contains("will not finish before the deadline");
        Assessment at = o.assessments().stream().filter(a -> a.timeUs() == fired.getFiredAtUs()).findFirst().orElseThrow();
        // both platform deadlines: 150 s/GiB x 4 GiB from the start, and 150 s after the last progress
        assertThat(at.deadlineUs()).isEqualTo(PrecopyRun.T0 + 600_000_000L);
        assertThat(fired.getFiredAtUs()).isLessThanOrEqualTo(at.effectiveDeadlineUs() - 30_000_000L);
        assertThat(fired.getSecondsLeftBeforeDeadline()).isGreaterThanOrEqualTo(30.0);
        assertThat(o.alerts()).filteredOn(a -> a.getKind() == AlertKind.NON_CONVERGING).hasSize(1);
    }

    @Test
    void passesLongerThanTheProgressTimeoutAlertBeforeTheAbort() {
        // ratio 0.5 converges in the end, but at 20 MB/s pass 2 of a 16 GiB guest takes ~7 min, and KubeVirt aborts
        // after 150 s without a new low in remaining bytes
        PrecopyRun run = new PrecopyRun(16 * GIB, 20_000_000, 0.5 * 20_000_000, pass -> 0, 0.02, false);
        Outcome o = run(run.events(1200, 4));

        Alert fired = o.alerts().get(0);
        assertThat(fired.getKind()).isEqualTo(AlertKind.NON_CONVERGING);
        assertThat(fired.getEvidence()).contains("before the progress timeout");
        assertThat(fired.getSecondsLeftBeforeDeadline()).isGreaterThan(30.0);
        assertThat(o.alerts()).extracting(Alert::getKind).contains(AlertKind.DEADLINE_PASSED);
    }

    @Test
    void stateRoundTripsThroughItsAvroRecord() {
        PrecopyRun run = new PrecopyRun(4 * GIB, GBIT, GBIT, pass -> 0, 0.03, false);
        List<MigrationEvent> events = run.events(100, 5);
        ConvergenceModel a = new ConvergenceModel(ConvergenceSettings.defaults());
        events.subList(0, 50).forEach(a::onEvent);
        ConvergenceModel b = ConvergenceModel.fromState(a.toState("vm-1", null, io.migscope.avro.Platform.QEMU),
                ConvergenceSettings.defaults());
        MigrationEvent next = events.get(50);

        assertThat(b.onEvent(next)).isEqualTo(a.onEvent(next));
    }
}
