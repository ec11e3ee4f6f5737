package io.migscope.streams.downtime;

import static io.migscope.streams.downtime.Probes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.migscope.avro.Blackout;
import io.migscope.avro.DowntimeReport;
import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlackoutTrackerTest {
    private final BlackoutTracker tracker = new BlackoutTracker(DowntimeSettings.defaults());

    private DowntimeReport feed(List<PingSample> probes) {
        probes.forEach(tracker::onProbe);
        return tracker.report("m-1", "vm-1", null, null, true);
    }

    @Test
    void singleGapGivesNTimesIntervalAndBounds() {
        DowntimeReport r = feed(Probes.stream(0, 99, 100_000, Probes.range(40, 44)));

        assertThat(r.getBlackoutCount()).isEqualTo(1);
        Blackout b = r.getBlackouts().get(0);
        assertThat(b.getLostProbes()).isEqualTo(5);
        assertThat(b.getLastReplyUs()).isEqualTo(T0 + 39 * 100_000);
        assertThat(b.getFirstReplyUs()).isEqualTo(T0 + 45 * 100_000);
        assertThat(b.getEstimateMs()).isCloseTo(500.0, within(0.01));
        assertThat(b.getLowerMs()).isCloseTo(400.0, within(0.01));
        assertThat(b.getUpperMs()).isCloseTo(600.0, within(0.01));
        assertThat(b.getOpen()).isFalse();
        assertThat(r.getIntervalUs()).isEqualTo(100_000L);
        assertThat(r.getProbes()).isEqualTo(100);
        assertThat(r.getProbesLost()).isEqualTo(5);
        assertThat(r.getProbesLate()).isZero();
    }

    @Test
    void twoGapsGiveLongestAndTotal() {
        Set<Long> dark = Probes.range(10, 12);
        dark.addAll(Probes.range(50, 57));
        DowntimeReport r = feed(Probes.stream(0, 99, 100_000, dark));

        assertThat(r.getBlackoutCount()).isEqualTo(2);
        assertThat(r.getBlackouts()).extracting(Blackout::getLostProbes).containsExactly(3, 8);
        assertThat(r.getObservedBlackoutMs()).isCloseTo(800.0, within(0.01));
        assertThat(r.getObservedBlackoutTotalMs()).isCloseTo(1100.0, within(0.01));
    }

    @Test
    void gapAtTheEndIsOpenWithItsLowerBound() {
        DowntimeReport r = feed(Probes.stream(0, 59, 100_000, Probes.range(50, 59)));

        assertThat(r.getBlackoutCount()).isEqualTo(1);
        Blackout b = r.getBlackouts().get(0);
        assertThat(b.getOpen()).isTrue();
        assertThat(b.getFirstReplyUs()).isNull();
        assertThat(b.getUpperMs()).isNull();
        assertThat(b.getLostProbes()).isEqualTo(10);
        assertThat(b.getLastReplyUs()).isEqualTo(T0 + 49 * 100_000);
        // the last dark probe was sent 1.0 s after the last reply; the guest was dark for at least 1.0 s - T
        assertThat(b.getLowerMs()).isCloseTo(900.0, within(0.01));
        assertThat(b.getEstimateMs()).isCloseTo(1000.0, within(0.01));
    }

    @Test
    void lateProbeWhoseReplyArrivesIsNotLost() {
        List<PingSample> probes = new ArrayList<>(Probes.stream(0, 30, 100_000, Set.of()));
        // "no answer yet for icmp_seq=15" printed before the reply of 15 finally comes back
        probes.add(15, Probes.sample(15, T0 + 15 * 100_000, PingStatus.LATE, null));
        DowntimeReport r = feed(probes);

        assertThat(r.getBlackoutCount()).isZero();
        assertThat(r.getProbesLate()).isEqualTo(1);
        assertThat(r.getProbesLost()).isZero();
    }

    @Test
    void lateReplyArrivingAfterItsNeighboursSplitsTheGap() {
        List<PingSample> probes = new ArrayList<>(Probes.stream(0, 30, 100_000, Probes.range(10, 20)));
        probes.add(Probes.reply(15, T0 + 15 * 100_000, 1_500_000));
        DowntimeReport r = feed(probes);

        assertThat(r.getBlackouts()).extracting(Blackout::getLostProbes).containsExactly(5, 5);
        assertThat(r.getProbesLate()).isEqualTo(1);
    }

    @Test
    void lateWithoutReplyDoesNotEndABlackout() {
        List<PingSample> probes = Probes.stream(0, 40, 100_000, Probes.range(20, 29));
        DowntimeReport r = feed(probes);

        assertThat(r.getBlackoutCount()).isEqualTo(1);
        assertThat(r.getBlackouts().get(0).getLostProbes()).isEqualTo(10);
    }

    @Test
    void seqWrapIsHandledThroughTheUnwrappedSeq() {
        DowntimeReport r = feed(Probes.stream(65_500, 65_600, 100_000, Probes.range(65_534, 65_538)));

        assertThat(r.getBlackoutCount()).isEqualTo(1);
        Blackout b = r.getBlackouts().get(0);
        assertThat(b.getLostProbes()).isEqualTo(5);
        assertThat(b.getEstimateMs()).isCloseTo(500.0, within(0.01));
        assertThat(Probes.reply(65_539, 0, 1).getSeqRaw()).isEqualTo(3);
    }

    @Test
    void duplicatesChangeNothing() {
        List<PingSample> once = Probes.stream(0, 60, 100_000, Probes.range(20, 24));
        BlackoutTracker single = new BlackoutTracker(DowntimeSettings.defaults());
        once.forEach(single::onProbe);
        DowntimeReport expected = single.report("m-1", "vm-1", null, null, true);

        List<PingSample> twice = new ArrayList<>(once);
        twice.addAll(once);
        twice.add(Probes.sample(30, T0 + 30 * 100_000, PingStatus.DUPLICATE, 400L));
        assertThat(feed(twice)).isEqualTo(expected);
        assertThat(tracker.onProbe(once.get(5))).isEqualTo(BlackoutTracker.Change.NONE);
    }

    @Test
    void driftingIntervalIsMeasuredAndTheEstimateIsWithinOneInterval() {
        // ping -i 0.1 really sends every ~104 ms; the guest is dark from t=3.050 s to t=3.700 s (650 ms)
        long interval = 104_000;
        long darkFrom = T0 + 3_050_000;
        long darkTo = T0 + 3_700_000;
        Set<Long> dark = new HashSet<>();
        for (long seq = 0; seq < 80; seq++) {
            long sent = T0 + seq * interval;
            if (sent >= darkFrom && sent < darkTo) {
                dark.add(seq);
            }
        }
        DowntimeReport r = feed(Probes.stream(0, 79, interval, dark));

        assertThat(r.getIntervalUs()).isCloseTo(104_000L, within(500L));
        assertThat(r.getBlackoutCount()).isEqualTo(1);
        Blackout b = r.getBlackouts().get(0);
        assertThat(b.getEstimateMs()).isCloseTo(650.0, within(104.0));
        assertThat(650.0).isBetween(b.getLowerMs(), b.getUpperMs());
    }

    @Test
    void unreachableCountsAsLostAndUnknownIsCountedNotDropped() {
        List<PingSample> probes = new ArrayList<>(Probes.stream(0, 9, 100_000, Set.of()));
        probes.add(Probes.sample(10, T0 + 1_000_000, PingStatus.UNREACHABLE, null));
        probes.add(Probes.sample(11, T0 + 1_100_000, PingStatus.UNKNOWN, null));
        DowntimeReport r = feed(probes);

        assertThat(r.getBlackouts()).singleElement().satisfies(b -> assertThat(b.getOpen()).isTrue());
        assertThat(tracker.ignored()).isEqualTo(1);
    }

    @Test
    void transitionsAreReportedOnlyWhenTheBlackoutStateChanges() {
        List<BlackoutTracker.Change> changes = new ArrayList<>();
        Probes.stream(0, 20, 100_000, Probes.range(10, 12)).forEach(p -> changes.add(tracker.onProbe(p)));

        assertThat(Collections.frequency(changes, BlackoutTracker.Change.TRANSITION)).isEqualTo(3);
        assertThat(changes.get(10)).isEqualTo(BlackoutTracker.Change.TRANSITION);
        assertThat(changes.get(13)).isEqualTo(BlackoutTracker.Change.TRANSITION);
    }

    @Test
    void aRestartedProberIsNotABlackout() {
        BlackoutTracker t = new BlackoutTracker(DowntimeSettings.defaults());
        // ping runs seq 100..150, stops; 40 s later a new ping starts at seq 1 (and once more at seq 40000)
        Probes.stream(100, 150, 100_000, Set.of()).forEach(t::onProbe);
        long later = Probes.T0 + 51 * 100_000 + 40_000_000;
        for (int i = 0; i < 30; i++) {
            t.onProbe(Probes.reply(1 + i, later + i * 100_000L, 400));
        }
        for (int i = 0; i < 30; i++) {
            t.onProbe(Probes.reply(40_000 + i, later + 60_000_000 + i * 100_000L, 400));
        }
        assertThat(t.blackouts()).isEmpty();
        // a real 0.5 s outage after the restart is still seen
        t.onProbe(Probes.reply(40_035, later + 60_000_000 + 35 * 100_000L, 400));
        assertThat(t.blackouts()).hasSize(1);
        assertThat(t.blackouts().get(0).getLostProbes()).isEqualTo(5);
    }

    @Test
    void stateRoundTripsThroughBytes() {
        List<PingSample> probes = Probes.stream(0, 99, 100_000, Probes.range(40, 44));
        tracker.setMigrationWindow(T0 + 3_000_000, T0 + 4_500_000);
        probes.forEach(tracker::onProbe);
        byte[] bytes = tracker.toBytes();
        BlackoutTracker copy = BlackoutTracker.fromBytes(bytes, DowntimeSettings.defaults());

        assertThat(copy.report("m", "v", 300L, "qemu/qmp", true)).isEqualTo(tracker.report("m", "v", 300L, "qemu/qmp", true));
        assertThat(copy.toBytes()).isEqualTo(bytes);
    }
}
