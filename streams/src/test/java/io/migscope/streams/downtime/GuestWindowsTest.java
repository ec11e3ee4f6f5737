package io.migscope.streams.downtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.DowntimeReport;
import io.migscope.avro.state.ProbeTracker;
import io.migscope.avro.state.ProbeWindow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The guest's own slowdown per migration, on the guest timings of the guestperf fixture (auto-converge; seed 003's
 * 400 ms rising to about 7,000 ms per GiB): the pre-copy starts at 1714557615.183 in its progress history.
 */
class GuestWindowsTest {
    private static final long S = 1_000_000L;
    /** guest_timings of producers' samples/guestperf/auto-converge.json: epoch ms, ms per GiB. */
    private static final long[][] TIMINGS = {
        {1714557600652L, 402}, {1714557601050L, 398}, {1714557601455L, 405}, {1714557601856L, 401},
        {1714557602255L, 399}, {1714557602659L, 404}, {1714557603059L, 400}, {1714557603462L, 403},
        {1714557603859L, 397}, {1714557604261L, 402}, {1714557604661L, 400}, {1714557605062L, 401},
        {1714557605460L, 398}, {1714557605864L, 404}, {1714557606266L, 402}, {1714557606878L, 612},
        {1714557608358L, 1480}, {1714557611478L, 3120}, {1714557618428L, 6950}, {1714557625440L, 7012},
        {1714557631420L, 5980}, {1714557631851L, 431}, {1714557632256L, 405}, {1714557632655L, 399},
        {1714557633057L, 402}};
    private static final long PRECOPY_US = 1_714_557_615_183_000L;
    private static final long COMPLETED_US = 1_714_557_634_101_000L;

    private final DowntimeSettings settings = DowntimeSettings.defaults();
    private final GuestWindows guest = new GuestWindows(settings);
    private final ProbeWindows windows = new ProbeWindows(settings);

    private static ProbeWindow window(long startUs, Long untilUs) {
        return ProbeWindow.newBuilder().setMigrationId("mig-1").setStartUs(startUs).setTransferStartUs(startUs)
                .setUntilUs(untilUs).setAfterResume(new ArrayList<>()).build();
    }

    private void feed(ProbeTracker t, int from, int to) {
        for (int i = from; i < to; i++) {
            guest.onSample(t, TIMINGS[i][0] * 1000, TIMINGS[i][1]);
        }
    }

    @Test
    void baselineIsTheMedianBeforeTheTransferAndTheSlowdownTheSlowestGibUntilTheEnd() {
        ProbeTracker t = ProbeTrackerLogic.empty();
        ProbeWindow w = window(PRECOPY_US, COMPLETED_US + settings.recoveryUs());
        t.getWindows().add(w);
        feed(t, 0, 18);
        assertThat(w.getGuestBaselineMsPerGb()).as("not fixed before a sample past the transfer start").isNull();
        assertThat(w.getGuestMaxMsPerGb()).isNull();
        feed(t, 18, TIMINGS.length);
        // 18 samples before the pre-copy: fifteen of 397..405, then 612, 1480 and 3120; the middle two are 402
        assertThat(w.getGuestBaselineMsPerGb()).isEqualTo(402.0);
        assertThat(w.getGuestMaxMsPerGb()).isEqualTo(7012.0);
        DowntimeReport r = windows.report(t, w, "vm-1", true);
        assertThat(r.getGuestBaselineMsPerGb()).isEqualTo(402.0);
        assertThat(r.getGuestSlowdownMaxMsPerGb()).isEqualTo(7012.0);
    }

    @Test
    void aWindowLearnedLateTakesTheKeptSamplesAndSamplesPastItsEndDoNotCount() {
        ProbeTracker t = ProbeTrackerLogic.empty();
        feed(t, 0, 20);
        ProbeWindow w = window(PRECOPY_US, PRECOPY_US + 5 * S);
        t.getWindows().add(w);
        guest.onTimeline(t, w);
        assertThat(w.getGuestBaselineMsPerGb()).isEqualTo(402.0);
        assertThat(w.getGuestMaxMsPerGb()).as("only 6950 falls in [15.183, 20.183)").isEqualTo(6950.0);
        feed(t, 20, TIMINGS.length);
        assertThat(w.getGuestMaxMsPerGb()).isEqualTo(6950.0);
    }

    @Test
    void theBaselineWaitsForTheTransferStartWhileSlowGibsCountFromTheFirstPhase() {
        ProbeTracker t = ProbeTrackerLogic.empty();
        // requested at 10 s, the transfer not known yet
        ProbeWindow w = ProbeWindow.newBuilder().setMigrationId("mig-1").setStartUs(1_714_557_610_000_000L)
                .setAfterResume(new ArrayList<>()).build();
        t.getWindows().add(w);
        feed(t, 0, 18);
        assertThat(w.getGuestBaselineMsPerGb()).as("transfer start unknown").isNull();
        assertThat(w.getGuestMaxMsPerGb()).as("3120 at 11.478 s, after the request").isEqualTo(3120.0);
        w.setTransferStartUs(PRECOPY_US);
        guest.onTimeline(t, w);
        assertThat(w.getGuestBaselineMsPerGb()).as("no sample past the transfer start yet").isNull();
        feed(t, 18, 19);
        assertThat(w.getGuestBaselineMsPerGb()).isEqualTo(402.0);
        assertThat(w.getGuestMaxMsPerGb()).isEqualTo(6950.0);
    }

