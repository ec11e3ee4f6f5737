package io.migscope.streams.correlate;

import io.migscope.avro.DeadLetter;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationTimeline;
import io.migscope.avro.Phase;
import io.migscope.avro.PingSample;
import io.migscope.deadletter.DeadLetters;
import io.migscope.streams.CorrelationSettings;
import io.migscope.streams.downtime.BlackoutTracker;
import io.migscope.streams.state.ObjectStore;
import io.migscope.streams.timeline.TimelineBuilder;
import io.migscope.streams.timeline.TimelineFacts;
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
import org.apache.kafka.streams.state.VersionedKeyValueStore;

/**
 * Ties a VM's migration events and probes (co-partitioned by VM) to the migration they belong to, and keeps each
 * migration's timeline and the VM's blackout tracker. Emits timelines on every change, downtime reports on
 * blackout transitions, and hands a migration to {@link MigrationCloser} once its recovery window has passed.
 */
public final class MigrationCorrelator implements Processor<String, SpecificRecord, String, SpecificRecord> {
    private final CorrelationSettings settings;
    private final BiFunction<String, Object, byte[]> rawBytes;
    private final MigrationCloser closer;
    private ProcessorContext<String, SpecificRecord> context;
    private ObjectStore<TimelineBuilder> timelines;
    private ObjectStore<BlackoutTracker> probes;
    private VmMigrations vmMigrations;
    /** Migration id to the event time (us) at which its summary is due; rebuilt from the store on start-up. */
    private final Map<String, Long> due = new TreeMap<>();
    private long late;
    private long duplicates;

    public MigrationCorrelator(CorrelationSettings settings, BiFunction<String, Object, byte[]> rawBytes,
                               MigrationCloser closer) {
        this.settings = settings;
        this.rawBytes = rawBytes;
        this.closer = closer;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> ctx) {
        this.context = ctx;
        this.timelines = ctx.getStateStore(Stores.TIMELINES);
        this.probes = ctx.getStateStore(Stores.PROBES);
        VersionedKeyValueStore<String, String> versioned = ctx.getStateStore(Stores.VM_MIGRATIONS);
        this.vmMigrations = new VmMigrations(versioned);
        timelines.forEach((id, b) -> {
            if (b.isFinal()) {
                due.put(id, endUs(b.build()) + settings.recoveryUs());
            }
        });
        // Stream time, not wall-clock: a replay at any speed closes migrations at the same points.
        ctx.schedule(Duration.ofSeconds(1), PunctuationType.STREAM_TIME, this::closeDue);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        SpecificRecord v = record.value();
        if (v == null) {
            deadLetter(record, "empty value (tombstone) on an input topic", "a MigrationEvent or PingSample");
            return;
        }
        long streamTimeMs = context.currentStreamTimeMs();
        if (record.timestamp() < streamTimeMs - settings.graceUs() / 1000) {
            late++;
            deadLetter(record, "late: event time " + record.timestamp() + " ms is more than the grace period behind "
                    + "stream time " + streamTimeMs + " ms", "records within " + settings.graceUs() / 1000 + " ms");
            return;
        }
        if (v instanceof MigrationEvent e) {
            onEvent(e, record);
        } else if (v instanceof PingSample p) {
            onProbe(p);
        } else {
            deadLetter(record, "unexpected record type " + v.getClass().getSimpleName(), "MigrationEvent or PingSample");
        }
    }

