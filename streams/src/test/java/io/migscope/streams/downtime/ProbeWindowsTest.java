package io.migscope.streams.downtime;

import static io.migscope.streams.downtime.DowntimeSteps.phase;
import static io.migscope.streams.downtime.DowntimeSteps.timeline;
import static io.migscope.streams.downtime.PingRun.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.migscope.avro.Blackout;
import io.migscope.avro.DowntimeReport;
import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import io.migscope.streams.CorrelationSettings;
import io.migscope.streams.timeline.Phases;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * One migration's view of its VM's probes, through the downtime step's processors: the v1 BrownoutTracker's
 * scenarios (baseline, peak, brownout after resume) on the per-second medians the v2 state keeps, and what only a
 * window has: a resume learned after the probes, two migrations of one VM, the probes and blackouts of each window.
 */
class ProbeWindowsTest {
    private static final long S = 1_000_000L;
    private final DowntimeSteps steps = new DowntimeSteps(CorrelationSettings.defaults());

    /** 0.3 ms before {@code resumeUs}; 5 ms right after it, falling linearly to 0.3 ms over 4 s. */
    private static LongUnaryOperator recovering(long resumeUs) {
        return sent -> sent < resumeUs ? 300 : Math.max(300, 5_000 - (sent - resumeUs) * 4_700 / 4_000_000);
    }

    /** Probes every 100 ms from T0 (seq = tenths of a second), RTT by send time; {@code dark} ones get no reply. */
    private static List<PingSample> probes(long fromSeq, long toSeq, LongUnaryOperator rtt, Set<Long> dark) {
        List<PingSample> out = new ArrayList<>();
        for (long seq = fromSeq; seq <= toSeq; seq++) {
            long sent = T0 + seq * 100_000;
            out.add(dark.contains(seq) ? PingRun.sample(seq, sent, PingStatus.LATE, null)
                    : PingRun.reply(seq, sent, rtt.applyAsLong(sent)));
        }
        return out;
    }

    private static List<PingSample> between(List<PingSample> probes, long fromUs, long toUs) {
        return probes.stream().filter(p -> p.getSentTimeUs() >= fromUs && p.getSentTimeUs() < toUs).toList();
    }

    @Test
    void baselinePeakAndRecoveryAfterResume() {
        long resume = T0 + 40 * S;
        List<PingSample> all = probes(0, 599, recovering(resume), Set.of());
        steps.timeline(timeline("m", phase(Phases.PRECOPY, T0 + 30 * S)));
        steps.probes(between(all, T0, resume));
        steps.timeline(timeline("m", phase(Phases.PRECOPY, T0 + 30 * S), phase(Phases.SWITCHOVER, resume - S / 2),
                phase(Phases.RESUMED, resume)));
        steps.probes(between(all, resume, T0 + 60 * S));
        DowntimeReport r = steps.latest("m");

        assertThat(r.getRttBaselineUs()).isEqualTo(300L);
        assertThat(r.getRttPeakAfterResumeUs()).isEqualTo(5_000L);
        // tolerance 0.3 * 1.5 + 0.5 = 0.95 ms: 1.005 ms at +3.4 s, 0.8875 ms at +3.5 s, then 5 probes in a row
        assertThat(r.getBrownoutMs()).isCloseTo(3500.0, within(0.001));
        assertThat(r.getFinal$()).isFalse();
    }

    @Test
    void aResumeLearnedAfterTheProbesGivesTheSameBrownout() {
        long resume = T0 + 40 * S;
        List<PingSample> all = probes(0, 599, recovering(resume), Set.of());
        steps.timeline(timeline("m", phase(Phases.PRECOPY, T0 + 30 * S)));
        steps.probes(all);
        assertThat(steps.latest("m").getBrownoutMs()).as("not resumed yet, as far as the step knows").isNull();

        steps.timeline(timeline("m", phase(Phases.PRECOPY, T0 + 30 * S), phase(Phases.RESUMED, resume),
                phase(Phases.COMPLETED, resume + S)));
        DowntimeReport r = steps.latest("m");

        assertThat(r.getRttBaselineUs()).isEqualTo(300L);
        assertThat(r.getRttPeakAfterResumeUs()).isEqualTo(5_000L);
        assertThat(r.getBrownoutMs()).isCloseTo(3500.0, within(0.001));
    }

    @Test
    void theFirstRepliesAfterResumeWithinToleranceMeanNoBrownout() {
        long resume = T0 + 40 * S;
        List<PingSample> all = probes(0, 599, sent -> 300, Set.of());
        steps.timeline(timeline("m", phase(Phases.PRECOPY, T0 + 30 * S), phase(Phases.RESUMED, resume)));
        steps.probes(all);

        assertThat(steps.latest("m").getBrownoutMs()).isEqualTo(0.0);
        assertThat(steps.latest("m").getRttPeakAfterResumeUs()).isEqualTo(300L);
    }

