package io.migscope.streams.downtime;

import static io.migscope.streams.downtime.PingRun.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.migscope.avro.Blackout;
import io.migscope.avro.DowntimeReport;
import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import io.migscope.avro.ProbeBatch;
import io.migscope.avro.state.ProbeTracker;
import io.migscope.avro.state.ProbeWindow;
import io.migscope.signals.ProbeBatches;
import io.migscope.streams.testing.PlainAvroSerde;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * The blackout rules of the downtime step on a VM's {@link ProbeTracker} state: the v1 BlackoutTracker's scenarios
 * (holes, splits by late replies, open blackouts, prober restarts, measured T with drift, duplicates, the bounds
 * [G-2T, G]), read through the report of one window that covers every probe.
 */
class ProbeTrackerLogicTest {
    private static final Serde<ProbeTracker> STATE = PlainAvroSerde.of(ProbeTracker.class);
    private final ProbeWindows windows = new ProbeWindows(DowntimeSettings.defaults());
    private ProbeTracker tracker = ProbeTrackerLogic.empty();

    /** Feeds each probe as the track-downtime step does: to the tracker, then to the window. */
    private List<ProbeTrackerLogic.Change> feed(List<PingSample> probes) {
        List<ProbeTrackerLogic.Change> changes = new ArrayList<>();
        ProbeWindow w = window(tracker);
        for (PingSample p : probes) {
            changes.add(ProbeTrackerLogic.onProbe(tracker, p.getSeq(), p.getSentTimeUs(), p.getStatus(),
                    p.getIntervalUs()));
            windows.onProbe(w, p.getSeq(), p.getSentTimeUs(), p.getStatus() == PingStatus.REPLY ? p.getRttUs() : null);
        }
        return changes;
    }

    private DowntimeReport report() {
        return windows.report(tracker, window(tracker), PingRun.VM, true);
    }

    private DowntimeReport fed(List<PingSample> probes) {
        feed(probes);
        return report();
    }

    /** The one window of these tests, open from the epoch on: every blackout and probe belongs to it. */
    private static ProbeWindow window(ProbeTracker t) {
        if (t.getWindows().isEmpty()) {
            t.getWindows().add(ProbeWindow.newBuilder().setMigrationId("m-1").setStartUs(0)
                    .setAfterResume(new ArrayList<>()).build());
        }
        return t.getWindows().get(0);
    }

    @Test
    void singleGapGivesNTimesIntervalAndBounds() {
        DowntimeReport r = fed(PingRun.stream(0, 99, 100_000, PingRun.range(40, 44)));

        assertThat(r.getBlackoutCount()).isEqualTo(1);
        Blackout b = r.getBlackouts().get(0);
        assertThat(b.getLostProbes()).isEqualTo(5);
        assertThat(b.getLastReplyUs()).isEqualTo(T0 + 39 * 100_000);
        assertThat(b.getFirstReplyUs()).isEqualTo(T0 + 45 * 100_000);
        // G = 600 ms between the replies around the gap, T = 100 ms: estimate G - T, bounds [G - 2T, G]
        assertThat(b.getEstimateMs()).isCloseTo(500.0, within(0.01));
        assertThat(b.getLowerMs()).isCloseTo(400.0, within(0.01));
        assertThat(b.getUpperMs()).isCloseTo(600.0, within(0.01));
        assertThat(b.getOpen()).isFalse();
        assertThat(r.getIntervalUs()).isEqualTo(100_000L);
        assertThat(r.getProbes()).isEqualTo(100);
        assertThat(r.getProbesLost()).isEqualTo(5);
        assertThat(r.getProbesLate()).isZero();
        assertThat(r.getObservedBlackoutMs()).isCloseTo(500.0, within(0.01));
    }

