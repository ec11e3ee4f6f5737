package io.migscope.streams.convergence;

import io.migscope.avro.Alert;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.state.AlertsState;
import io.migscope.streams.CorrelationSettings;
import io.migscope.streams.state.StateSerdes;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The raise-alerts step: each migration's {@link AlertTracker} (hysteresis, stable ids, FIRING then RESOLVED) over
 * the evaluations of the steps before it; writes an {@link Alert} only on a transition, and the tracker only when an
 * evaluation changed it.
 */
public final class AlertStep {
    /** Migration id to its {@link AlertsState}. */
    public static final String STORE = "migration-alerts";

    private AlertStep() {
    }

    public static KStream<String, Alert> addTo(StreamsBuilder builder, KStream<String, AlertInput> inputs,
                                               CorrelationSettings settings, StateSerdes state) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                state.of(AlertsState.class)).withCachingEnabled());
        return inputs.process(() -> new Raise(settings), Named.as("raise-alerts"), STORE);
    }

    public static void forgetSummarised(KStream<String, MigrationSummary> summaries) {
        summaries.process(Forget::new, Named.as("forget-alerts"), STORE);
    }

    static final class Raise implements Processor<String, AlertInput, String, Alert> {
        private final CorrelationSettings settings;
        private ProcessorContext<String, Alert> context;
        private KeyValueStore<String, AlertsState> store;

        Raise(CorrelationSettings settings) {
            this.settings = settings;
        }

        @Override
        public void init(ProcessorContext<String, Alert> ctx) {
            context = ctx;
            store = ctx.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, AlertInput> record) {
            if (record.value() instanceof AlertInput.Tick tick) {
                onTick(tick.timeUs() - settings.alerts().timeLagUs(), record.timestamp());
                return;
            }
            String id = record.key();
            AlertsState old = store.get(id);
            AlertTracker t = old == null ? create(id, record.value()) : AlertTracker.fromState(old, settings.alerts());
            List<Alert> out = evaluate(t, record.value(), record.timestamp() * 1000);
            save(id, t, old);
            out.forEach(a -> context.forward(new Record<>(a.getAlertId(), a, record.timestamp())));
        }

        private AlertTracker create(String id, AlertInput in) {
            String vm = null;
            String cluster = null;
            if (in instanceof AlertInput.Activity a) {
                vm = a.vm();
                cluster = a.cluster();
            } else if (in instanceof AlertInput.Convergence c) {
                vm = c.vm();
                cluster = c.cluster();
            } else if (in instanceof AlertInput.Finished f) {
                vm = f.vm();
                cluster = f.cluster();
            } else if (in instanceof AlertInput.Downtime d) {
                vm = d.report().getVm();
            }
            return new AlertTracker(id, vm, cluster, settings.alerts());
        }

        private static List<Alert> evaluate(AlertTracker t, AlertInput in, long recordTimeUs) {
            if (in instanceof AlertInput.Activity a) {
                t.onActivity(a.timeUs());
                return List.of();
            }
            if (in instanceof AlertInput.Convergence c) {
                return t.onAssessment(c.assessment());
            }
            if (in instanceof AlertInput.Downtime d) {
                return t.onDowntime(d.report(), recordTimeUs);
            }
            if (in instanceof AlertInput.Finished f) {
                return t.isFinished() ? List.of() : t.onFinished(f.timeUs(), f.outcome());
            }
            return List.of();
        }

        /** Time passed: STUCK and DEADLINE_PASSED for every migration still running. */
        private void onTick(long nowUs, long timestampMs) {
            List<KeyValue<String, AlertsState>> changed = new ArrayList<>();
            List<Alert> out = new ArrayList<>();
            try (KeyValueIterator<String, AlertsState> it = store.all()) {
                while (it.hasNext()) {
                    KeyValue<String, AlertsState> kv = it.next();
                    if (kv.value.getFinished()) {
                        continue;
                    }
                    AlertTracker t = AlertTracker.fromState(kv.value, settings.alerts());
                    t.takeChanged();
                    out.addAll(t.onTime(nowUs));
                    if (t.takeChanged()) {
                        changed.add(KeyValue.pair(kv.key, t.toState()));
                    }
                }
            }
            changed.forEach(kv -> store.put(kv.key, kv.value));
            out.forEach(a -> context.forward(new Record<>(a.getAlertId(), a, timestampMs)));
        }

        private void save(String id, AlertTracker t, AlertsState old) {
            AlertsState now = t.toState();
            if (!now.equals(old)) {
                store.put(id, now);
            }
        }
    }

    static final class Forget implements Processor<String, MigrationSummary, Void, Void> {
        private KeyValueStore<String, AlertsState> store;

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
