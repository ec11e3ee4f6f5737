package io.migscope.streams.series;

import io.migscope.avro.state.GuestSecond;
import io.migscope.avro.state.LinkInterval;
import io.migscope.avro.state.ProbeSecond;
import io.migscope.streams.state.StateSerdes;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The time series behind the per-migration charts, as window stores keyed like their input topic (VM for probes,
 * host pair for links, VM for guest samples), so a key's owner is where {@code queryMetadataForKey} says. Bounded
 * by time: segments older than {@link #RETENTION} (in stream time) are dropped, so a VM keeps at most 3,600
 * one-second points.
 */
public final class SeriesStores {
    /** VM to one {@link ProbeBucket} per second. */
    public static final String PROBES = "series-probes";
    /** Host pair to one {@link LinkBucket} per iftop interval, at the interval's end. */
    public static final String LINKS = "series-links";
    /** VM to one {@link GuestBucket} per second: what its guest felt, ms per GiB written. */
    public static final String GUEST = "series-guest";
    /** How far back the charts reach: a migration longer than this shows its last hour. */
    public static final Duration RETENTION = Duration.ofHours(1);
    public static final List<String> ALL = List.of(PROBES, LINKS, GUEST);

    private SeriesStores() {
    }

    /** Points as {@link ProbeSecond} records, through the state serde (registered like every state schema). */
    public static Serde<ProbeBucket> probeSerde(StateSerdes state) {
        Serde<ProbeSecond> avro = state.of(ProbeSecond.class);
        return Serdes.serdeFrom((topic, b) -> b == null ? null : avro.serializer().serialize(topic, b.toState()),
                (topic, bytes) -> bytes == null ? null : ProbeBucket.of(avro.deserializer().deserialize(topic, bytes)));
    }

    /** Points as {@link LinkInterval} records, through the state serde. */
    public static Serde<LinkBucket> linkSerde(StateSerdes state) {
        Serde<LinkInterval> avro = state.of(LinkInterval.class);
        return Serdes.serdeFrom((topic, b) -> b == null ? null : avro.serializer().serialize(topic, b.toState()),
                (topic, bytes) -> bytes == null ? null : LinkBucket.of(avro.deserializer().deserialize(topic, bytes)));
    }

    /** Points as {@link GuestSecond} records, through the state serde. */
    public static Serde<GuestBucket> guestSerde(StateSerdes state) {
        Serde<GuestSecond> avro = state.of(GuestSecond.class);
        return Serdes.serdeFrom((topic, b) -> b == null ? null : avro.serializer().serialize(topic, b.toState()),
                (topic, bytes) -> bytes == null ? null : GuestBucket.of(avro.deserializer().deserialize(topic, bytes)));
    }

    static StoreBuilder<WindowStore<String, GuestBucket>> guest(StateSerdes state) {
        return store(GUEST, guestSerde(state));
    }

    static StoreBuilder<WindowStore<String, ProbeBucket>> probes(StateSerdes state) {
        return store(PROBES, probeSerde(state));
    }

    static StoreBuilder<WindowStore<String, LinkBucket>> links(StateSerdes state) {
        return store(LINKS, linkSerde(state));
    }

    private static <V> StoreBuilder<WindowStore<String, V>> store(String name, Serde<V> serde) {
        // Record caching off: a chart should show a point once its second is written, not at the next cache flush.
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(name, RETENTION, Duration.ofSeconds(1), false),
                Serdes.String(), serde).withCachingDisabled();
    }
}
