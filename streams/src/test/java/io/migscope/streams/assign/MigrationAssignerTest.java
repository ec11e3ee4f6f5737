package io.migscope.streams.assign;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.CaptureEnd;
import io.migscope.avro.CaptureScope;
import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationPhase;
import io.migscope.avro.PhaseMark;
import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import io.migscope.avro.Platform;
import io.migscope.avro.ProbeBatch;
import io.migscope.avro.VmSignal;
import io.migscope.avro.state.TaskClock;
import io.migscope.avro.state.VmMigrations;
import io.migscope.signals.ProbeBatches;
import io.migscope.streams.CorrelationSettings;
import io.migscope.streams.testing.PlainAvroSerde;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MigrationAssigner} alone, in a Kafka {@link MockProcessorContext} with in-memory stores: the order of
 * what it sends on, its once-a-second ticks, and that a new instance on the same stores (a task revived or moved)
 * carries on with the clock and the due migrations it finds there. Grace and recovery window: 30 s each.
 */
class MigrationAssignerTest {
    private static final long T = 1_790_000_000_000_000L;
    private static final long S = 1_000_000L;
    private static final Serde<VmSignal> SIGNALS = PlainAvroSerde.of(VmSignal.class);
    private final CorrelationSettings settings = CorrelationSettings.defaults();
    private MockProcessorContext<String, Assigned> context;
    private KeyValueStore<String, VmMigrations> vms;
    private KeyValueStore<String, TaskClock> clock;
    private MigrationAssigner assigner;
    private long offset;

