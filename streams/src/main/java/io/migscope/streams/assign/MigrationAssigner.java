package io.migscope.streams.assign;

import io.migscope.avro.CaptureEnd;
import io.migscope.avro.CaptureScope;
import io.migscope.avro.GuestSample;
import io.migscope.avro.JobOperation;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.ProbeBatch;
import io.migscope.avro.VmSignal;
import io.migscope.avro.state.OpenMigration;
import io.migscope.avro.state.TaskClock;
import io.migscope.avro.state.VmMigrations;
import io.migscope.deadletter.DeadLetters;
import io.migscope.streams.CorrelationSettings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The first step over a VM's signals, in partition order: which migration each event belongs to, and when each
 * migration's input is complete.
 *
 * <ul>
 *   <li>A record later than the grace period behind the task's event time is rejected (dead letter, counted).</li>
 *   <li>Each whole second of the task's event time is announced once ({@link Assigned.Tick}), for the checks that
 *       depend on time passing (STUCK, deadlines). Time only moves with the inputs' own event time.</li>
 *   <li>A migration is due once the VM's own input passes its end plus the recovery window, or the task's event
 *       time passes that plus the grace period (the VM went quiet), or the VM's capture ended. Due migrations are
 *       announced before the record that made them due is handled, so a migration's result depends only on its
 *       VM's input before that time, whatever else shares the partition.</li>
 *   <li>Jobs that are not migrations (saves, snapshots, dumps, ...) are counted and go no further.</li>
 * </ul>
 * Probe batches and guest samples are passed on untouched: the downtime step tracks them per VM.
 */
public final class MigrationAssigner implements Processor<String, VmSignal, String, Assigned> {
    private static final String CLOCK_KEY = "clock";
    private final CorrelationSettings settings;
    private final BiFunction<String, Object, byte[]> rawBytes;
    private final VmMigrationsLogic logic;
    private final DueIndex due = new DueIndex();
    private ProcessorContext<String, Assigned> context;
    private KeyValueStore<String, VmMigrations> vms;
    private KeyValueStore<String, TaskClock> clockStore;
    private AssignMetrics metrics;
    private long clockUs;

    /** @param rawBytes serializes an input record again, for the raw bytes of a dead letter */
    public MigrationAssigner(CorrelationSettings settings, BiFunction<String, Object, byte[]> rawBytes) {
        this.settings = settings;
        this.rawBytes = rawBytes;
        this.logic = new VmMigrationsLogic(settings.recoveryUs(), settings.graceUs());
    }

    @Override
    public void init(ProcessorContext<String, Assigned> ctx) {
        this.context = ctx;
        this.vms = ctx.getStateStore(AssignStores.VM_MIGRATIONS);
        this.clockStore = ctx.getStateStore(AssignStores.TASK_CLOCK);
        this.metrics = new AssignMetrics(ctx.metrics(), ctx.taskId().toString());
        // Streams revives a task on this instance after an error: everything held in memory is read again.
        TaskClock clock = clockStore.get(CLOCK_KEY);
        clockUs = clock == null ? Long.MIN_VALUE : clock.getClockUs();
        due.clear();
        try (KeyValueIterator<String, VmMigrations> it = vms.all()) {
            it.forEachRemaining(kv -> due.set(kv.key, VmMigrationsLogic.earliestDue(kv.value)));
        }
    }

    @Override
    public void process(Record<String, VmSignal> record) {
        Object signal = record.value().getSignal();
        String vm = record.key();
        long t = timeUs(signal);
        // A capture end carries no data, only that the VM's input stopped: it is never late.
        if (!(signal instanceof CaptureEnd) && clockUs != Long.MIN_VALUE && t < clockUs - settings.graceUs()) {
            metrics.late();
            reject(record, "late: event time " + t + " us is more than the grace period behind the task's event time "
                    + clockUs + " us", "records at most " + settings.graceUs() / 1000 + " ms behind");
            return;
        }
        advanceClock(t, record.timestamp());
        if (signal instanceof MigrationEvent e) {
            closeDue(vm, t, record.timestamp());
            onEvent(vm, e, record);
        } else if (signal instanceof ProbeBatch b) {
            // The batch's probes before a migration's due time still belong to its recovery window.
            closeDue(vm, b.getFirstSentTimeUs(), record.timestamp());
            context.forward(record.withValue((Assigned) new Assigned.Probes(b)));
            closeDue(vm, t, record.timestamp());
        } else if (signal instanceof GuestSample g) {
            // A GiB the guest finished after a migration's due time tells nothing about that migration.
            closeDue(vm, t, record.timestamp());
            context.forward(record.withValue((Assigned) new Assigned.Guest(g)));
        } else if (signal instanceof CaptureEnd c) {
            onCaptureEnd(vm, c, record.timestamp());
        }
    }

