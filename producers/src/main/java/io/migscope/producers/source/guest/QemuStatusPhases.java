package io.migscope.producers.source.guest;

import io.migscope.avro.MigrationPhase;
import java.util.Map;

/**
 * guestperf records QEMU's own migration status (qapi/migration.json MigrationStatus) in each progress entry; this
 * maps those words to canonical phases. Statuses that are no phase of their own (none, cancelling, wait-unplug,
 * colo, the post-copy recovery ones) map to nothing.
 */
final class QemuStatusPhases {

    private static final Map<String, MigrationPhase> PHASES = Map.of(
            "setup", MigrationPhase.REQUESTED,
            "active", MigrationPhase.PRECOPY,
            "postcopy-active", MigrationPhase.POSTCOPY,
            "postcopy-paused", MigrationPhase.PAUSED,
            "pre-switchover", MigrationPhase.SWITCHOVER,
            "device", MigrationPhase.SWITCHOVER,
            "completed", MigrationPhase.COMPLETED,
            "failed", MigrationPhase.FAILED,
            "cancelled", MigrationPhase.CANCELLED);

    private QemuStatusPhases() {
    }

    static MigrationPhase of(String status) {
        return PHASES.get(status);
    }
}
