package io.migscope.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.migscope.json.RecordJson;
import io.migscope.streams.series.SeriesPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Interactive queries on the view stores, as JSON. A key is read where Kafka Streams says it lives: here, or on the
 * instance named by its {@code application.server}, through that instance's {@code /api/internal/views} endpoint.
 * A scan merges this instance's partitions with every other instance's. Chart series (window stores) are routed the
 * same way, through {@code /api/internal/series}.
 */
public final class ViewQueries {
    private final KafkaStreams streams;
    private final HostInfo self;
    private final Forwarder forwarder;

    /** @param self this instance's {@code application.server}; null when it runs alone without one */
    public ViewQueries(KafkaStreams streams, HostInfo self, Forwarder forwarder) {
        this.streams = streams;
        this.self = self;
        this.forwarder = forwarder;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** The latest record under {@code key}, wherever it lives; null when there is none. */
    public JsonNode get(String store, String key) {
        KeyQueryMetadata owner = owner(store, key);
        if (isSelf(owner.activeHost())) {
            return localGet(store, key, owner.partition());
        }
        return forwarder.get(owner.activeHost(), "/api/internal/views/" + Forwarder.encode(store) + "/" + Forwarder.encode(key));
    }

    /** The points of a chart series under {@code key} from {@code fromMs} to {@code toMs}, wherever they live. */
    public List<JsonNode> series(String store, String key, long fromMs, long toMs) {
        KeyQueryMetadata owner = owner(store, key);
        if (isSelf(owner.activeHost())) {
            return localSeries(store, key, fromMs, toMs, owner.partition());
        }
        JsonNode remote = forwarder.get(owner.activeHost(), "/api/internal/series/" + Forwarder.encode(store) + "/"
                + Forwarder.encode(key) + "?from=" + fromMs + "&to=" + toMs);
        List<JsonNode> out = new ArrayList<>();
        if (remote != null) {
            remote.forEach(out::add);
        }
        return out;
    }

    /** This instance's points of a chart series (partition -1: any local partition), oldest first. */
    public List<JsonNode> localSeries(String store, String key, long fromMs, long toMs, int partition) {
        StoreQueryParameters<ReadOnlyWindowStore<String, SeriesPoint>> params = StoreQueryParameters.fromNameAndType(
                store, QueryableStoreTypes.<String, SeriesPoint>windowStore());
        List<JsonNode> out = new ArrayList<>();
        try (WindowStoreIterator<SeriesPoint> it = openStore(partition >= 0 ? params.withPartition(partition) : params)
                .fetch(key, Instant.ofEpochMilli(fromMs), Instant.ofEpochMilli(toMs))) {
            it.forEachRemaining(kv -> out.add(kv.value.toJson()));
        } catch (InvalidStateStoreException e) {
            throw unavailable(store, e);
        }
        return out;
    }

    private KeyQueryMetadata owner(String store, String key) {
        KeyQueryMetadata owner = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new ApiException(503, "the " + store + " view is not available yet (rebalancing or starting); retry");
        }
        return owner;
    }

    /** Every record of the view, from every instance. */
    public List<JsonNode> all(String store) {
        List<JsonNode> out = new ArrayList<>(localAll(store));
        for (StreamsMetadata m : streams.streamsMetadataForStore(store)) {
            if (!isSelf(m.hostInfo())) {
                JsonNode remote = forwarder.get(m.hostInfo(), "/api/internal/views/" + Forwarder.encode(store));
                if (remote != null) {
                    remote.forEach(out::add);
                }
            }
        }
        return out;
    }

    /** The record under {@code key} in this instance's partition {@code partition} (-1: any local partition). */
    public JsonNode localGet(String store, String key, int partition) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, IndexedRecord>> params =
                StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, IndexedRecord>keyValueStore());
        IndexedRecord value = openStore(partition >= 0 ? params.withPartition(partition) : params).get(key);
        return value == null ? null : RecordJson.toJson(value);
    }

    /** This instance's records of the view. */
    public List<JsonNode> localAll(String store) {
        List<JsonNode> out = new ArrayList<>();
        try (KeyValueIterator<String, IndexedRecord> it = openStore(StoreQueryParameters.fromNameAndType(store,
                QueryableStoreTypes.<String, IndexedRecord>keyValueStore())).all()) {
            while (it.hasNext()) {
                KeyValue<String, IndexedRecord> kv = it.next();
                if (kv.value != null) {
                    out.add(RecordJson.toJson(kv.value));
                }
            }
        } catch (InvalidStateStoreException e) {
            throw unavailable(store, e);
        }
        return out;
    }

    private <T> T openStore(StoreQueryParameters<T> params) {
        try {
            return streams.store(params);
        } catch (InvalidStateStoreException e) {
            throw unavailable(params.storeName(), e);
        }
    }

    private static ApiException unavailable(String store, InvalidStateStoreException e) {
        return new ApiException(503, "the " + store + " view is not queryable right now (" + e.getMessage() + "); retry");
    }

    private boolean isSelf(HostInfo host) {
        // Without application.server every partition's host is "unavailable": then this instance is alone.
        return self == null || host == null || host.port() < 0 || host.equals(self);
    }
}
