package io.migscope.streams.correlate;

import io.migscope.avro.DeadLetter;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationTimeline;
import io.migscope.avro.Phase;
import io.migscope.avro.PingSample;
import io.migscope.deadletter.DeadLetters;
import io.migscope.streams.CorrelationSettings;
import io.migscope.streams.convergence.Assessment;
import io.migscope.streams.downtime.BlackoutTracker;
import io.migscope.streams.state.ObjectStore;
import io.migscope.streams.timeline.Phases;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Ties a VM's migration events and probes (co-partitioned by VM) to the migration they belong to. Keeps each
 * migration's events, convergence model and alerts, and each VM's blackout tracker; emits timelines on every
 * change, downtime reports on blackout transitions, alerts on their transitions, and a summary once the
 * migration's recovery window has passed in stream time.
 */
public final class MigrationCorrelator implements Processor<String, SpecificRecord, String, SpecificRecord> {
    private static final java.util.Set<String> TRANSFER = java.util.Set.of(Phases.PRECOPY, Phases.POSTCOPY,
            Phases.SWITCHOVER);
    private final CorrelationSettings settings;
    private final BiFunction<String, Object, byte[]> rawBytes;
    private ProcessorContext<String, SpecificRecord> context;
    private ObjectStore<MigrationState> migrations;
    private ObjectStore<BlackoutTracker> probes;
    private KeyValueStore<String, Long> closed;
    private VmMigrations vmMigrations;
    private MigrationOutputs outputs;
    private CorrelationMetrics metrics;
    /** Migration id to the event time (us) at which its summary is due; rebuilt from the store on start-up. */
    private final Map<String, Long> due = new TreeMap<>();
    private long lastStreamTimeMs = -1;
    private long lastAdvanceWallMs;