    private void advanceClock(long t, long timestampMs) {
        if (t <= clockUs) {
            return;
        }
        long before = clockUs;
        clockUs = t;
        clockStore.put(CLOCK_KEY, new TaskClock(clockUs));
        if (before != Long.MIN_VALUE && Math.floorDiv(t, 1_000_000L) > Math.floorDiv(before, 1_000_000L)) {
            long second = Math.floorDiv(t, 1_000_000L) * 1_000_000L;
            context.forward(new Record<>("", (Assigned) new Assigned.Tick(second), timestampMs));
        }
        // A VM that went quiet: its migrations are due once the whole task is past them by the grace period.
        String quiet;
        while ((quiet = due.firstDueBy(clockUs - settings.graceUs())) != null) {
            closeVm(quiet, clockUs - settings.graceUs(), false, false, timestampMs);
        }
    }

    private void closeDue(String vm, long t, long timestampMs) {
        if (due.dueFor(vm, t)) {
            closeVm(vm, t, false, false, timestampMs);
        }
    }

    /** Announces the VM's migrations that are due at {@code t} (all of them when its capture ended). */
    private void closeVm(String vm, long t, boolean all, boolean endedOnly, long timestampMs) {
        VmMigrations s = load(vm);
        if (s == null) {
            due.set(vm, null);
            return;
        }
        List<OpenMigration> closing = VmMigrationsLogic.dueAt(s, t, all, endedOnly);
        for (OpenMigration m : closing) {
            VmMigrationsLogic.close(s, m, t);
            context.forward(new Record<>(m.getId(), (Assigned) new Assigned.Due(m.getId(), vm, t, m.getEndUs() != null),
                    timestampMs));
        }
        store(vm, s);
    }

    private void onEvent(String vm, MigrationEvent e, Record<String, VmSignal> record) {
        if (!isMigration(e.getJob())) {
            metrics.job(e.getJob());
            return;
        }
        VmMigrations s = load(vm);
        if (s == null) {
            s = VmMigrationsLogic.empty();
        }
        String id = logic.resolve(s, e);
        if (VmMigrationsLogic.closed(s, id) != null) {
            metrics.late();
            reject(record, "late: migration " + id + " was already summarised",
                    "events before the end of the migration's recovery window");
            return;
        }
        logic.add(s, id, e);
        store(vm, s);
        // A new migration may have ended the recovery window of the VM's previous one: that one is due first.
        closeDue(vm, e.getEventTimeUs(), record.timestamp());
        context.forward(new Record<>(id, (Assigned) new Assigned.Event(id, e), record.timestamp()));
    }

    private void onCaptureEnd(String vm, CaptureEnd c, long timestampMs) {
        boolean all = c.getScope() == CaptureScope.ALL;
        // PROBES: the recovery windows of ended migrations will see no more probes. ALL: nothing more will come.
        closeVm(vm, c.getEndTimeUs(), true, !all, timestampMs);
    }

    /** The VM's state, with lists this step can change (Avro reads arrays into lists that cannot remove). */
    private VmMigrations load(String vm) {
        VmMigrations s = vms.get(vm);
        if (s != null) {
            s.setOpen(new java.util.ArrayList<>(s.getOpen()));
            s.setClosed(new java.util.ArrayList<>(s.getClosed()));
        }
        return s;
    }

    private void store(String vm, VmMigrations s) {
        if (s.getOpen().isEmpty() && s.getClosed().isEmpty()) {
            vms.delete(vm);
        } else {
            vms.put(vm, s);
        }
        due.set(vm, VmMigrationsLogic.earliestDue(s));
    }

    /** Only outgoing and incoming migrations are migrations; a source that does not say is a migration source. */
    static boolean isMigration(JobOperation job) {
        return job == null || job == JobOperation.MIGRATION_OUT || job == JobOperation.MIGRATION_IN;
    }

    public static long timeUs(Object signal) {
        if (signal instanceof MigrationEvent e) {
            return e.getEventTimeUs();
        }
        if (signal instanceof ProbeBatch b) {
            return b.getLastSentTimeUs();
        }
        if (signal instanceof GuestSample g) {
            return g.getSampleTimeUs();
        }
        return ((CaptureEnd) signal).getEndTimeUs();
    }

    private void reject(Record<String, VmSignal> record, String reason, String expected) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        String topic = meta == null ? "unknown" : meta.topic();
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        context.forward(record.withValue((Assigned) new Assigned.Rejected(DeadLetters.fromTopic(topic,
                meta == null ? -1 : meta.partition(), meta == null ? -1 : meta.offset(), "late", reason, expected, null,
                key, rawBytes.apply(topic, record.value())))));
    }
}
