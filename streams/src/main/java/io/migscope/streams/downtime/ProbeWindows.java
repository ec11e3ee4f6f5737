package io.migscope.streams.downtime;

import io.migscope.avro.Blackout;
import io.migscope.avro.DowntimeReport;
import io.migscope.avro.state.ProbeTracker;
import io.migscope.avro.state.ProbeWindow;
import io.migscope.avro.state.RttPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * One migration's view of its VM's probes: which probes and blackouts fall in its window (first phase to end plus
 * the recovery window), its RTT baseline (the per-second medians before the transfer started) and its brownout (from
 * resume until {@code recoveredProbes} consecutive replies are back within tolerance of the baseline).
 */
final class ProbeWindows {
    /** Replies kept per window while the brownout is undecided. */
    private static final int MAX_POINTS = 4096;

    private final DowntimeSettings settings;

    ProbeWindows(DowntimeSettings settings) {
        this.settings = settings;
    }

    static ProbeWindow window(ProbeTracker t, String migrationId) {
        for (ProbeWindow w : t.getWindows()) {
            if (w.getMigrationId().equals(migrationId)) {
                return w;
            }
        }
        return null;
    }

    /** The window's own start: its transfer, else its first phase. */
    static long transferStart(ProbeWindow w) {
        return w.getTransferStartUs() != null ? w.getTransferStartUs() : w.getStartUs();
    }

    static boolean contains(ProbeWindow w, long sentUs) {
        return sentUs >= w.getStartUs() && (w.getUntilUs() == null || sentUs < w.getUntilUs());
    }

    /** One probe of the VM: the window's probe span, and replies for the brownout. */
    void onProbe(ProbeWindow w, long seq, long sentUs, Long rttUs) {
        if (contains(w, sentUs)) {
            w.setMinSeq(w.getMinSeq() < 0 ? seq : Math.min(w.getMinSeq(), seq));
            w.setMaxSeq(Math.max(w.getMaxSeq(), seq));
        }
        if (rttUs == null || sentUs < transferStart(w)) {
            return;
        }
        Long resumed = w.getResumedUs();
        if (resumed == null) {
            // Not resumed yet, or not known yet (a platform may report it later): keep the last grace period.
            addPoint(w, seq, sentUs, rttUs);
            w.getAfterResume().removeIf(p -> p.getSentUs() < sentUs - settings.graceUs());
            return;
        }
        if (sentUs >= resumed && sentUs < resumed + settings.recoveryUs()) {
            w.setPeakAfterResumeUs(w.getPeakAfterResumeUs() == null ? rttUs : Math.max(w.getPeakAfterResumeUs(), rttUs));
            if (w.getBrownoutMs() == null) {
                addPoint(w, seq, sentUs, rttUs);
                decide(w);
            }
        }
    }

    /** The migration's timeline changed: its window, resume and reported downtime. */
    void onTimeline(ProbeTracker t, ProbeWindow w) {
        Long resumed = w.getResumedUs();
        if (resumed != null) {
            w.getAfterResume().removeIf(p -> p.getSentUs() < resumed || p.getSentUs() >= resumed + settings.recoveryUs());
            Long peak = null;
            for (RttPoint p : w.getAfterResume()) {
                peak = peak == null ? p.getRttUs() : Math.max(peak, p.getRttUs());
            }
            if (w.getBrownoutMs() == null) {
                w.setPeakAfterResumeUs(peak);
            }
        }
        baseline(t, w);
        if (w.getBrownoutMs() == null) {
            decide(w);
        }
    }

    /**
     * Takes the baseline once the per-second medians cover the baseline window before the transfer, and again when
     * a transfer phase known later moves the transfer start (the migration's first phase stood in for it), while
     * the ring still holds that window: the baseline does not depend on which came first.
     */
    void baseline(ProbeTracker t, ProbeWindow w) {
        long start = transferStart(w);
        Long takenFor = w.getBaselineForUs();
        boolean moved = takenFor != null && takenFor != start
                && RttSeconds.holds(t, start - settings.baselineUs(), settings.rttSecondsKept());
        if ((w.getBaselineUs() == null || moved) && RttSeconds.covers(t, start)) {
            w.setBaselineUs(RttSeconds.median(t, start - settings.baselineUs(), start));
            w.setBaselineForUs(start);
            if (w.getBrownoutMs() == null) {
                decide(w);
            }
        }
    }