    @BeforeEach
    void start() {
        vms = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(AssignStores.VM_MIGRATIONS), Serdes.String(),
                PlainAvroSerde.of(VmMigrations.class)).withLoggingDisabled().build();
        clock = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(AssignStores.TASK_CLOCK), Serdes.String(),
                PlainAvroSerde.of(TaskClock.class)).withLoggingDisabled().build();
        MockProcessorContext<String, Assigned> first = new MockProcessorContext<>();
        vms.init(first.getStateStoreContext(), vms);
        clock.init(first.getStateStoreContext(), clock);
        restart();
    }

    /** A new instance on the same stores, as when Streams revives the task or another instance takes it over. */
    private void restart() {
        context = new MockProcessorContext<>();
        context.addStateStore(vms);
        context.addStateStore(clock);
        assigner = new MigrationAssigner(settings, (topic, v) -> SIGNALS.serializer().serialize(topic, (VmSignal) v));
        assigner.init(context);
    }

    /** What the assigner sent on for this signal, in order. */
    private List<Assigned> process(String vm, SpecificRecord signal) {
        context.resetForwards();
        context.setRecordMetadata("t.vm-signals", 0, offset++);
        long timeUs = MigrationAssigner.timeUs(signal);
        assigner.process(new Record<>(vm, VmSignal.newBuilder().setSignal(signal).build(), timeUs / 1000));
        List<Assigned> out = new ArrayList<>();
        context.forwarded().forEach(f -> out.add(f.record().value()));
        return out;
    }

    private static MigrationEvent event(String vm, String id, long atUs, MigrationPhase phase) {
        return MigrationEvent.newBuilder().setEventId(vm + id + atUs).setEventTimeUs(atUs).setPlatform(Platform.QEMU)
                .setSourceFormat("qmp").setKind(EventKind.STATUS).setVm(vm).setMigrationId(id)
                .setPhases(List.of(PhaseMark.newBuilder().setPhase(phase).setAtUs(atUs).build())).build();
    }

    /** Ten probes 100 ms apart from {@code fromUs}. */
    private static ProbeBatch batch(String vm, long fromUs) {
        List<PingSample> probes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long sent = fromUs + i * 100_000L;
            probes.add(PingSample.newBuilder().setVm(vm).setTarget("10.0.0.1").setSeq((sent - T) / 100_000L + 1000)
                    .setSeqRaw(0).setSentTimeUs(sent).setObservedTimeUs(sent + 300).setRttUs(300L)
                    .setStatus(PingStatus.REPLY).build());
        }
        return ProbeBatches.of(probes);
    }

    private static String kinds(List<Assigned> out) {
        StringBuilder b = new StringBuilder();
        for (Assigned a : out) {
            b.append(b.isEmpty() ? "" : " ").append(a.getClass().getSimpleName());
            if (a instanceof Assigned.Due d) {
                b.append('(').append(d.migrationId()).append(')');
            }
        }
        return b.toString();
    }

    @Test
    void aDueMigrationIsAnnouncedBeforeTheEventThatMadeItDue() {
        process("vm-a", event("vm-a", "m-1", T, MigrationPhase.PRECOPY));
        process("vm-a", event("vm-a", "m-1", T + 10 * S, MigrationPhase.COMPLETED));

        List<Assigned> out = process("vm-a", event("vm-a", "m-2", T + 20 * S, MigrationPhase.PRECOPY));

        assertThat(kinds(out)).isEqualTo("Tick Due(m-1) Event");
        assertThat(((Assigned.Event) out.get(2)).migrationId()).isEqualTo("m-2");
        assertThat(((Assigned.Due) out.get(1)).ended()).isTrue();
    }

    @Test
    void aBatchStraddlingTheDueTimeIsPassedOnBeforeTheDueAndOnePastItAfter() {
        process("vm-a", event("vm-a", "m-1", T, MigrationPhase.PRECOPY));
        process("vm-a", event("vm-a", "m-1", T + 10 * S, MigrationPhase.COMPLETED));
        process("vm-a", batch("vm-a", T + 38 * S + S / 2));

        assertThat(kinds(process("vm-a", batch("vm-a", T + 39 * S + S / 2)))).isEqualTo("Tick Probes Due(m-1)");

        process("vm-a", event("vm-a", "m-2", T + 41 * S, MigrationPhase.PRECOPY));
        process("vm-a", event("vm-a", "m-2", T + 42 * S, MigrationPhase.COMPLETED));
        assertThat(kinds(process("vm-a", batch("vm-a", T + 72 * S)))).isEqualTo("Tick Due(m-2) Probes");
    }

    @Test
    void eachNewSecondOfTheTasksEventTimeIsOneTick() {
        process("vm-a", batch("vm-a", T));
        assertThat(kinds(process("vm-a", batch("vm-a", T + S / 20)))).isEqualTo("Probes");

        List<Assigned> out = process("vm-b", batch("vm-b", T + S));
        assertThat(kinds(out)).isEqualTo("Tick Probes");
        assertThat(((Assigned.Tick) out.get(0)).atUs()).isEqualTo(T + S);
        // an older record (another VM, within grace) moves nothing
        assertThat(kinds(process("vm-c", batch("vm-c", T)))).isEqualTo("Probes");
        // a jump of several seconds is one tick, at the new second
        out = process("vm-b", batch("vm-b", T + 5 * S + S / 2));
        assertThat(((Assigned.Tick) out.get(0)).atUs()).isEqualTo(T + 6 * S);
    }

    @Test
    void aNewInstanceOnTheSameStoresKeepsTheTasksClock() {
        process("vm-b", batch("vm-b", T + 100 * S));

        restart();

        List<Assigned> out = process("vm-a", event("vm-a", "m-1", T + 60 * S, MigrationPhase.PRECOPY));
        assertThat(kinds(out)).isEqualTo("Rejected");
        assertThat(((Assigned.Rejected) out.get(0)).letter().getStage()).isEqualTo("late");
    }

    @Test
    void aNewInstanceOnTheSameStoresFindsTheMigrationsThatFallDue() {
        process("vm-a", event("vm-a", "m-1", T, MigrationPhase.PRECOPY));
        process("vm-a", event("vm-a", "m-1", T + 10 * S, MigrationPhase.COMPLETED));
        process("vm-b", batch("vm-b", T + 60 * S));

        restart();

        // vm-a is quiet; the task's time passing end + recovery + grace (70 s) makes m-1 due
        List<Assigned> out = process("vm-b", batch("vm-b", T + 70 * S));
        assertThat(kinds(out)).isEqualTo("Tick Due(m-1) Probes");
        assertThat(((Assigned.Due) out.get(1)).atUs()).isEqualTo(T + 70 * S + 900_000 - 30 * S);
    }

    @Test
    void aCaptureEndOfProbesKeepsAnUnendedMigrationOpenUntilOneOfAll() {
        process("vm-a", event("vm-a", "m-1", T, MigrationPhase.PRECOPY));

        assertThat(process("vm-a", CaptureEnd.newBuilder().setVm("vm-a").setEndTimeUs(T + S)
                .setScope(CaptureScope.PROBES).build())).extracting(a -> a.getClass().getSimpleName())
                .doesNotContain("Due");
        List<Assigned> out = process("vm-a", CaptureEnd.newBuilder().setVm("vm-a").setEndTimeUs(T + S)
                .setScope(CaptureScope.ALL).build());

        assertThat(kinds(out)).isEqualTo("Due(m-1)");
        assertThat(((Assigned.Due) out.get(0)).ended()).isFalse();
    }
}