    @Test
    void aDueMigrationWithoutLaterSamplesStillGetsItsBaseline() {
        ProbeTracker t = ProbeTrackerLogic.empty();
        ProbeWindow w = window(PRECOPY_US, null);
        t.getWindows().add(w);
        feed(t, 0, 15);
        assertThat(w.getGuestBaselineMsPerGb()).isNull();
        guest.onDue(t, w);
        // the fifteen samples at rest: 397..405, the eighth of them 401
        assertThat(w.getGuestBaselineMsPerGb()).isEqualTo(401.0);
        assertThat(w.getGuestMaxMsPerGb()).isNull();
    }

    @Test
    void withoutAGuestReportTheReportSaysNothingAboutTheGuest() {
        ProbeTracker t = ProbeTrackerLogic.empty();
        ProbeWindow w = window(PRECOPY_US, null);
        t.getWindows().add(w);
        guest.onDue(t, w);
        DowntimeReport r = windows.report(t, w, "vm-1", true);
        assertThat(r.getGuestBaselineMsPerGb()).isNull();
        assertThat(r.getGuestSlowdownMaxMsPerGb()).isNull();
    }

    @Test
    void onlyTheLastBaselineWindowOfSamplesIsKept() {
        ProbeTracker t = ProbeTrackerLogic.empty();
        long t0 = PRECOPY_US;
        for (int i = 0; i < 1_000; i++) {
            guest.onSample(t, t0 + i * 400_000L, 400 + i % 7);
        }
        long last = t0 + 999 * 400_000L;
        assertThat(t.getGuest()).hasSize((int) (settings.baselineUs() / 400_000L) + 1);
        assertThat(t.getGuest().get(0).getTimeUs()).isGreaterThanOrEqualTo(last - settings.baselineUs());
        assertThat(t.getGuest().get(t.getGuest().size() - 1).getTimeUs()).isEqualTo(last);
    }

    @Test
    void aTransferStartToldOnlyAtTheEndStillFindsTheSamplesBeforeIt() {
        ProbeTracker t = ProbeTrackerLogic.empty();
        // requested 40 s before the pre-copy started; the platform tells the pre-copy only when it completes
        ProbeWindow w = ProbeWindow.newBuilder().setMigrationId("mig-1").setStartUs(PRECOPY_US - 40 * S)
                .setAfterResume(new ArrayList<>()).build();
        t.getWindows().add(w);
        feed(t, 0, TIMINGS.length);
        assertThat(t.getGuest()).as("kept from a baseline window before the first phase").hasSize(TIMINGS.length);
        w.setTransferStartUs(PRECOPY_US);
        w.setUntilUs(COMPLETED_US + settings.recoveryUs());
        guest.onTimeline(t, w);
        assertThat(w.getGuestBaselineMsPerGb()).isEqualTo(402.0);
        guest.forget(t, GuestWindows.latestUs(t));
        assertThat(t.getGuest().get(0).getTimeUs()).as("baseline fixed: only the last window is kept")
                .isGreaterThanOrEqualTo(GuestWindows.latestUs(t) - settings.baselineUs());
    }

    @Test
    void samplesOfSeveralGuestThreadsLandInTimeOrder() {
        ProbeTracker t = ProbeTrackerLogic.empty();
        guest.onSample(t, 3 * S, 400);
        guest.onSample(t, 5 * S, 410);
        guest.onSample(t, 4 * S, 420);
        assertThat(t.getGuest()).extracting(p -> p.getTimeUs()).containsExactly(3 * S, 4 * S, 5 * S);
    }

    @Test
    void aSampleDeliveredAgainCountsOnce() {
        ProbeTracker once = ProbeTrackerLogic.empty();
        ProbeTracker twice = ProbeTrackerLogic.empty();
        ProbeWindow w1 = window(PRECOPY_US, COMPLETED_US + settings.recoveryUs());
        ProbeWindow w2 = window(PRECOPY_US, COMPLETED_US + settings.recoveryUs());
        once.getWindows().add(w1);
        twice.getWindows().add(w2);
        for (int i = 0; i < TIMINGS.length; i++) {
            guest.onSample(once, TIMINGS[i][0] * 1000, TIMINGS[i][1]);
            // the six samples at rest of 400 ms or less, twice: counted twice, they would make the median 400.5
            for (int k = 0; k < (i < 15 && TIMINGS[i][1] <= 400 ? 2 : 1); k++) {
                guest.onSample(twice, TIMINGS[i][0] * 1000, TIMINGS[i][1]);
            }
        }
        assertThat(twice.getGuest()).isEqualTo(once.getGuest());
        assertThat(w2.getGuestBaselineMsPerGb()).isEqualTo(w1.getGuestBaselineMsPerGb()).isEqualTo(402.0);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(GuestWindows.median(new ArrayList<>(List.of(3.0, 1.0, 2.0)))).isEqualTo(2.0);
        assertThat(GuestWindows.median(new ArrayList<>(List.of(4.0, 1.0, 2.0, 3.0)))).isEqualTo(2.5);
        assertThat(GuestWindows.median(new ArrayList<>())).isNull();
    }
}