    /** Milliseconds from resume to the first of {@code recoveredProbes} consecutive replies within tolerance. */
    private void decide(ProbeWindow w) {
        Long baseline = w.getBaselineUs();
        Long resumed = w.getResumedUs();
        List<RttPoint> after = w.getAfterResume();
        if (baseline == null || resumed == null || after.isEmpty()) {
            return;
        }
        double tolerance = baseline * settings.toleranceFactor() + settings.toleranceAbsUs();
        int run = 0;
        for (int i = 0; i < after.size(); i++) {
            run = after.get(i).getRttUs() <= tolerance ? run + 1 : 0;
            if (run == settings.recoveredProbes()) {
                int first = i - run + 1;
                w.setBrownoutMs(first == 0 ? 0.0 : Math.max(0, after.get(first).getSentUs() - resumed) / 1000.0);
                after.clear();
                return;
            }
        }
    }

    /** Replies in seq order, so a reordered probe lands where it belongs. */
    private static void addPoint(ProbeWindow w, long seq, long sentUs, long rttUs) {
        List<RttPoint> points = w.getAfterResume();
        if (points.size() >= MAX_POINTS) {
            return;
        }
        int i = points.size();
        while (i > 0 && points.get(i - 1).getSeq() >= seq) {
            if (points.get(i - 1).getSeq() == seq) {
                return;
            }
            i--;
        }
        points.add(i, new RttPoint(seq, sentUs, rttUs));
    }

    /** The window's report: its blackouts, probes, baseline and brownout, and the hypervisor's reported downtime. */
    DowntimeReport report(ProbeTracker t, ProbeWindow w, String vm, boolean fin) {
        long until = w.getUntilUs() == null ? Long.MAX_VALUE : w.getUntilUs();
        List<Blackout> list = new ArrayList<>();
        for (Blackout b : ProbeTrackerLogic.blackouts(t)) {
            if ((b.getFirstReplyUs() == null || b.getFirstReplyUs() >= w.getStartUs()) && b.getLastReplyUs() <= until) {
                list.add(b);
            }
        }
        double longest = 0;
        double total = 0;
        long lost = 0;
        for (Blackout b : list) {
            longest = Math.max(longest, b.getEstimateMs());
            total += b.getEstimateMs();
            lost += b.getLostProbes();
        }
        return DowntimeReport.newBuilder().setMigrationId(w.getMigrationId()).setVm(vm)
                .setIntervalUs(ProbeTrackerLogic.intervalUs(t))
                .setProbes(w.getMinSeq() >= 0 ? w.getMaxSeq() - w.getMinSeq() + 1 : 0).setProbesLost(lost)
                .setProbesLate(ProbeTrackerLogic.lateReplied(t, w.getStartUs(), until)).setBlackouts(list)
                .setObservedBlackoutMs(list.isEmpty() ? null : longest)
                .setObservedBlackoutTotalMs(list.isEmpty() ? null : total).setBlackoutCount(list.size())
                .setReportedDowntimeMs(w.getReportedDowntimeMs()).setReportedSource(w.getReportedSource())
                .setRttBaselineUs(w.getBaselineUs()).setRttPeakAfterResumeUs(w.getPeakAfterResumeUs())
                .setBrownoutMs(w.getBrownoutMs()).setGuestBaselineMsPerGb(w.getGuestBaselineMsPerGb())
                .setGuestSlowdownMaxMsPerGb(w.getGuestMaxMsPerGb()).setFinal$(fin).build();
    }

    /**
     * What makes a report worth writing again: a blackout opened, closed, split or grew by a probe; the hypervisor's
     * figures, the baseline or the brownout became known; the guest's baseline became known or it felt a slower GiB. Probe counts, the measured interval (and with it the
     * estimates) and the peak RTT move with every probe and are written with the next such change.
     */
    static int significance(DowntimeReport r) {
        List<Blackout> bounds = new ArrayList<>();
        for (Blackout b : r.getBlackouts()) {
            bounds.add(Blackout.newBuilder().setLastReplyUs(b.getLastReplyUs()).setFirstReplyUs(b.getFirstReplyUs())
                    .setLostProbes(b.getLostProbes()).setOpen(b.getOpen()).setEstimateMs(0).setLowerMs(0).build());
        }
        DowntimeReport significant = DowntimeReport.newBuilder(r).setBlackouts(bounds).setIntervalUs(null)
                .setProbes(0).setProbesLate(0).setObservedBlackoutMs(null).setObservedBlackoutTotalMs(null)
                .setRttPeakAfterResumeUs(null).build();
        return io.migscope.streams.state.ContentHash.of(significant);
    }
}
