package io.migscope.streams.downtime;

import io.migscope.avro.state.GuestPoint;
import io.migscope.avro.state.ProbeTracker;
import io.migscope.avro.state.ProbeWindow;
import java.util.ArrayList;
import java.util.List;

/**
 * What the guest itself felt during each of its VM's migrations, from its GuestSamples (ms per GiB written, seed
 * 003): the baseline, the median over the baseline window before the transfer started, and the slowest GiB during
 * the migration, from its first phase to the end of its window (end plus the recovery window).
 *
 * <p>A sample is dated when its GiB was done, so the GiB that spans a blackout counts after the resume, where the
 * guest felt it. The tracker keeps the samples of the last baseline window, for the baseline of a migration that
 * starts next, and while a migration's baseline is not fixed, those from one baseline window before its first phase
 * (a platform may tell the transfer start only when the migration ends: vCenter's task); a window keeps two numbers. A baseline is fixed once the transfer start is known and a sample
 * at or past it arrived (the guest reports in order, so no earlier sample is still to come), or when the migration
 * is due (then before its first phase if no transfer was seen).
 */
final class GuestWindows {
    /** Bounds the kept samples whatever the rate: a guest writing a GiB in 10 ms would still fit a 30 s window. */
    static final int MAX_POINTS = 4096;

    private final DowntimeSettings settings;

    GuestWindows(DowntimeSettings settings) {
        this.settings = settings;
    }

    /** One sample of the VM's guest: kept for baselines, and the slowest of each window it falls in. */
    void onSample(ProbeTracker t, long timeUs, double msPerGb) {
        add(t.getGuest(), timeUs, msPerGb);
        for (ProbeWindow w : t.getWindows()) {
            if (during(w, timeUs)) {
                w.setGuestMaxMsPerGb(w.getGuestMaxMsPerGb() == null ? msPerGb : Math.max(w.getGuestMaxMsPerGb(), msPerGb));
            }
            baseline(t, w, false);
        }
        forget(t, latestUs(t));
    }

    /**
     * The window's migration changed (its first phase, transfer start or end became known): the kept samples that
     * now fall in it count towards its slowest GiB, and its baseline is fixed if the samples are past its transfer
     * start.
     */
    void onTimeline(ProbeTracker t, ProbeWindow w) {
        for (GuestPoint p : t.getGuest()) {
            if (during(w, p.getTimeUs())) {
                w.setGuestMaxMsPerGb(w.getGuestMaxMsPerGb() == null ? p.getMsPerGb()
                        : Math.max(w.getGuestMaxMsPerGb(), p.getMsPerGb()));
            }
        }
        baseline(t, w, false);
    }

    /** The migration is due: nothing more will come, so its baseline is whatever the kept samples give. */
    void onDue(ProbeTracker t, ProbeWindow w) {
        baseline(t, w, true);
    }

    /**
     * Forgets the samples no baseline still to be fixed can need: those older than a baseline window before
     * {@code nowUs} (the VM's latest input), and before the first phase of a migration whose baseline is open.
     */
    void forget(ProbeTracker t, long nowUs) {
        long from = nowUs - settings.baselineUs();
        for (ProbeWindow w : t.getWindows()) {
            if (w.getGuestBaselineMsPerGb() == null) {
                from = Math.min(from, w.getStartUs() - settings.baselineUs());
            }
        }
        long keepFrom = from;
        t.getGuest().removeIf(p -> p.getTimeUs() < keepFrom);
    }

    /** The time of the VM's latest guest sample, or Long.MIN_VALUE without one. */
    static long latestUs(ProbeTracker t) {
        List<GuestPoint> points = t.getGuest();
        return points.isEmpty() ? Long.MIN_VALUE : points.get(points.size() - 1).getTimeUs();
    }

    /** The migration's window: from its first phase to the end of the recovery window, while that is known. */
    private static boolean during(ProbeWindow w, long timeUs) {
        return ProbeWindows.contains(w, timeUs);
    }

    private void baseline(ProbeTracker t, ProbeWindow w, boolean due) {
        if (w.getGuestBaselineMsPerGb() != null) {
            return;
        }
        // Before the transfer is known, a sample past the first phase says nothing about the samples still to come.
        long start = ProbeWindows.transferStart(w);
        if (!due && (w.getTransferStartUs() == null || latestUs(t) < start)) {
            return;
        }
        List<Double> values = new ArrayList<>();
        for (GuestPoint p : t.getGuest()) {
            if (p.getTimeUs() >= start - settings.baselineUs() && p.getTimeUs() < start) {
                values.add(p.getMsPerGb());
            }
        }
        w.setGuestBaselineMsPerGb(median(values));
    }

    /** The middle value, or the mean of the two middle values; null for none. */
    static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        values.sort(null);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    /**
     * Samples in time order, so one that arrives late (several guest threads, one stream each) lands in place; a
     * sample delivered again (a producer's retry) is kept once, so it cannot move the median.
     */
    private static void add(List<GuestPoint> points, long timeUs, double msPerGb) {
        int i = points.size();
        while (i > 0 && points.get(i - 1).getTimeUs() >= timeUs) {
            GuestPoint p = points.get(i - 1);
            if (p.getTimeUs() == timeUs && p.getMsPerGb() == msPerGb) {
                return;
            }
            i--;
        }
        points.add(i, new GuestPoint(timeUs, msPerGb));
        if (points.size() > MAX_POINTS) {
            points.remove(0);
        }
    }
}
