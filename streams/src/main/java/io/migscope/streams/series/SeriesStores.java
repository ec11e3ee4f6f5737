package io.migscope.streams.series;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The time series behind the per-migration charts, as window stores keyed like their input topic (VM for probes,
 * host pair for links), so a key's owner is where {@code queryMetadataForKey} says. Bounded by time: segments
 * older than {@link #RETENTION} (in stream time) are dropped, so a VM keeps at most 3,600 one-second points.
 */
public final class SeriesStores {
    /** VM to one {@link ProbeBucket} per second. */
    public static final String PROBES = "series-probes";
    /** Host pair to one {@link LinkBucket} per iftop interval, at the interval's end. */
    public static final String LINKS = "series-links";
    /** How far back the charts reach: a migration longer than this shows its last hour. */
    public static final Duration RETENTION = Duration.ofHours(1);
    public static final java.util.List<String> ALL = java.util.List.of(PROBES, LINKS);

    private SeriesStores() {
    }

    public static Serde<ProbeBucket> probeSerde() {
        return Serdes.serdeFrom((topic, b) -> b == null ? null : b.toBytes(),
                (topic, bytes) -> bytes == null ? null : ProbeBucket.fromBytes(bytes));
    }

    public static Serde<LinkBucket> linkSerde() {
        return Serdes.serdeFrom((topic, b) -> b == null ? null : b.toBytes(),
                (topic, bytes) -> bytes == null ? null : LinkBucket.fromBytes(bytes));
    }

    static StoreBuilder<WindowStore<String, ProbeBucket>> probes() {
        return store(PROBES, probeSerde());
    }

    static StoreBuilder<WindowStore<String, LinkBucket>> links() {
        return store(LINKS, linkSerde());
    }

    private static <V> StoreBuilder<WindowStore<String, V>> store(String name, Serde<V> serde) {
        // Record caching off: a chart should show a point once its second is written, not at the next cache flush.
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(name, RETENTION, Duration.ofSeconds(1), false),
                Serdes.String(), serde).withCachingDisabled();
    }
}