    @Test
    void theBaselineWaitsForTheSecondsBeforeTheTransferAndIsTheirMedian() {
        // per-second medians: 200, 300, 400 us in turn; the transfer starts at 6 s, so the baseline covers 0..5 s
        LongUnaryOperator rtt = sent -> 200 + ((sent - T0) / S % 3) * 100 + (sent - T0) % S / 100_000;
        List<PingSample> all = probes(0, 99, rtt, Set.of());
        steps.timeline(timeline("m", phase(Phases.REQUESTED, T0 + 2 * S), phase(Phases.PRECOPY, T0 + 6 * S)));
        steps.probes(between(all, T0, T0 + 4 * S));
        assertThat(steps.latest("m").getRttBaselineUs()).as("seconds 4 and 5 still to come").isNull();

        steps.probes(between(all, T0 + 4 * S, T0 + 10 * S));

        // seconds 0..5 have medians 205, 305, 405, 205, 305, 405 (the 6th of 10 replies): their median is 305
        assertThat(steps.latest("m").getRttBaselineUs()).isEqualTo(305L);
    }

    @Test
    void withoutATransferTheFirstPhaseStartsTheBaseline() {
        List<PingSample> all = probes(0, 99, sent -> 300, Set.of());
        steps.timeline(timeline("m", phase(Phases.REQUESTED, T0 + 3 * S)));
        steps.probes(all);

        assertThat(steps.latest("m").getRttBaselineUs()).isEqualTo(300L);
    }

    @Test
    void twoMigrationsOfOneVmKeepTheirOwnWindowsProbesBaselinesAndBlackouts() {
        // m1: transfer 30 s, dark 39.0-39.4 s, resumed 40 s, completed 41 s: window until 71 s.
        // Between the migrations: dark 85.0-85.2 s. RTT 800 us from 60 s on.
        // m2: transfer 100 s, dark 109.0-109.8 s, resumed 110 s, completed 111 s.
        Set<Long> dark = PingRun.range(390, 394);
        dark.addAll(PingRun.range(850, 852));
        dark.addAll(PingRun.range(1090, 1098));
        List<PingSample> all = probes(0, 1499, sent -> sent < T0 + 60 * S ? 300 : 800, dark);
        steps.timeline(timeline("m1", phase(Phases.PRECOPY, T0 + 30 * S)));
        steps.probes(between(all, T0, T0 + 40 * S));
        steps.timeline(timeline("m1", phase(Phases.PRECOPY, T0 + 30 * S), phase(Phases.RESUMED, T0 + 40 * S),
                phase(Phases.COMPLETED, T0 + 41 * S)));
        steps.probes(between(all, T0 + 40 * S, T0 + 100 * S));
        DowntimeReport m1 = steps.due("m1", T0 + 71 * S);
        steps.timeline(timeline("m2", phase(Phases.PRECOPY, T0 + 100 * S)));
        steps.probes(between(all, T0 + 100 * S, T0 + 110 * S));
        steps.timeline(timeline("m2", phase(Phases.PRECOPY, T0 + 100 * S), phase(Phases.RESUMED, T0 + 110 * S),
                phase(Phases.COMPLETED, T0 + 111 * S)));
        steps.probes(between(all, T0 + 110 * S, T0 + 150 * S));
        DowntimeReport m2 = steps.due("m2", T0 + 141 * S);

        assertThat(m1.getFinal$()).isTrue();
        assertThat(m1.getBlackouts()).singleElement().satisfies(b -> {
            assertThat(b.getLostProbes()).isEqualTo(5);
            assertThat(b.getLastReplyUs()).isEqualTo(T0 + 38_900_000);
        });
        assertThat(m1.getRttBaselineUs()).isEqualTo(300L);
        // probes sent in [30 s, 71 s): seq 300..709
        assertThat(m1.getProbes()).isEqualTo(410);
        assertThat(m2.getBlackouts()).singleElement().satisfies(b -> {
            assertThat(b.getLostProbes()).isEqualTo(9);
            assertThat(b.getEstimateMs()).isCloseTo(900.0, within(0.01));
        });
        assertThat(m2.getRttBaselineUs()).isEqualTo(800L);
        assertThat(m2.getProbes()).isEqualTo(410);
        assertThat(m2.getBrownoutMs()).isEqualTo(0.0);
    }

    @Test
    void aWindowReportsOnlyTheBlackoutsInsideIt() {
        // dark before the migration (25 s), inside it (35 s), after its window (80 s); the VM keeps all three
        Set<Long> dark = PingRun.range(250, 252);
        dark.addAll(PingRun.range(350, 353));
        dark.addAll(PingRun.range(800, 806));
        List<PingSample> all = probes(0, 849, sent -> 300, dark);
        steps.timeline(timeline("m", phase(Phases.PRECOPY, T0 + 30 * S), phase(Phases.RESUMED, T0 + 36 * S),
                phase(Phases.COMPLETED, T0 + 40 * S)));
        steps.probes(all);
        assertThat(ProbeTrackerLogic.blackouts(steps.tracker())).hasSize(3);

        DowntimeReport r = steps.due("m", T0 + 85 * S);

        assertThat(r.getBlackouts()).extracting(Blackout::getLostProbes).containsExactly(4);
        assertThat(r.getProbesLost()).isEqualTo(4);
        assertThat(r.getObservedBlackoutMs()).isCloseTo(400.0, within(0.01));
        // probes sent in [30 s, 70 s)
        assertThat(r.getProbes()).isEqualTo(400);
    }

