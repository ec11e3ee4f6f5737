package io.migscope.streams.state;

import io.migscope.streams.TopologySerdes;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Serdes for state values. State is Avro, written with the same serde as the topics (Confluent wire format, schema
 * registered under the changelog topic's subject), so a state record evolves like a topic record: a new version
 * reads what an old one wrote, and the registry refuses an incompatible change. SchemaEvolutionTest checks the
 * state schemas against their released versions too.
 */
public final class StateSerdes {
    private final TopologySerdes.Factory factory;
    private final ConcurrentHashMap<Class<?>, Serde<?>> made = new ConcurrentHashMap<>();

    public StateSerdes(TopologySerdes.Factory factory) {
        this.factory = factory;
    }

    @SuppressWarnings("unchecked")
    public <T extends SpecificRecord> Serde<T> of(Class<T> type) {
        return (Serde<T>) made.computeIfAbsent(type, t -> factory.serde(type));
    }
}