    @Test
    void twoGapsGiveLongestAndTotal() {
        Set<Long> dark = PingRun.range(10, 12);
        dark.addAll(PingRun.range(50, 57));
        DowntimeReport r = fed(PingRun.stream(0, 99, 100_000, dark));

        assertThat(r.getBlackoutCount()).isEqualTo(2);
        assertThat(r.getBlackouts()).extracting(Blackout::getLostProbes).containsExactly(3, 8);
        assertThat(r.getObservedBlackoutMs()).isCloseTo(800.0, within(0.01));
        assertThat(r.getObservedBlackoutTotalMs()).isCloseTo(1100.0, within(0.01));
        assertThat(r.getProbesLost()).isEqualTo(11);
    }

    @Test
    void gapAtTheEndIsOpenWithItsLowerBound() {
        DowntimeReport r = fed(PingRun.stream(0, 59, 100_000, PingRun.range(50, 59)));

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
    void anOpenBlackoutClosesWhenTheRepliesComeBack() {
        List<PingSample> all = PingRun.stream(0, 79, 100_000, PingRun.range(50, 59));
        feed(all.subList(0, 60));
        assertThat(report().getBlackouts()).singleElement().satisfies(b -> assertThat(b.getOpen()).isTrue());

        DowntimeReport r = fed(all.subList(60, 80));

        assertThat(r.getBlackouts()).singleElement().satisfies(b -> {
            assertThat(b.getOpen()).isFalse();
            assertThat(b.getLostProbes()).isEqualTo(10);
            assertThat(b.getEstimateMs()).isCloseTo(1000.0, within(0.01));
        });
    }

    @Test
    void lateProbeWhoseReplyArrivesIsNotLost() {
        List<PingSample> probes = new ArrayList<>(PingRun.stream(0, 30, 100_000, Set.of()));
        // "no answer yet for icmp_seq=15" printed before the reply of 15 finally comes back
        probes.add(15, PingRun.sample(15, T0 + 15 * 100_000, PingStatus.LATE, null));
        DowntimeReport r = fed(probes);

        assertThat(r.getBlackoutCount()).isZero();
        assertThat(r.getProbesLate()).isEqualTo(1);
        assertThat(r.getProbesLost()).isZero();
    }

    @Test
    void lateReplyArrivingAfterItsNeighboursSplitsTheGap() {
        List<PingSample> probes = new ArrayList<>(PingRun.stream(0, 30, 100_000, PingRun.range(10, 20)));
        probes.add(PingRun.reply(15, T0 + 15 * 100_000, 1_500_000));
        List<ProbeTrackerLogic.Change> changes = feed(probes);
        DowntimeReport r = report();

        assertThat(r.getBlackouts()).extracting(Blackout::getLostProbes).containsExactly(5, 5);
        assertThat(r.getBlackouts()).extracting(Blackout::getFirstReplyUs)
                .containsExactly(T0 + 15 * 100_000, T0 + 21 * 100_000);
        assertThat(r.getProbesLate()).isEqualTo(1);
        assertThat(changes.get(changes.size() - 1)).isEqualTo(ProbeTrackerLogic.Change.TRANSITION);
    }

    @Test
    void lateWithoutReplyDoesNotEndABlackout() {
        DowntimeReport r = fed(PingRun.stream(0, 40, 100_000, PingRun.range(20, 29)));

        assertThat(r.getBlackoutCount()).isEqualTo(1);
        assertThat(r.getBlackouts().get(0).getLostProbes()).isEqualTo(10);
        assertThat(r.getProbesLate()).as("none of the late probes got its reply").isZero();
    }

    @Test
    void seqWrapIsHandledThroughTheUnwrappedSeqABatchCarries() {
        List<PingSample> probes = PingRun.stream(65_500, 65_600, 100_000, PingRun.range(65_534, 65_538));
        List<PingSample> read = new ArrayList<>();
        for (ProbeBatch b : PingRun.batches(probes)) {
            read.addAll(ProbeBatches.expand(b));
        }
        DowntimeReport r = fed(read);

        assertThat(r.getBlackoutCount()).isEqualTo(1);
        Blackout b = r.getBlackouts().get(0);
        assertThat(b.getLostProbes()).isEqualTo(5);
        assertThat(b.getEstimateMs()).isCloseTo(500.0, within(0.01));
        assertThat(read.get(39).getSeq()).isEqualTo(65_539);
        assertThat(read.get(39).getSeqRaw()).isEqualTo(3);
    }

    @Test
    void duplicatesChangeNothing() {
        List<PingSample> once = PingRun.stream(0, 60, 100_000, PingRun.range(20, 24));
        DowntimeReport expected = fed(once);

        tracker = ProbeTrackerLogic.empty();
        List<PingSample> twice = new ArrayList<>(once);
        twice.addAll(once);
        twice.add(PingRun.sample(30, T0 + 30 * 100_000, PingStatus.DUPLICATE, 400L));
        List<ProbeTrackerLogic.Change> changes = feed(twice);

        assertThat(report()).isEqualTo(expected);
        assertThat(changes.subList(once.size(), twice.size())).containsOnly(ProbeTrackerLogic.Change.NONE);
    }

    @Test
    void anyArrivalOrderGivesTheSameBlackouts() {
        Set<Long> dark = PingRun.range(10, 12);
        dark.addAll(PingRun.range(50, 57));
        List<PingSample> ordered = PingRun.stream(0, 99, 100_000, dark);
        DowntimeReport expected = fed(ordered);

        for (long seed = 1; seed <= 5; seed++) {
            List<PingSample> shuffled = new ArrayList<>(ordered);
            Collections.shuffle(shuffled, new Random(seed));
            tracker = ProbeTrackerLogic.empty();
            DowntimeReport r = fed(shuffled);
            assertThat(r.getBlackouts()).as("seed %d", seed).isEqualTo(expected.getBlackouts());
            assertThat(r.getIntervalUs()).as("seed %d", seed).isEqualTo(expected.getIntervalUs());
            assertThat(r.getProbes()).as("seed %d", seed).isEqualTo(expected.getProbes());
        }
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
        DowntimeReport r = fed(PingRun.stream(0, 79, interval, dark));

        assertThat(r.getIntervalUs()).isCloseTo(104_000L, within(500L));
        assertThat(r.getBlackoutCount()).isEqualTo(1);
        Blackout b = r.getBlackouts().get(0);
        assertThat(b.getEstimateMs()).isCloseTo(650.0, within(104.0));
        assertThat(650.0).isBetween(b.getLowerMs(), b.getUpperMs());
    }

    @Test
    void withOneReplyTheConfiguredIntervalStandsIn() {
        feed(List.of(PingRun.reply(0, T0, 300)));
        assertThat(ProbeTrackerLogic.intervalUs(tracker)).isEqualTo(100_000L);

        feed(List.of(PingRun.reply(10, T0 + 1_040_000, 300)));
        assertThat(ProbeTrackerLogic.intervalUs(tracker)).isEqualTo(104_000L);
    }

    @Test
    void unreachableCountsAsLostAndUnknownIsCountedNotDropped() {
        List<PingSample> probes = new ArrayList<>(PingRun.stream(0, 9, 100_000, Set.of()));
        probes.add(PingRun.sample(10, T0 + 1_000_000, PingStatus.UNREACHABLE, null));
        probes.add(PingRun.sample(11, T0 + 1_100_000, PingStatus.UNKNOWN, null));
        DowntimeReport r = fed(probes);

        assertThat(r.getBlackouts()).singleElement().satisfies(b -> {
            assertThat(b.getOpen()).isTrue();
            assertThat(b.getLostProbes()).isEqualTo(1);
        });
        assertThat(tracker.getIgnored()).isEqualTo(1);
    }

    @Test
    void transitionsAreReportedOnlyWhenTheBlackoutStateChanges() {
        List<ProbeTrackerLogic.Change> changes = feed(PingRun.stream(0, 20, 100_000, PingRun.range(10, 12)));

        // the first reply, the first dark probe after a reply, the first reply after the gap
        assertThat(Collections.frequency(changes, ProbeTrackerLogic.Change.TRANSITION)).isEqualTo(3);
        assertThat(changes.get(0)).isEqualTo(ProbeTrackerLogic.Change.TRANSITION);
        assertThat(changes.get(10)).isEqualTo(ProbeTrackerLogic.Change.TRANSITION);
        assertThat(changes.get(11)).isEqualTo(ProbeTrackerLogic.Change.RUNNING);
        assertThat(changes.get(13)).isEqualTo(ProbeTrackerLogic.Change.TRANSITION);
        assertThat(changes.get(14)).isEqualTo(ProbeTrackerLogic.Change.RUNNING);
    }

    @Test
    void aRestartedProberIsNotABlackout() {
        // ping runs seq 100..150, stops; 40 s later a new ping starts at seq 1 (and once more at seq 40000)
        feed(PingRun.stream(100, 150, 100_000, Set.of()));
        long later = T0 + 51 * 100_000 + 40_000_000;
        List<PingSample> restarted = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            restarted.add(PingRun.reply(1 + i, later + i * 100_000L, 400));
        }
        for (int i = 0; i < 30; i++) {
            restarted.add(PingRun.reply(40_000 + i, later + 60_000_000 + i * 100_000L, 400));
        }
        feed(restarted);
        assertThat(ProbeTrackerLogic.blackouts(tracker)).isEmpty();

        // a real 0.5 s outage after the restart is still seen
        feed(List.of(PingRun.reply(40_035, later + 60_000_000 + 35 * 100_000L, 400)));
        assertThat(ProbeTrackerLogic.blackouts(tracker)).singleElement()
                .satisfies(b -> assertThat(b.getLostProbes()).isEqualTo(5));
    }