    @Test
    void lateProbesAreCountedInTheWindowTheyWereSentIn() {
        List<PingSample> all = new ArrayList<>(probes(0, 399, sent -> 300, Set.of()));
        // a late notice before its reply came: 10 s (before the window) and 32 s (inside it)
        all.add(100, PingRun.sample(100, T0 + 10 * S, PingStatus.LATE, null));
        all.add(321, PingRun.sample(320, T0 + 32 * S, PingStatus.LATE, null));
        steps.timeline(timeline("m", phase(Phases.PRECOPY, T0 + 30 * S), phase(Phases.COMPLETED, T0 + 35 * S)));
        steps.probes(all);

        assertThat(steps.due("m", T0 + 65 * S).getProbesLate()).isEqualTo(1);
    }

    @Test
    void reportsAreWrittenWhenSomethingSignificantChangedNotForEveryBatch() {
        List<PingSample> all = probes(0, 1199, sent -> 300, PingRun.range(600, 604));
        steps.timeline(timeline("m", phase(Phases.PRECOPY, T0 + 30 * S)));
        List<DowntimeReport> steady = steps.probes(between(all, T0, T0 + 59 * S));
        assertThat(steady).as("only the baseline became known").hasSize(1);

        List<DowntimeReport> dark = steps.probes(between(all, T0 + 59 * S, T0 + 62 * S));
        assertThat(dark).as("a blackout opened, grew and closed").isNotEmpty();
        assertThat(dark.get(dark.size() - 1).getBlackouts()).singleElement()
                .satisfies(b -> assertThat(b.getOpen()).isFalse());
        assertThat(steps.probes(between(all, T0 + 62 * S, T0 + 120 * S))).isEmpty();
    }

    @Test
    void aMigrationWithoutProbesGetsAFinalReportWithWhatTheHypervisorSaid() {
        steps.timeline(timeline("m", phase(Phases.PRECOPY, T0), phase(Phases.COMPLETED, T0 + 5 * S)));
        steps.reported("m", 42, "qemu/qmp");
        steps.reported("m-without-window", 17, "libvirt");

        DowntimeReport withWindow = steps.due("m", T0 + 35 * S);
        DowntimeReport without = steps.due("m-without-window", T0 + 35 * S);

        assertThat(withWindow.getProbes()).isZero();
        assertThat(withWindow.getBlackoutCount()).isZero();
        assertThat(withWindow.getFinal$()).isTrue();
        assertThat(without.getReportedDowntimeMs()).isEqualTo(17L);
        assertThat(without.getReportedSource()).isEqualTo("libvirt");
        assertThat(without.getFinal$()).isTrue();
        assertThat(without.getObservedBlackoutMs()).isNull();
    }

    @Test
    void aFinishedWindowIsForgottenAndLaterProbesAreOutsideEveryMigration() {
        List<PingSample> all = probes(0, 299, sent -> 300, Set.of());
        steps.timeline(timeline("m", phase(Phases.PRECOPY, T0), phase(Phases.COMPLETED, T0 + 5 * S)));
        steps.probes(between(all, T0, T0 + 10 * S));
        steps.due("m", T0 + 10 * S);
        double before = steps.outsideMigrations();

        assertThat(steps.probes(between(all, T0 + 10 * S, T0 + 30 * S))).isEmpty();
        assertThat(steps.outsideMigrations() - before).isEqualTo(200.0);
    }

    /**
     * The same probes and the same timelines give the same baseline whatever their interleaving. Here the transfer
     * starts at 30.5 s after a request at 25 s; the RTT rises by 50 us each second from 300 us at 20 s. Known
     * before the probes, the transfer start sets the window (20 s to 30 s); known only after the probes up to 26 s,
     * the baseline has already been fixed on the seconds before the request (20 s to 24 s) and stays so.
     */
    @Test
    void theBaselineIsTheSameWhetherTheTransferStartCameBeforeOrAfterTheProbes() {
        List<PingSample> all = probes(200, 399, sent -> 300 + ((sent - T0) / S - 20) * 50, Set.of());
        steps.timeline(timeline("m", phase(Phases.REQUESTED, T0 + 25 * S), phase(Phases.PRECOPY, T0 + 30 * S + S / 2)));
        steps.probes(all);
        Long known = steps.latest("m").getRttBaselineUs();

        DowntimeSteps later = new DowntimeSteps(CorrelationSettings.defaults());
        later.timeline(timeline("m", phase(Phases.REQUESTED, T0 + 25 * S)));
        later.probes(between(all, T0, T0 + 26 * S));
        later.timeline(timeline("m", phase(Phases.REQUESTED, T0 + 25 * S), phase(Phases.PRECOPY, T0 + 30 * S + S / 2)));
        later.probes(between(all, T0 + 26 * S, T0 + 40 * S));

        assertThat(known).isNotNull();
        assertThat(later.latest("m").getRttBaselineUs()).isEqualTo(known);
    }
}
