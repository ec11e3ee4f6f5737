package io.migscope.streams.correlate;

import io.migscope.streams.CorrelationSettings;
import io.migscope.streams.downtime.BlackoutTracker;
import io.migscope.streams.state.ObjectStore;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.VersionedKeyValueStore;

/** The named state stores of the correlating processor. Renaming one orphans its state: don't. */
public final class Stores {
    /** Migration id to {@link MigrationState}: events, convergence model and alerts of a migration in progress. */
    public static final String MIGRATIONS = "migrations-in-progress";
    /** VM to its blackout tracker. */
    public static final String PROBES = "vm-probe-trackers";
    /** VM to the migration it is in, versioned by event time. */
    public static final String VM_MIGRATIONS = "vm-migration-windows";
    /** Migration id to the event time (us) its summary was written: later events for it are dead-lettered. */
    public static final String CLOSED = "migrations-closed";

    private Stores() {
    }

    static StoreBuilder<ObjectStore<MigrationState>> migrations(CorrelationSettings s) {
        return ObjectStore.builder(MIGRATIONS, MigrationState.codec(s));
    }

    static StoreBuilder<ObjectStore<BlackoutTracker>> probes(CorrelationSettings s) {
        return ObjectStore.builder(PROBES, new ObjectStore.Codec<>() {
            @Override
            public byte[] encode(BlackoutTracker t) {
                return t.toBytes();
            }

            @Override
            public BlackoutTracker decode(byte[] bytes) {
                return BlackoutTracker.fromBytes(bytes, s.downtime());
            }
        });
    }

    static StoreBuilder<VersionedKeyValueStore<String, String>> vmMigrations(CorrelationSettings s) {
        // History must cover the grace period, so a probe late within grace still finds its migration.
        Duration history = Duration.ofMillis(Math.max(60_000, 4 * s.graceUs() / 1000));
        return org.apache.kafka.streams.state.Stores.versionedKeyValueStoreBuilder(
                org.apache.kafka.streams.state.Stores.persistentVersionedKeyValueStore(VM_MIGRATIONS, history),
                Serdes.String(), Serdes.String());
    }

    static StoreBuilder<KeyValueStore<String, Long>> closed() {
        return org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                org.apache.kafka.streams.state.Stores.persistentKeyValueStore(CLOSED), Serdes.String(), Serdes.Long());
    }
}