    private void onEvent(MigrationEvent e, Record<String, SpecificRecord> record) {
        String id = MigrationIds.resolve(e, vmMigrations.asOf(e.getVm(), e.getEventTimeUs()));
        if (closer.isClosed(id)) {
            deadLetter(record, "event for migration " + id + " arrived after its summary was written",
                    "events before the end of the migration's recovery window");
            return;
        }
        TimelineBuilder b = timelines.get(id);
        if (b == null) {
            b = new TimelineBuilder(id);
        }
        if (!b.add(e)) {
            duplicates++;
            return;
        }
        timelines.put(id, b);
        MigrationTimeline timeline = b.build();
        long startUs = timeline.getPhases().isEmpty() ? e.getEventTimeUs() : timeline.getPhases().get(0).getStartUs();
        vmMigrations.begin(e.getVm(), id, startUs);
        context.forward(new Record<>(id, (SpecificRecord) timeline, record.timestamp()), Stores.TIMELINES_OUT);
        BlackoutTracker tracker = probes.get(e.getVm());
        if (tracker != null) {
            tracker.setMigrationWindow(startUs, phaseStart(timeline, "resumed"));
            probes.put(e.getVm(), tracker);
        }
        closer.onTimeline(context, id, b, tracker, record.timestamp());
        if (timeline.getFinal$()) {
            long end = endUs(timeline);
            vmMigrations.end(e.getVm(), end + settings.recoveryUs());
            due.put(id, end + settings.recoveryUs());
        }
    }

    private void onProbe(PingSample p) {
        BlackoutTracker tracker = probes.get(p.getVm());
        if (tracker == null) {
            tracker = new BlackoutTracker(settings.downtime());
        }
        BlackoutTracker.Change change = tracker.onProbe(p);
        if (change == BlackoutTracker.Change.NONE) {
            return;
        }
        probes.put(p.getVm(), tracker);
        String id = vmMigrations.asOf(p.getVm(), p.getSentTimeUs());
        if (id == null) {
            // Between migrations the VM's outages are kept only as long as a baseline window needs them.
            closer.countOutsideMigrations(tracker.forgetBefore(p.getSentTimeUs() - settings.baselineUs()));
            return;
        }
        if (change == BlackoutTracker.Change.TRANSITION) {
            TimelineBuilder b = timelines.get(id);
            if (b != null) {
                closer.emitDowntime(context, id, b, tracker, p.getSentTimeUs() / 1000, false);
            }
        }
    }

    private void closeDue(long streamTimeMs) {
        var it = due.entrySet().iterator();
        while (it.hasNext()) {
            var entry = it.next();
            if (entry.getValue() / 1000 > streamTimeMs) {
                continue;
            }
            String id = entry.getKey();
            TimelineBuilder b = timelines.get(id);
            it.remove();
            if (b == null) {
                continue;
            }
            String vm = b.build().getVm();
            closer.close(context, id, b, probes.get(vm), streamTimeMs);
            timelines.delete(id);
        }
    }

    private void deadLetter(Record<String, SpecificRecord> record, String reason, String expected) {
        RecordMetadata m = context.recordMetadata().orElse(null);
        String topic = m == null ? "unknown" : m.topic();
        DeadLetter letter = DeadLetters.fromTopic(topic, m == null ? -1 : m.partition(), m == null ? -1 : m.offset(),
                "late".equals(reason.split(":")[0]) ? "late" : "process", reason, null,
                record.key() == null ? null : record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                rawBytes.apply(topic, record.value()), DeadLetters.nowUs());
        letter.setExpected(expected);
        context.forward(new Record<>(record.key(), (SpecificRecord) letter, record.timestamp()), Stores.DEAD_LETTERS_OUT);
    }

    static long endUs(MigrationTimeline t) {
        return t.getPhases().isEmpty() ? t.getUpdatedUs() : t.getPhases().get(t.getPhases().size() - 1).getStartUs();
    }

    static Long phaseStart(MigrationTimeline t, String name) {
        for (Phase p : t.getPhases()) {
            if (p.getName().equals(name)) {
                return p.getStartUs();
            }
        }
        return null;
    }

    /** For metrics and tests. */
    public long late() {
        return late;
    }

    public long duplicates() {
        return duplicates;
    }

    static TimelineFacts facts(TimelineBuilder b) {
        return b.facts();
    }
}
