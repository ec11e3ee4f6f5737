package io.migscope.streams.downtime;

import io.migscope.avro.DowntimeReport;
import io.migscope.avro.GuestSample;
import io.migscope.avro.MigrationTimeline;
import io.migscope.avro.Phase;
import io.migscope.avro.ProbeBatch;
import io.migscope.avro.state.ProbeTracker;
import io.migscope.avro.state.ProbeWindow;
import io.migscope.avro.state.TimelineState;
import io.migscope.streams.CorrelationSettings;
import io.migscope.streams.assign.Assigned;
import io.migscope.streams.state.StateSerdes;
import io.migscope.streams.timeline.Phases;
import io.migscope.streams.timeline.TimelineStep;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The downtime step: observed blackout, RTT baseline and brownout per migration, from its VM's probes, and what its
 * guest felt ({@link GuestWindows}). Four processors share one store of per-VM trackers and each writes
 * {@link DowntimeReport}s, only when one changed:
 * <ul>
 *   <li>{@code track-downtime}: a VM's probe batch moves its tracker and the windows of its migrations;</li>
 *   <li>{@code track-guest}: a sample of the VM's guest (ms per GiB written) moves the guest baseline and the
 *       slowest GiB of its migrations;</li>
 *   <li>{@code downtime-windows}: a migration's timeline sets its window (first phase, transfer start, resume, end
 *       plus the recovery window) and the hypervisor's reported downtime;</li>
 *   <li>{@code finish-downtime}: a due migration gets its final report (one even without probes) and its window is
 *       forgotten.</li>
 * </ul>
 */
public final class DowntimeStep {
    /** VM to its {@link ProbeTracker}. */
    public static final String STORE = "vm-probe-trackers";
    private static final Set<String> TRANSFER = Set.of(Phases.PRECOPY, Phases.POSTCOPY, Phases.SWITCHOVER);

    private DowntimeStep() {
    }

