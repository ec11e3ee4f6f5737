package io.migscope.streams.correlate;

import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.apache.kafka.streams.state.VersionedRecord;

/**
 * Which migration a VM was in, as of any event time: a versioned store, so that a probe is tied to the migration
 * that was in progress when it was sent, whatever order records arrive in within the grace period.
 */
final class VmMigrations {
    private final VersionedKeyValueStore<String, String> store;

    VmMigrations(VersionedKeyValueStore<String, String> store) {
        this.store = store;
    }

    /** The migration in progress for {@code vm} at {@code timeUs}, or null. */
    String asOf(String vm, long timeUs) {
        VersionedRecord<String> r = store.get(vm, timeUs / 1000);
        return r == null ? null : r.value();
    }

    /** The window starts: from {@code startUs} on, the VM's records belong to this migration. */
    void begin(String vm, String migrationId, long startUs) {
        store.put(vm, migrationId, startUs / 1000);
    }

    /** The window ends after the recovery period: later records belong to no migration. */
    void end(String vm, long untilUs) {
        store.put(vm, null, untilUs / 1000);
    }
}
