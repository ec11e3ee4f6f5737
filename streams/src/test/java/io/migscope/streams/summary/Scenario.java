package io.migscope.streams.summary;

import static io.migscope.streams.timeline.Events.T0;
import static io.migscope.streams.timeline.Events.event;
import static io.migscope.streams.timeline.Events.qmp;
import static io.migscope.streams.timeline.Events.stats;

import io.migscope.avro.AlertKind;
import io.migscope.avro.DowntimeReport;
import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.MigrationTimeline;
import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import io.migscope.avro.Platform;
import io.migscope.streams.downtime.Downtimes;
import io.migscope.streams.timeline.TimelineBuilder;
import io.migscope.streams.timeline.TimelineFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A KubeVirt migration seen by KubeVirt and QEMU, with 10 Hz probes and a 0.6 s blackout at switchover, folded the
 * way the processors will: timeline from events, downtime from probes, summary from both.
 */
final class Scenario {
    static final long STOP_MS = 19_000;
    static final long RESUME_MS = 19_600;

    private Scenario() {
    }

    static List<MigrationEvent> events() {
        List<MigrationEvent> e = new ArrayList<>();
        String[] phases = {"Pending", "Scheduling", "TargetReady", "Running"};
        long[] at = {0, 3_000, 6_000, 6_500};
        for (int i = 0; i < phases.length; i++) {
            e.add(event("k" + i, at[i], Platform.KUBEVIRT, "kubevirt", EventKind.PHASE).setStatus(phases[i])
                    .setSourceHost("node-a").setTargetHost("node-b").setCluster("c1").build());
        }
        e.add(qmp("q0", 6_600, "source", EventKind.STATUS, "setup", null));
        for (int pass = 1; pass <= 4; pass++) {
            e.add(qmp("qp" + pass, 6_600 + pass * 3_000L, "source", EventKind.PASS, null, pass));
            e.add(event("qs" + pass, 6_700 + pass * 3_000L, Platform.QEMU, "qmp", EventKind.STATS).setRole("source")
                    .setHost("src").setStats(stats(400_000_000L >> pass, 20_000_000, 120_000_000)
                            .setDirtySyncCount((long) pass).build()).build());
        }
        e.add(qmp("q5", STOP_MS, "source", EventKind.STOP, null, null));
        e.add(qmp("q6", 19_500, "source", EventKind.STATUS, "completed", null));
        e.add(qmp("q7", RESUME_MS, "destination", EventKind.RESUME, null, null));
        e.add(event("q8", 19_700, Platform.QEMU, "qmp", EventKind.STATS).setRole("source").setHost("src")
                .setStatus("completed").setStats(stats(0, 0, 120_000_000).setDowntimeMs(420L)
                        .setRamTransferredBytes(900_000_000L).setDirtySyncCount(5L).build()).build());
        e.add(event("k9", 20_000, Platform.KUBEVIRT, "kubevirt", EventKind.PHASE).setStatus("Succeeded")
                .setCompleted(true).build());
        return io.migscope.streams.timeline.Events.canonical(e);
    }

    /** Probes every 100 ms from 30 s before to 30 s after; replies stop between STOP and RESUME. */
    static List<PingSample> probes() {
        List<PingSample> out = new ArrayList<>();
        long first = T0 - 30_000_000L;
        for (long seq = 0; seq < 800; seq++) {
            long sent = first + seq * 100_000L;
            boolean dark = sent >= T0 + STOP_MS * 1000 && sent < T0 + RESUME_MS * 1000;
            long rtt = sent > T0 + RESUME_MS * 1000 && sent < T0 + RESUME_MS * 1000 + 1_000_000 ? 2_000 : 300;
            out.add(PingSample.newBuilder().setVm("vm-1").setTarget("10.0.0.5").setSeq(seq).setSeqRaw((int) seq)
                    .setSentTimeUs(sent).setObservedTimeUs(sent + rtt).setRttUs(dark ? null : rtt)
                    .setStatus(dark ? PingStatus.LATE : PingStatus.REPLY).setIntervalUs(100_000L).build());
        }
        return out;
    }

    record Result(MigrationTimeline timeline, DowntimeReport downtime, MigrationSummary summary) {
    }

    static Result fold(List<MigrationEvent> events, List<PingSample> probes) {
        TimelineBuilder timeline = new TimelineBuilder("mig-1");
        events.forEach(timeline::add);
        MigrationTimeline t = timeline.build();
        TimelineFacts facts = timeline.facts();
        DowntimeReport d = Downtimes.report(probes, T0 - 30_000_000L, T0, T0 + RESUME_MS * 1000,
                facts.reportedDowntimeMs(), facts.reportedSource());
        return new Result(t, d, SummaryBuilder.build(t, facts, d, Set.of(AlertKind.DOWNTIME_SLO_BREACH), null, null));
    }
}