    @Test
    void stateReadBackFromItsAvroBytesGoesOnAsIfNeverStored() {
        List<PingSample> probes = new ArrayList<>(PingRun.stream(0, 130, 100_000, PingRun.range(40, 44)));
        probes.add(120, PingRun.sample(120, T0 + 120 * 100_000, PingStatus.LATE, null));
        DowntimeReport uninterrupted = fed(probes);

        tracker = ProbeTrackerLogic.empty();
        for (int from = 0; from < probes.size(); from += 17) {
            feed(probes.subList(from, Math.min(from + 17, probes.size())));
            byte[] bytes = STATE.serializer().serialize("state", tracker);
            tracker = ProbeTrackerLogic.mutable(STATE.deserializer().deserialize("state", bytes));
        }

        assertThat(uninterrupted.getProbesLate()).isEqualTo(1);
        assertThat(uninterrupted.getBlackoutCount()).isEqualTo(1);
        assertThat(report()).isEqualTo(uninterrupted);
    }

    @Test
    void forgettingKeepsHolesAndLateProbesFromTheGivenTimeOn() {
        Set<Long> dark = PingRun.range(10, 12);
        dark.addAll(PingRun.range(50, 57));
        feed(PingRun.stream(0, 99, 100_000, dark));

        ProbeTrackerLogic.forgetBefore(tracker, T0 + 3_000_000);

        assertThat(ProbeTrackerLogic.blackouts(tracker)).singleElement()
                .satisfies(b -> assertThat(b.getLostProbes()).isEqualTo(8));
        assertThat(tracker.getLate()).extracting(l -> l.getSeq()).containsExactlyInAnyOrderElementsOf(PingRun.range(50, 57));
    }

    /**
     * A batch delivered twice (a publisher retry) repeats its "no answer yet" lines: a late probe whose reply came
     * is still one late probe, as the v1 tracker (a set of late seqs) counted it.
     */
    @Test
    void aLateLineDeliveredTwiceIsOneLateProbe() {
        List<PingSample> probes = new ArrayList<>(PingRun.stream(0, 30, 100_000, Set.of()));
        probes.add(15, PingRun.sample(15, T0 + 15 * 100_000, PingStatus.LATE, null));
        DowntimeReport once = fed(probes);

        tracker = ProbeTrackerLogic.empty();
        feed(probes);
        feed(probes.subList(10, 20));

        assertThat(once.getProbesLate()).isEqualTo(1);
        assertThat(report()).isEqualTo(once);
    }
}