    /** @return every report, in the order written; finals are the last of each migration */
    public static KStream<String, DowntimeReport> addTo(StreamsBuilder builder, KStream<String, ProbeBatch> probes,
            KStream<String, GuestSample> guests, KStream<String, MigrationTimeline> timelines,
            KStream<String, Assigned.Due> due, CorrelationSettings settings, StateSerdes state) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                state.of(ProbeTracker.class)).withCachingEnabled());
        KStream<String, DowntimeReport> fromProbes = probes.process(() -> new TrackProbes(settings),
                Named.as("track-downtime"), STORE);
        KStream<String, DowntimeReport> fromGuests = guests.process(() -> new TrackGuest(settings),
                Named.as("track-guest"), STORE);
        KStream<String, DowntimeReport> fromTimelines = timelines.process(() -> new SetWindows(settings),
                Named.as("downtime-windows"), STORE);
        KStream<String, DowntimeReport> finals = due.process(() -> new FinishDowntime(settings),
                Named.as("finish-downtime"), STORE, TimelineStep.STORE);
        return fromProbes.merge(fromGuests, Named.as("downtime-guest-reports"))
                .merge(fromTimelines, Named.as("downtime-reports")).merge(finals, Named.as("downtime-all"));
    }

    /** Shared by the four processors: the store, the rules, and writing a report only when it changed. */
    private abstract static class Base<K, V> implements Processor<K, V, String, DowntimeReport> {
        final CorrelationSettings settings;
        final ProbeWindows windows;
        final GuestWindows guest;
        ProcessorContext<String, DowntimeReport> context;
        KeyValueStore<String, ProbeTracker> trackers;

        Base(CorrelationSettings settings) {
            this.settings = settings;
            this.windows = new ProbeWindows(settings.downtime());
            this.guest = new GuestWindows(settings.downtime());
        }

        @Override
        public void init(ProcessorContext<String, DowntimeReport> ctx) {
            this.context = ctx;
            this.trackers = ctx.getStateStore(STORE);
        }

        void emitIfChanged(ProbeTracker t, ProbeWindow w, String vm, long timestampMs) {
            DowntimeReport r = windows.report(t, w, vm, false);
            int h = ProbeWindows.significance(r);
            if (h != w.getEmittedHash()) {
                w.setEmittedHash(h);
                context.forward(new Record<>(w.getMigrationId(), r, timestampMs));
            }
        }

        /** Keeps holes only as far back as a window or the next baseline can need them. */
        void forget(ProbeTracker t) {
            long from = t.getLastSentUs() - settings.downtime().baselineUs() - settings.graceUs();
            for (ProbeWindow w : t.getWindows()) {
                from = Math.min(from, w.getStartUs());
            }
            ProbeTrackerLogic.forgetBefore(t, from);
            // Probes past the guest's last samples: a migration that starts next needs none of those samples.
            guest.forget(t, Math.max(t.getLastSentUs(), GuestWindows.latestUs(t)));
        }
    }

    /** A sample of the VM's guest: what it felt, for the windows of its migrations. */
    static final class TrackGuest extends Base<String, GuestSample> {
        TrackGuest(CorrelationSettings settings) {
            super(settings);
        }

        @Override
        public void process(Record<String, GuestSample> record) {
            String vm = record.key();
            GuestSample g = record.value();
            ProbeTracker t = ProbeTrackerLogic.mutable(trackers.get(vm));
            guest.onSample(t, g.getSampleTimeUs(), g.getMsPerGb());
            for (ProbeWindow w : t.getWindows()) {
                emitIfChanged(t, w, vm, record.timestamp());
            }
            trackers.put(vm, t);
        }
    }

    /** A VM's probe batch. */
    static final class TrackProbes extends Base<String, ProbeBatch> {
        private DowntimeMetrics metrics;
        private final ProbeBatchMedians medians = new ProbeBatchMedians();

        TrackProbes(CorrelationSettings settings) {
            super(settings);
        }

        @Override
        public void init(ProcessorContext<String, DowntimeReport> ctx) {
            super.init(ctx);
            metrics = new DowntimeMetrics(ctx.metrics(), ctx.taskId().toString());
        }

        @Override
        public void process(Record<String, ProbeBatch> record) {
            String vm = record.key();
            ProbeBatch b = record.value();
            ProbeTracker t = ProbeTrackerLogic.mutable(trackers.get(vm));
            medians.clear();
            int outside = 0;
            for (io.migscope.signals.ProbeBatches.Cursor c = new io.migscope.signals.ProbeBatches.Cursor(b); c.next(); ) {
                ProbeTrackerLogic.onProbe(t, c.seq(), c.sentUs(), c.status(), b.getIntervalUs());
                Long rtt = c.status() == io.migscope.avro.PingStatus.REPLY ? c.rttUs() : null;
                if (rtt != null) {
                    medians.add(c.sentUs(), rtt);
                }
                boolean inside = false;
                for (ProbeWindow w : t.getWindows()) {
                    windows.onProbe(w, c.seq(), c.sentUs(), rtt);
                    inside |= ProbeWindows.contains(w, c.sentUs());
                }
                outside += inside ? 0 : 1;
            }
            int keep = settings.downtime().rttSecondsKept();
            ProbeTracker tracker = t;
            medians.forEach((second, median, replies) -> RttSeconds.put(tracker, second, median, replies, keep));
            metrics.outsideMigrations(outside);
            for (ProbeWindow w : t.getWindows()) {
                windows.baseline(t, w);
                emitIfChanged(t, w, vm, record.timestamp());
            }
            forget(t);
            trackers.put(vm, t);
        }
    }

    /** A migration's timeline: its window on the VM's probes. */
    static final class SetWindows extends Base<String, MigrationTimeline> {
        SetWindows(CorrelationSettings settings) {
            super(settings);
        }

        @Override
        public void process(Record<String, MigrationTimeline> record) {
            MigrationTimeline tl = record.value();
            String vm = tl.getVm();
            ProbeTracker t = ProbeTrackerLogic.mutable(trackers.get(vm));
            ProbeWindow w = ProbeWindows.window(t, tl.getMigrationId());
            if (w == null) {
                w = ProbeWindow.newBuilder().setMigrationId(tl.getMigrationId()).setStartUs(start(tl))
                        .setAfterResume(new java.util.ArrayList<>()).build();
                t.getWindows().add(w);
            }
            w.setStartUs(start(tl));
            w.setTransferStartUs(firstOf(tl, TRANSFER));
            w.setResumedUs(firstOf(tl, Set.of(Phases.RESUMED)));
            w.setUntilUs(tl.getFinal$() ? end(tl) + settings.recoveryUs() : null);
            w.setReportedDowntimeMs(tl.getReportedDowntimeMs());
            w.setReportedSource(tl.getReportedSource());
            windows.onTimeline(t, w);
            guest.onTimeline(t, w);
            emitIfChanged(t, w, vm, record.timestamp());
            trackers.put(vm, t);
        }

        private static long start(MigrationTimeline tl) {
            return tl.getPhases().isEmpty() ? tl.getUpdatedUs() : tl.getPhases().get(0).getStartUs();
        }

        private static long end(MigrationTimeline tl) {
            return tl.getPhases().isEmpty() ? tl.getUpdatedUs() : tl.getPhases().get(tl.getPhases().size() - 1).getStartUs();
        }

        private static Long firstOf(MigrationTimeline tl, Set<String> names) {
            Long first = null;
            for (Phase p : tl.getPhases()) {
                if (names.contains(p.getName()) && (first == null || p.getStartUs() < first)) {
                    first = p.getStartUs();
                }
            }
            return first;
        }
    }

    /** A due migration: its final report, then its window is forgotten. */
    static final class FinishDowntime extends Base<String, Assigned.Due> {
        private KeyValueStore<String, TimelineState> timelines;

        FinishDowntime(CorrelationSettings settings) {
            super(settings);
        }

        @Override
        public void init(ProcessorContext<String, DowntimeReport> ctx) {
            super.init(ctx);
            timelines = ctx.getStateStore(TimelineStep.STORE);
        }

        @Override
        public void process(Record<String, Assigned.Due> record) {
            Assigned.Due d = record.value();
            ProbeTracker stored = trackers.get(d.vm());
            ProbeTracker t = stored == null ? null : ProbeTrackerLogic.mutable(stored);
            ProbeWindow w = t == null ? null : ProbeWindows.window(t, d.migrationId());
            DowntimeReport report;
            if (w == null) {
                report = withoutProbes(d);
            } else {
                guest.onDue(t, w);
                report = windows.report(t, w, d.vm(), true);
                t.getWindows().remove(w);
                forget(t);
                trackers.put(d.vm(), t);
            }
            context.forward(new Record<>(d.migrationId(), report, record.timestamp()));
        }

        /** No probes reached this migration's window: the report says so, next to what the hypervisor reported. */
        private DowntimeReport withoutProbes(Assigned.Due d) {
            TimelineState facts = timelines.get(d.migrationId());
            return DowntimeReport.newBuilder().setMigrationId(d.migrationId()).setVm(d.vm())
                    .setReportedDowntimeMs(facts == null ? null : facts.getReportedDowntimeMs())
                    .setReportedSource(facts == null ? null : facts.getReportedSource()).setFinal$(true).build();
        }
    }
}
