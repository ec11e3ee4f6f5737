package io.migscope.streams.convergence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.migscope.avro.Alert;
import io.migscope.avro.AlertKind;
import io.migscope.avro.AlertState;
import io.migscope.avro.DowntimeReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertTrackerTest {
    private static final long T0 = 1_700_000_000_000_000L;
    private final AlertTracker tracker = new AlertTracker("mig-1", "vm-1", "c1", AlertSettings.defaults());

    private static Assessment assessment(long second, boolean nonConverging) {
        return new Assessment(T0 + second * 1_000_000L, 4, 1000, 90, 100, 0.9, 0, 0, null,
                T0 + 600_000_000L, null, T0, nonConverging, "ratio 0.90");
    }

    @Test
    void hysteresisStopsABorderlineSeriesFromFlapping() {
        boolean[] raw = {true, false, true, true, false, true, false, false, true, false, true, true, false, false};
        List<Alert> out = new ArrayList<>();
        int flips = 0;
        for (int i = 0; i < raw.length; i++) {
            flips += i > 0 && raw[i] != raw[i - 1] ? 1 : 0;
            out.addAll(tracker.onAssessment(assessment(10 + i, raw[i])));
        }

        assertThat(flips).isGreaterThanOrEqualTo(8);
        assertThat(out).extracting(Alert::getKind, Alert::getState, Alert::getFiredAtUs)
                .containsExactly(tuple(AlertKind.NON_CONVERGING, AlertState.FIRING, T0 + 13_000_000L));
    }

    @Test
    void resolvesAfterThreeClearEvaluationsAndKeepsItsId() {
        List<Alert> out = new ArrayList<>();
        boolean[] raw = {true, true, false, false, false};
        for (int i = 0; i < raw.length; i++) {
            out.addAll(tracker.onAssessment(assessment(i, raw[i])));
        }

        assertThat(out).extracting(Alert::getAlertId, Alert::getState, Alert::getResolvedAtUs).containsExactly(
                tuple("mig-1:NON_CONVERGING", AlertState.FIRING, null),
                tuple("mig-1:NON_CONVERGING", AlertState.RESOLVED, T0 + 4_000_000L));
        assertThat(out.get(1).getFiredAtUs()).isEqualTo(T0 + 1_000_000L);
        assertThat(out.get(0).getSecondsLeftBeforeDeadline()).isEqualTo(599.0);
    }

    @Test
    void stuckAndDeadlineFromStreamTime() {
        tracker.onAssessment(assessment(0, false));
        assertThat(tracker.onTime(T0 + 59_000_000L)).isEmpty();
        assertThat(tracker.onTime(T0 + 61_000_000L)).isEmpty();
        assertThat(tracker.onTime(T0 + 62_000_000L)).extracting(Alert::getKind).containsExactly(AlertKind.STUCK);
        assertThat(tracker.onTime(T0 + 601_000_000L)).extracting(Alert::getKind)
                .containsExactly(AlertKind.DEADLINE_PASSED);
        assertThat(tracker.onFinished(T0 + 602_000_000L, "aborted")).extracting(Alert::getKind, Alert::getState)
                .containsExactlyInAnyOrder(tuple(AlertKind.STUCK, AlertState.RESOLVED),
                        tuple(AlertKind.DEADLINE_PASSED, AlertState.RESOLVED));
        assertThat(tracker.onTime(T0 + 900_000_000L)).isEmpty();
        assertThat(tracker.raised()).containsExactly(AlertKind.STUCK, AlertKind.DEADLINE_PASSED);
    }

    @Test
    void downtimeSloBreachFiresOnce() {
        DowntimeReport r = DowntimeReport.newBuilder().setMigrationId("mig-1").setVm("vm-1")
                .setObservedBlackoutMs(1500.0).setBlackoutCount(1).setReportedDowntimeMs(200L).build();

        assertThat(tracker.onDowntime(r, T0)).singleElement()
                .satisfies(a -> assertThat(a.getEvidence()).contains("1500 ms").contains("reported 200"));
        assertThat(tracker.onDowntime(r, T0 + 1)).isEmpty();
    }

    @Test
    void stateRoundTripsThroughItsAvroRecord() {
        tracker.onAssessment(assessment(0, true));
        AlertTracker copy = AlertTracker.fromState(tracker.toState(), AlertSettings.defaults());

        assertThat(copy.onAssessment(assessment(1, true))).isEqualTo(tracker.onAssessment(assessment(1, true)));
    }
}
