package io.migscope.streams.downtime;

import io.migscope.avro.DowntimeReport;
import io.migscope.avro.MigrationTimeline;
import io.migscope.avro.Phase;
import io.migscope.avro.PingSample;
import io.migscope.avro.Platform;
import io.migscope.avro.ProbeBatch;
import io.migscope.avro.state.ProbeTracker;
import io.migscope.avro.state.TimelineState;
import io.migscope.streams.CorrelationSettings;
import io.migscope.streams.assign.Assigned;
import io.migscope.streams.testing.PlainAvroSerde;
import io.migscope.streams.timeline.TimelineStep;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The three processors of the downtime step ({@code track-downtime}, {@code downtime-windows},
 * {@code finish-downtime}) on shared stores, each in a Kafka {@link MockProcessorContext}: a VM's probe batches,
 * its migrations' timelines and their due notices go in, in the order a test gives, and every report they write
 * comes out in the order written. State goes through its Avro serde at every read and write, as in the topology.
 */
final class DowntimeSteps {
    private final MockProcessorContext<String, DowntimeReport> probesContext = new MockProcessorContext<>();
    private final MockProcessorContext<String, DowntimeReport> timelinesContext = new MockProcessorContext<>();
    private final MockProcessorContext<String, DowntimeReport> dueContext = new MockProcessorContext<>();
    private final DowntimeStep.TrackProbes track;
    private final DowntimeStep.SetWindows windows;
    private final DowntimeStep.FinishDowntime finish;
    private final KeyValueStore<String, ProbeTracker> trackers;
    private final KeyValueStore<String, TimelineState> timelineStates;
    private final List<DowntimeReport> written = new ArrayList<>();

    DowntimeSteps(CorrelationSettings settings) {
        trackers = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(DowntimeStep.STORE), Serdes.String(), PlainAvroSerde.of(ProbeTracker.class))
                .withLoggingDisabled().build();
        timelineStates = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TimelineStep.STORE), Serdes.String(),
                PlainAvroSerde.of(TimelineState.class)).withLoggingDisabled().build();
        trackers.init(probesContext.getStateStoreContext(), trackers);
        timelineStates.init(probesContext.getStateStoreContext(), timelineStates);
        for (MockProcessorContext<String, DowntimeReport> c : List.of(probesContext, timelinesContext, dueContext)) {
            c.addStateStore(trackers);
            c.addStateStore(timelineStates);
        }
        track = new DowntimeStep.TrackProbes(settings);
        windows = new DowntimeStep.SetWindows(settings);
        finish = new DowntimeStep.FinishDowntime(settings);
        track.init(probesContext);
        windows.init(timelinesContext);
        finish.init(dueContext);
    }

    /** The probes in publisher batches; returns the reports they made the step write. */
    List<DowntimeReport> probes(List<PingSample> probes) {
        List<DowntimeReport> out = new ArrayList<>();
        for (ProbeBatch b : PingRun.batches(probes)) {
            out.addAll(run(track, probesContext, new Record<>(b.getVm(), b, b.getLastSentTimeUs() / 1000)));
        }
        return out;
    }

    List<DowntimeReport> timeline(MigrationTimeline t) {
        return run(windows, timelinesContext, new Record<>(t.getMigrationId(), t, t.getUpdatedUs() / 1000));
    }

    /** What the hypervisor reported for the migration, as the timeline step keeps it. */
    void reported(String migrationId, long downtimeMs, String source) {
        timelineStates.put(migrationId, TimelineState.newBuilder().setMigrationId(migrationId).setVm(PingRun.VM)
                .setReportedDowntimeMs(downtimeMs).setReportedSource(source).build());
    }

    /** The migration's input is complete: its final report. */
    DowntimeReport due(String migrationId, long atUs) {
        List<DowntimeReport> out = run(finish, dueContext, new Record<>(migrationId,
                new Assigned.Due(migrationId, PingRun.VM, atUs, true), atUs / 1000));
        if (out.size() != 1) {
            throw new AssertionError("a due migration gets exactly one final report, got " + out);
        }
        return out.get(0);
    }

    /** The test VM's tracker as stored. */
    ProbeTracker tracker() {
        return trackers.get(PingRun.VM);
    }

    /** The last report written for the migration, or null. */
    DowntimeReport latest(String migrationId) {
        DowntimeReport last = null;
        for (DowntimeReport r : written) {
            if (r.getMigrationId().equals(migrationId)) {
                last = r;
            }
        }
        return last;
    }

    /** Probes that fell in no migration's window when they were tracked (the step's metric). */
    double outsideMigrations() {
        return probesContext.metrics().metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("probes-outside-migrations-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    private <V> List<DowntimeReport> run(Processor<String, V, String, DowntimeReport> p,
                                         MockProcessorContext<String, DowntimeReport> context, Record<String, V> record) {
        context.resetForwards();
        p.process(record);
        List<DowntimeReport> out = new ArrayList<>();
        context.forwarded().forEach(f -> {
            if (!f.record().key().equals(f.record().value().getMigrationId())) {
                throw new AssertionError("report keyed " + f.record().key() + " for " + f.record().value());
            }
            out.add(f.record().value());
        });
        written.addAll(out);
        return out;
    }

    static Phase phase(String name, long atUs) {
        return Phase.newBuilder().setName(name).setStartUs(atUs).setStartSource("test").build();
    }

    /** A timeline of the test VM; final when its last phase is an outcome. */
    static MigrationTimeline timeline(String migrationId, Phase... phases) {
        String last = phases[phases.length - 1].getName();
        boolean fin = io.migscope.streams.timeline.Phases.isTerminal(last);
        return MigrationTimeline.newBuilder().setMigrationId(migrationId).setVm(PingRun.VM)
                .setPlatform(Platform.SIMULATOR).setPhases(List.of(phases)).setOutcome(fin ? last : null).setFinal$(fin)
                .setUpdatedUs(phases[phases.length - 1].getStartUs()).build();
    }
}
