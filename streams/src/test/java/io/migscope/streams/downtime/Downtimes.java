package io.migscope.streams.downtime;

import io.migscope.avro.DowntimeReport;
import io.migscope.avro.PingSample;
import io.migscope.avro.state.ProbeTracker;
import io.migscope.avro.state.ProbeWindow;
import java.util.ArrayList;
import java.util.List;

/** For tests of other steps: a migration's final downtime report from its VM's probes, as the downtime step makes it. */
public final class Downtimes {
    private Downtimes() {
    }

    /** Probes in the given order; window from {@code startUs}, transfer from {@code transferUs}, resumed at {@code resumedUs}. */
    public static DowntimeReport report(List<PingSample> probes, long startUs, long transferUs, long resumedUs,
                                        Long reportedMs, String reportedSource) {
        DowntimeSettings settings = DowntimeSettings.defaults();
        ProbeWindows windows = new ProbeWindows(settings);
        ProbeTracker t = ProbeTrackerLogic.empty();
        ProbeWindow w = ProbeWindow.newBuilder().setMigrationId("mig-1").setStartUs(startUs)
                .setTransferStartUs(transferUs).setResumedUs(resumedUs).setReportedDowntimeMs(reportedMs)
                .setReportedSource(reportedSource).setAfterResume(new ArrayList<>()).build();
        t.getWindows().add(w);
        ProbeBatchMedians medians = new ProbeBatchMedians();
        for (PingSample p : probes) {
            ProbeTrackerLogic.onProbe(t, p.getSeq(), p.getSentTimeUs(), p.getStatus(), p.getIntervalUs());
            Long rtt = p.getStatus() == io.migscope.avro.PingStatus.REPLY ? p.getRttUs() : null;
            windows.onProbe(w, p.getSeq(), p.getSentTimeUs(), rtt);
            if (rtt != null) {
                medians.clear();
                medians.add(p.getSentTimeUs(), rtt);
                medians.forEach((s, m, n) -> RttSeconds.put(t, s, m, n, 60));
            }
            windows.baseline(t, w);
        }
        windows.onTimeline(t, w);
        return windows.report(t, w, "vm-1", true);
    }
}
