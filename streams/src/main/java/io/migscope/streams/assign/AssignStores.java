package io.migscope.streams.assign;

import io.migscope.avro.state.TaskClock;
import io.migscope.avro.state.VmMigrations;
import io.migscope.streams.state.StateSerdes;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** The named stores of assign-migrations. Renaming one orphans its state: don't. */
public final class AssignStores {
    /** VM to its migrations without a summary yet, and the last ones with one. */
    public static final String VM_MIGRATIONS = "vm-migrations";
    /** One key: the event time the task has reached. */
    public static final String TASK_CLOCK = "vm-task-clock";

    private AssignStores() {
    }

    static StoreBuilder<KeyValueStore<String, VmMigrations>> vmMigrations(StateSerdes serdes) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(VM_MIGRATIONS), Serdes.String(),
                serdes.of(VmMigrations.class)).withCachingEnabled();
    }

    static StoreBuilder<KeyValueStore<String, TaskClock>> taskClock(StateSerdes serdes) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TASK_CLOCK), Serdes.String(),
                serdes.of(TaskClock.class)).withCachingEnabled();
    }
}
