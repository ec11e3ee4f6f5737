package io.migscope.streams.wire;

import io.migscope.avro.AddressFact;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.state.WireAddresses;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The wire step's part on the VM side: the address facts a migration's events carry, kept per migration and put
 * into its summary when it ends.
 *
 * <p>Why here: a migration's events and its summary are one VM's records in one partition's order, and the summary
 * is made after every event of its migration. So the summary always carries all of its facts, at any speed, and the
 * host-pair side can place it by them without waiting for anything. Facts about a host rather than a migration
 * (iftop's own interface) travel with the link samples instead: iftop puts the interface's own address first, and
 * the sample names its measuring host. A GlobalKTable of facts was not used: its own thread fills it, so whether a
 * summary or a sample saw a fact would depend on when that thread caught up.
 */
final class AddressFacts {
    private AddressFacts() {
    }

    /** collect-addresses: an event's facts, added to its migration's; written only when one is new. */
    static final class Collect implements Processor<String, MigrationEvent, Void, Void> {
        private KeyValueStore<String, WireAddresses> store;

        @Override
        public void init(ProcessorContext<Void, Void> ctx) {
            store = ctx.getStateStore(WireStep.ADDRESSES);
        }

        @Override
        public void process(Record<String, MigrationEvent> record) {
            List<AddressFact> facts = record.value().getAddresses();
            if (facts.isEmpty() || record.key() == null) {
                return;
            }
            WireAddresses kept = store.get(record.key());
            List<AddressFact> all = kept == null ? new ArrayList<>() : new ArrayList<>(kept.getFacts());
            boolean added = false;
            for (AddressFact f : facts) {
                if (all.stream().noneMatch(k -> same(k, f))) {
                    all.add(f);
                    added = true;
                }
            }
            if (added) {
                store.put(record.key(), new WireAddresses(all));
            }
        }

        /** One fact said again (every event of a QMP migration repeats its URI) is the same fact, whatever its time. */
        private static boolean same(AddressFact a, AddressFact b) {
            return a.getRole().equals(b.getRole()) && Objects.equals(a.getHost(), b.getHost())
                    && Objects.equals(a.getAddress(), b.getAddress()) && Objects.equals(a.getPort(), b.getPort())
                    && a.getSource().equals(b.getSource());
        }
    }

    /** attach-addresses: the ended migration's facts into its summary; the migration's entry is forgotten. */
    static final class Attach implements Processor<String, MigrationSummary, String, MigrationSummary> {
        private ProcessorContext<String, MigrationSummary> context;
        private KeyValueStore<String, WireAddresses> store;

        @Override
        public void init(ProcessorContext<String, MigrationSummary> ctx) {
            context = ctx;
            store = ctx.getStateStore(WireStep.ADDRESSES);
        }

        @Override
        public void process(Record<String, MigrationSummary> record) {
            WireAddresses kept = store.get(record.key());
            if (kept == null) {
                context.forward(record);
                return;
            }
            store.delete(record.key());
            context.forward(record.withValue(MigrationSummary.newBuilder(record.value()).setAddresses(kept.getFacts())
                    .build()));
        }
    }
}
