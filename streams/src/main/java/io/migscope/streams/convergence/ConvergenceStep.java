package io.migscope.streams.convergence;

import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.state.ConvergenceState;
import io.migscope.streams.CorrelationSettings;
import io.migscope.streams.state.StateSerdes;
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
 * The convergence step: each migration's {@link ConvergenceModel}, fed by its events; every event is activity for
 * STUCK, every progress sample an evaluation for NON_CONVERGING. The model is written when a sample changed it.
 */
public final class ConvergenceStep {
    /** Migration id to its {@link ConvergenceState}. */
    public static final String STORE = "migration-convergence";

    private ConvergenceStep() {
    }

    /** @param events keyed by migration id */
    public static KStream<String, AlertInput> addTo(StreamsBuilder builder, KStream<String, MigrationEvent> events,
                                                    CorrelationSettings settings, StateSerdes state) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                state.of(ConvergenceState.class)).withCachingEnabled());
        return events.process(() -> new Assess(settings), Named.as("assess-convergence"), STORE);
    }

    public static void forgetSummarised(KStream<String, MigrationSummary> summaries) {
        summaries.process(Forget::new, Named.as("forget-convergence"), STORE);
    }

    static final class Assess implements Processor<String, MigrationEvent, String, AlertInput> {
        private final CorrelationSettings settings;
        private ProcessorContext<String, AlertInput> context;
        private KeyValueStore<String, ConvergenceState> store;

        Assess(CorrelationSettings settings) {
            this.settings = settings;
        }

        @Override
        public void init(ProcessorContext<String, AlertInput> ctx) {
            context = ctx;
            store = ctx.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, MigrationEvent> record) {
            MigrationEvent e = record.value();
            ConvergenceState old = store.get(record.key());
            String cluster = old != null ? old.getCluster() : e.getCluster();
            io.migscope.avro.Platform platform = old != null ? old.getPlatform() : e.getPlatform();
            ConvergenceSettings s = settings.convergence(cluster, platform);
            ConvergenceModel model = old == null ? new ConvergenceModel(s) : ConvergenceModel.fromState(old, s);
            Assessment a = model.onEvent(e);
            ConvergenceState now = model.toState(e.getVm(), cluster, platform);
            if (!now.equals(old)) {
                store.put(record.key(), now);
            }
            context.forward(record.withValue((AlertInput) new AlertInput.Activity(e.getVm(), cluster,
                    e.getEventTimeUs())));
            if (a != null) {
                context.forward(record.withValue((AlertInput) new AlertInput.Convergence(e.getVm(), cluster, a)));
            }
        }
    }

    static final class Forget implements Processor<String, MigrationSummary, Void, Void> {
        private KeyValueStore<String, ConvergenceState> store;

        @Override
        public void init(ProcessorContext<Void, Void> ctx) {
            store = ctx.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, MigrationSummary> record) {
            store.delete(record.key());
        }
    }
}
