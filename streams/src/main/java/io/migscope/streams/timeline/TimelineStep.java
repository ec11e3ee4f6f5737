package io.migscope.streams.timeline;

import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.MigrationTimeline;
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
 * The timeline step: each migration's events folded into its {@link MigrationTimeline} (see {@link TimelineBuilder}
 * for the precedence of sources), written when it changed. Its store also holds the hypervisor's facts (reported
 * downtime, bytes), which the downtime and summary steps read. A migration is forgotten once its summary is out.
 */
public final class TimelineStep {
    /** Migration id to its {@code io.migscope.avro.state.TimelineState}. */
    public static final String STORE = "migration-timelines";

    private TimelineStep() {
    }

    /** @param events keyed by migration id */
    public static KStream<String, MigrationTimeline> addTo(StreamsBuilder builder, KStream<String, MigrationEvent> events,
                                                           StateSerdes state) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                state.of(io.migscope.avro.state.TimelineState.class)).withCachingEnabled());
        return events.process(Build::new, Named.as("build-timelines"), STORE);
    }

    /** Forgets each summarised migration. */
    public static void forgetSummarised(KStream<String, MigrationSummary> summaries) {
        summaries.process(Forget::new, Named.as("forget-timelines"), STORE);
    }

    static final class Build implements Processor<String, MigrationEvent, String, MigrationTimeline> {
        private ProcessorContext<String, MigrationTimeline> context;
        private KeyValueStore<String, io.migscope.avro.state.TimelineState> store;

        @Override
        public void init(ProcessorContext<String, MigrationTimeline> ctx) {
            context = ctx;
            store = ctx.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, MigrationEvent> record) {
            String id = record.key();
            io.migscope.avro.state.TimelineState old = store.get(id);
            TimelineBuilder b = old == null ? new TimelineBuilder(id) : TimelineBuilder.fromState(old);
            if (!b.add(record.value())) {
                return;
            }
            TimelineFacts facts = b.facts();
            MigrationTimeline t = b.build(facts);
            int hash = io.migscope.streams.state.ContentHash.of(t);
            store.put(id, b.toState(t.getVm(), facts, hash));
            if (old == null || hash != old.getEmittedHash()) {
                context.forward(new Record<>(id, t, record.timestamp()));
            }
        }
    }

    static final class Forget implements Processor<String, MigrationSummary, Void, Void> {
        private KeyValueStore<String, io.migscope.avro.state.TimelineState> store;

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
