package io.migscope.streams.state;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A state store of live objects over a changelogged byte store. Per-record work mutates the object in memory and
 * marks it dirty; the dirty objects are encoded and written to the changelog before every commit. So a probe costs
 * a map lookup, the changelog gets one write per key per commit instead of one per record, and under exactly-once
 * the changelog holds everything the committed offsets account for.
 *
 * <p>Before a commit Kafka Streams (4.3) flushes only the stores that are caches ({@link CachedStateStore}); it calls
 * {@link #flush()} and {@link #commit} only when it writes a checkpoint, which under exactly-once is at close. So this
 * store is a cache in that sense: without {@link #flushCache()} the dirty objects of a process that is killed would
 * never reach the changelog while the input offsets that produced them are committed, and a restart would lose
 * them (found by the {@code kill-streams} chaos scenario). CachedStateStore is an internal interface of Kafka
 * Streams; the chaos scenarios fail if an upgrade stops calling it.
 */
public final class ObjectStore<V> implements StateStore, CachedStateStore<Bytes, byte[]> {
    /** Turns a stored object into bytes and back. */
    public interface Codec<V> {
        byte[] encode(V value);

        V decode(byte[] bytes);
    }

    private final KeyValueStore<Bytes, byte[]> inner;
    private final Codec<V> codec;
    private final Map<String, V> live = new HashMap<>();
    private final Set<String> dirty = new HashSet<>();

    private ObjectStore(KeyValueStore<Bytes, byte[]> inner, Codec<V> codec) {
        this.inner = inner;
        this.codec = codec;
    }

    /** A persistent, changelogged object store named {@code name}. */
    public static <V> StoreBuilder<ObjectStore<V>> builder(String name, Codec<V> codec) {
        StoreBuilder<KeyValueStore<Bytes, byte[]>> bytes = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray()).withLoggingEnabled(Map.of());
        return new Builder<>(bytes, codec);
    }

    /** The object for {@code key}, or null. */
    public V get(String key) {
        V v = live.get(key);
        if (v == null) {
            byte[] b = inner.get(Bytes.wrap(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            if (b != null) {
                v = codec.decode(b);
                live.put(key, v);
            }
        }
        return v;
    }

    /** Records that {@code value} (new or mutated) must be written at the next flush. */
    public void put(String key, V value) {
        live.put(key, value);
        dirty.add(key);
    }

    public void delete(String key) {
        live.remove(key);
        dirty.remove(key);
        inner.delete(bytes(key));
    }

    /** Visits every stored object (written ones and dirty ones). */
    public void forEach(BiConsumer<String, V> visitor) {
        writeDirty();
        try (KeyValueIterator<Bytes, byte[]> it = inner.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                String key = new String(kv.key.get(), java.nio.charset.StandardCharsets.UTF_8);
                visitor.accept(key, get(key));
            }
        }
    }

    /** Drops decoded objects that are not dirty, to bound memory; they are decoded again on next use. */
    public void evictClean() {
        live.keySet().retainAll(dirty);
    }

    private void writeDirty() {
        for (String key : dirty) {
            inner.put(bytes(key), codec.encode(live.get(key)));
        }
        dirty.clear();
    }

    private static Bytes bytes(String key) {
        return Bytes.wrap(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        inner.init(context, root);
    }

    /** Called by Kafka Streams before every commit: the changelog then matches the offsets being committed. */
    @Override
    public void flushCache() {
        writeDirty();
    }

    /** Called when a task is closed dirty: its uncommitted mutations must never be written. */
    @Override
    public void clearCache() {
        live.clear();
        dirty.clear();
    }

    /** Nothing listens to this store's writes (it is no KTable); Kafka Streams asks only of its own caches. */
    @Override
    public boolean setFlushListener(CacheFlushListener<Bytes, byte[]> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public void flush() {
        writeDirty();
        inner.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        writeDirty();
        inner.commit(changelogOffsets);
    }

    @Override
    public void close() {
        live.clear();
        dirty.clear();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    private record Builder<V>(StoreBuilder<KeyValueStore<Bytes, byte[]>> bytes, Codec<V> codec)
            implements StoreBuilder<ObjectStore<V>> {
        @Override
        public StoreBuilder<ObjectStore<V>> withCachingEnabled() {
            throw new UnsupportedOperationException("an ObjectStore is its own cache");
        }

        @Override
        public StoreBuilder<ObjectStore<V>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<ObjectStore<V>> withLoggingEnabled(Map<String, String> config) {
            return new Builder<>(bytes.withLoggingEnabled(config), codec);
        }

        @Override
        public StoreBuilder<ObjectStore<V>> withLoggingDisabled() {
            return new Builder<>(bytes.withLoggingDisabled(), codec);
        }

        @Override
        public ObjectStore<V> build() {
            return new ObjectStore<>(bytes.build(), codec);
        }

        @Override
        public Map<String, String> logConfig() {
            return bytes.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return bytes.loggingEnabled();
        }

        @Override
        public String name() {
            return bytes.name();
        }
    }
}
