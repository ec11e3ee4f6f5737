package io.migscope.streams.query;

import io.migscope.streams.TopologySerdes;
import io.migscope.topics.TopicNames;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.Stores;

/**
 * Queryable views for the HTTP API: the latest record per key of each output topic, as named key-value stores.
 *
 * <p>Each view is a table read back from the output topic the topology writes, not a {@code toTable} on the typed
 * stream: the correlator re-keys by migration id, so the stream is partitioned by VM. Read from the topic, the store
 * holding a key is the one {@code queryMetadataForKey} names, which is what routes a request to its owner.
 * The views are in memory (rebuilt from their changelog on restart): a fleet's latest state is small, and six more
 * RocksDB instances per partition would cost more than they save.
 */
public final class QueryViews {
    public static final String TIMELINES = "view-timelines";
    public static final String DOWNTIME = "view-downtime";
    public static final String SUMMARIES = "view-summaries";
    public static final String ALERTS = "view-alerts";
    public static final String ROLLUPS = "view-rollups";
    public static final String WAVES = "view-waves";
    public static final List<String> ALL = List.of(TIMELINES, DOWNTIME, SUMMARIES, ALERTS, ROLLUPS, WAVES);

    private QueryViews() {
    }

    /** One table per output topic; keys: migration id (timelines, downtime, summaries), alert id, rollup key, wave id. */
    public static void addTo(StreamsBuilder builder, TopicNames topics, TopologySerdes serdes) {
        view(builder, topics.timelines(), TIMELINES, serdes.timelines());
        view(builder, topics.downtime(), DOWNTIME, serdes.downtime());
        view(builder, topics.summaries(), SUMMARIES, serdes.summaries());
        view(builder, topics.alerts(), ALERTS, serdes.alerts());
        view(builder, topics.rollups(), ROLLUPS, serdes.rollups());
        view(builder, topics.waves(), WAVES, serdes.waves());
    }

    private static <V extends SpecificRecord> void view(StreamsBuilder builder, String topic, String store, Serde<V> serde) {
        builder.table(topic, Consumed.with(Serdes.String(), serde).withName(store + "-source"),
                Materialized.<String, V>as(Stores.inMemoryKeyValueStore(store))
                        .withKeySerde(Serdes.String()).withValueSerde(serde));
    }
}
