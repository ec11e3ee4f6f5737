package io.migscope.streams.assign;

import io.migscope.avro.DeadLetter;
import io.migscope.avro.GuestSample;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.ProbeBatch;
import io.migscope.avro.VmSignal;
import io.migscope.signals.ProbeBatches;
import io.migscope.streams.CorrelationSettings;
import io.migscope.streams.TopologySerdes;
import io.migscope.topics.TopicNames;
import io.migscope.validate.Plausibility;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The VM side's input edge and first step: the vm-signals topic read once, each signal checked, then
 * {@link MigrationAssigner}, whose output is split by kind into typed streams for the steps after it.
 */
public final class Assignment {
    private Assignment() {
    }

    /**
     * @param events keyed by migration id
     * @param probes keyed by VM
     * @param guests what each VM's guest felt, keyed by VM
     * @param due    migrations whose input is complete, keyed by migration id
     * @param ticks  each new second of a task's event time (the value, epoch microseconds), keyed by ""
     */
    public record Streams(KStream<String, MigrationEvent> events, KStream<String, ProbeBatch> probes,
                          KStream<String, GuestSample> guests, KStream<String, Assigned.Due> due,
                          KStream<String, Long> ticks) {
    }

    public static Streams addTo(StreamsBuilder builder, TopicNames topics, TopologySerdes serdes,
                                CorrelationSettings settings) {
        builder.addStateStore(AssignStores.vmMigrations(serdes.state()));
        builder.addStateStore(AssignStores.taskClock(serdes.state()));
        // One topic, keyed by VM: a partition's order is the processing order. A signal that cannot be used (an
        // absurd value from some other producer, an inconsistent batch, a tombstone) fails the check and the
        // processing exception handler sends it, with its raw bytes and the reason, to the dead letters.
        KStream<String, VmSignal> signals = builder.stream(topics.signals(),
                        Consumed.with(Serdes.String(), serdes.signals()).withName("vm-signals-source"))
                .mapValues(Assignment::check, Named.as("check-signals"));
        KStream<String, Assigned> assigned = signals.process(
                () -> new MigrationAssigner(settings, serdes::rawBytes), Named.as("assign-migrations"),
                AssignStores.VM_MIGRATIONS, AssignStores.TASK_CLOCK);
        Map<String, KStream<String, Assigned>> kinds = assigned.split(Named.as("assigned-"))
                .branch((k, v) -> v instanceof Assigned.Event, Branched.as("events"))
                .branch((k, v) -> v instanceof Assigned.Probes, Branched.as("probes"))
                .branch((k, v) -> v instanceof Assigned.Guest, Branched.as("guests"))
                .branch((k, v) -> v instanceof Assigned.Due, Branched.as("due"))
                .branch((k, v) -> v instanceof Assigned.Tick, Branched.as("ticks"))
                .branch((k, v) -> v instanceof Assigned.Rejected, Branched.as("rejected"))
                .noDefaultBranch();
        kinds.get("assigned-rejected").mapValues(v -> ((Assigned.Rejected) v).letter(), Named.as("as-dead-letter"))
                .to(topics.deadLetters(), Produced.<String, DeadLetter>with(Serdes.String(), serdes.deadLetters())
                        .withName("late-dead-letters"));
        return new Streams(
                kinds.get("assigned-events").mapValues(v -> ((Assigned.Event) v).event(), Named.as("as-event")),
                kinds.get("assigned-probes").mapValues(v -> ((Assigned.Probes) v).batch(), Named.as("as-probes")),
                kinds.get("assigned-guests").mapValues(v -> ((Assigned.Guest) v).sample(), Named.as("as-guest")),
                kinds.get("assigned-due").mapValues(v -> (Assigned.Due) v, Named.as("as-due")),
                kinds.get("assigned-ticks").mapValues(v -> ((Assigned.Tick) v).atUs(), Named.as("as-tick")));
    }

    /** The signal itself when it can be used; otherwise an exception saying what is wrong with it. */
    static VmSignal check(VmSignal s) {
        if (s == null) {
            throw new IllegalArgumentException("empty value (tombstone) on the signals topic; expected a VmSignal");
        }
        Plausibility.require(s, Plausibility.nowUs());
        if (s.getSignal() instanceof ProbeBatch b) {
            String problem = ProbeBatches.problem(b);
            if (problem != null) {
                throw new IllegalArgumentException("inconsistent probe batch for " + b.getVm() + ": " + problem);
            }
        }
        return s;
    }
}