    /** @param rawBytes serializes an input record again, for the raw bytes of a dead letter */
    public MigrationCorrelator(CorrelationSettings settings, BiFunction<String, Object, byte[]> rawBytes) {
        this.settings = settings;
        this.rawBytes = rawBytes;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> ctx) {
        this.context = ctx;
        this.migrations = ctx.getStateStore(Stores.MIGRATIONS);
        this.probes = ctx.getStateStore(Stores.PROBES);
        this.closed = ctx.getStateStore(Stores.CLOSED);
        this.vmMigrations = new VmMigrations(ctx.getStateStore(Stores.VM_MIGRATIONS));
        this.outputs = new MigrationOutputs(ctx, settings.recoveryUs());
        this.metrics = new CorrelationMetrics(ctx.metrics(), ctx.taskId().toString());
        migrations.forEach((id, m) -> {
            MigrationTimeline t = m.timeline.build();
            if (t.getFinal$()) {
                due.put(id, endUs(t) + settings.recoveryUs());
            }
        });
        // Stream time, not wall-clock time: a replay at any speed closes migrations at the same points.
        ctx.schedule(Duration.ofSeconds(1), PunctuationType.STREAM_TIME, this::onStreamTime);
        // Stream time is per partition and stands still when a partition goes quiet (its VMs stopped migrating):
        // then let event time run on with the wall clock, to close migrations that are due. The wait is long
        // (streams.idle.close, 30 s) because a task stalled on a lagging input also looks quiet; live probes and
        // replay watermarks keep stream time moving in normal operation.
        if (settings.idleCloseMs() > 0) {
            ctx.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::onIdle);
        }
    }

    private void onIdle(long wallMs) {
        long streamTimeMs = context.currentStreamTimeMs();
        if (streamTimeMs != lastStreamTimeMs) {
            lastStreamTimeMs = streamTimeMs;
            lastAdvanceWallMs = wallMs;
            return;
        }
        // Quiet only counts while the broker answered: during an outage the records are spooled, not absent.
        long quietSinceMs = Math.max(lastAdvanceWallMs, settings.inputHealth().reachableSinceMs());
        long idleMs = wallMs - quietSinceMs;
        if (idleMs >= settings.idleCloseMs() && streamTimeMs >= 0) {
            closeDue(streamTimeMs + idleMs);
        }
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        SpecificRecord v = record.value();
        long streamTimeMs = context.currentStreamTimeMs();
        if (v == null) {
            deadLetter(record, "process", "empty value (tombstone) on an input topic", "a MigrationEvent or PingSample");
        } else if (v instanceof PingSample p && Watermarks.isWatermark(p.getVm())) {
            // Only moves stream time on (done before process() is called): no tracker, no metrics.
            return;
        } else if (record.timestamp() < streamTimeMs - settings.graceUs() / 1000) {
            metrics.lateRecord();
            deadLetter(record, "late", "late: event time " + record.timestamp() + " ms is more than the grace period"
                    + " behind stream time " + streamTimeMs + " ms", "records at most " + settings.graceUs() / 1000
                    + " ms behind stream time");
        } else if (v instanceof MigrationEvent e) {
            onEvent(e, record);
        } else if (v instanceof PingSample p) {
            onProbe(p, record.timestamp());
        } else {
            deadLetter(record, "process", "unexpected record type " + v.getSchema().getFullName(),
                    "a MigrationEvent or PingSample");
        }
    }

    private void onEvent(MigrationEvent e, Record<String, SpecificRecord> record) {
        String id = MigrationIds.resolve(e, vmMigrations.asOf(e.getVm(), e.getEventTimeUs()));
        if (closed.get(id) != null) {
            deadLetter(record, "late", "late: migration " + id + " was already summarised",
                    "events before the end of the migration's recovery window");
            return;
        }
        MigrationState m = migrations.get(id);
        if (m == null) {
            m = MigrationState.start(id, e, settings);
            closeEarlierOf(e.getVm(), id, record.timestamp());
        }
        if (!m.timeline.add(e)) {
            metrics.duplicateEvent();
            return;
        }
        Assessment assessment = m.model.onEvent(e);
        migrations.put(id, m);
        MigrationTimeline timeline = m.timeline.build();
        long startUs = timeline.getPhases().isEmpty() ? e.getEventTimeUs() : timeline.getPhases().get(0).getStartUs();
        vmMigrations.begin(e.getVm(), id, startUs);
        BlackoutTracker tracker = probes.get(e.getVm());
        if (tracker != null) {
            tracker.setMigrationWindow(transferStart(timeline, startUs), phaseStart(timeline, Phases.RESUMED));
            probes.put(e.getVm(), tracker);
        }
        outputs.onChange(id, m, timeline, assessment, tracker, record.timestamp());
        if (timeline.getFinal$()) {
            long end = endUs(timeline);
            vmMigrations.end(e.getVm(), end + settings.recoveryUs());
            due.put(id, end + settings.recoveryUs());
        }
    }

    private void onProbe(PingSample p, long timestampMs) {
        BlackoutTracker tracker = probes.get(p.getVm());
        if (tracker == null) {
            tracker = new BlackoutTracker(settings.downtime());
        }
        BlackoutTracker.Change change = tracker.onProbe(p);
        // Marked dirty even without a change: a probe that changes nothing reportable still moves the seq bounds
        // and RTT figures, and a restart must find them as the committed offsets left them. Marking is a set add;
        // the tracker is encoded once per commit.
        probes.put(p.getVm(), tracker);
        if (change == BlackoutTracker.Change.NONE) {
            return;
        }
        String id = vmMigrations.asOf(p.getVm(), p.getSentTimeUs());
        if (id == null) {
            metrics.probeOutsideMigrations();
            // Between migrations a VM's outages are kept only as long as a baseline window needs them, and never
            // while a migration of this VM still waits for its summary.
            if (!awaitingSummary(p.getVm())) {
                tracker.forgetBefore(p.getSentTimeUs() - settings.baselineUs());
            }
            return;
        }
        MigrationState m = migrations.get(id);
        if (change == BlackoutTracker.Change.TRANSITION && m != null) {
            outputs.downtime(id, m, m.timeline.build(), tracker, timestampMs, false);
            migrations.put(id, m);
        }
    }

    private void onStreamTime(long streamTimeMs) {
        closeDue(streamTimeMs);
        migrations.forEach((id, m) -> {
            // Only a changed migration is written again: rewriting every open one each second of stream time
            // was a changelog write per migration per tick (the commit's main cost with thousands in flight).
            if (!due.containsKey(id) && outputs.onTime(m, streamTimeMs)) {
                migrations.put(id, m);
            }
        });
    }

    /**
     * A VM's next migration ends the recovery window of its previous one: close that now, and let the new
     * migration own the VM's probes past the old window's end.
     */
    private void closeEarlierOf(String vm, String newId, long timestampMs) {
        for (var it = due.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            String id = entry.getKey();
            long windowEndUs = entry.getValue();
            MigrationState old = migrations.get(id);
            if (old == null || !old.vm.equals(vm)) {
                continue;
            }
            it.remove();
            closeOne(id, old, timestampMs);
            vmMigrations.begin(vm, newId, windowEndUs);
        }
    }

    private boolean awaitingSummary(String vm) {
        for (String id : due.keySet()) {
            MigrationState m = migrations.get(id);
            if (m != null && m.vm.equals(vm)) {
                return true;
            }
        }
        return false;
    }

    private void closeOne(String id, MigrationState m, long streamTimeMs) {
        outputs.close(id, m, probes.get(m.vm), streamTimeMs);
        migrations.delete(id);
        closed.put(id, streamTimeMs * 1000);
    }

    private void closeDue(long streamTimeMs) {
        var it = due.entrySet().iterator();
        while (it.hasNext()) {
            var entry = it.next();
            if (entry.getValue() / 1000 > streamTimeMs) {
                continue;
            }
            // Read the key before removing: a TreeMap entry is reused for its successor once removed.
            String id = entry.getKey();
            it.remove();
            MigrationState m = migrations.get(id);
            if (m != null) {
                closeOne(id, m, streamTimeMs);
            }
        }
    }

    private void deadLetter(Record<String, SpecificRecord> record, String stage, String reason, String expected) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        String topic = meta == null ? "unknown" : meta.topic();
        DeadLetter letter = DeadLetters.fromTopic(topic, meta == null ? -1 : meta.partition(),
                meta == null ? -1 : meta.offset(), stage, reason, expected, null,
                record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8),
                record.value() == null ? null : rawBytes.apply(topic, record.value()));
        context.forward(new Record<>(record.key(), (SpecificRecord) letter, record.timestamp()));
    }

    static long endUs(MigrationTimeline t) {
        return t.getPhases().isEmpty() ? t.getUpdatedUs() : t.getPhases().get(t.getPhases().size() - 1).getStartUs();
    }

    /** The RTT baseline is the time before the transfer starts, not before the request (queued VMs wait idle). */
    static long transferStart(MigrationTimeline t, long fallbackUs) {
        return t.getPhases().stream().filter(p -> TRANSFER.contains(p.getName())).map(Phase::getStartUs)
                .min(Long::compare).orElse(fallbackUs);
    }

    static Long phaseStart(MigrationTimeline t, String name) {
        return t.getPhases().stream().filter(p -> p.getName().equals(name)).map(Phase::getStartUs).findFirst()
                .orElse(null);
    }
}
