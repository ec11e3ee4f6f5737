package io.migscope.producers.signals;

import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationPhase;

/**
 * QEMU's QMP events (qapi/migration.json, qapi/run-state.json), and the fleet simulator, which replays the sequence
 * QEMU writes on a real idle migration.
 *
 * <ul>
 *   <li>MIGRATION status: setup and active are pre-copy; postcopy-active, postcopy-recover and postcopy-recover-setup
 *       are post-copy; postcopy-paused is paused (the destination lost its source mid post-copy); pre-switchover
 *       and device are the switchover; completed and failed end it; cancelled ends it as ABORTED when the platform
 *       asked for it, CANCELLED otherwise (QEMU says cancelled whoever cancelled). Any other status falls back to
 *       the {@linkplain GenericSignals generic rule}. All these are read from the status.</li>
 *   <li>STOP is the switchover, except on the destination (which is stopped until it takes over); RESUME is the
 *       destination taking over, except on the source (a source resumes after a failed migration).</li>
 *   <li>MIGRATION_PASS (a dirty-bitmap sync) means pre-copy is running.</li>
 *   <li>status cancelling is QEMU acting on a migrate_cancel: an abort reaction (see {@link #saysAbort}).</li>
 * </ul>
 */
final class QemuSignals {

    private QemuSignals() {
    }

    static void phases(MigrationEvent e, Marks out) {
        long t = e.getEventTimeUs();
        String role = Marks.lower(e.getRole());
        switch (e.getKind()) {
            case STOP -> {
                if (!role.startsWith("dest")) {
                    out.phase(MigrationPhase.SWITCHOVER, t, false);
                }
            }
            case RESUME -> {
                if (!role.equals("source")) {
                    out.phase(MigrationPhase.RESUMED, t, false);
                }
            }
            case PASS -> out.phase(MigrationPhase.PRECOPY, t, false);
            default -> status(e, out);
        }
    }

    private static void status(MigrationEvent e, Marks out) {
        MigrationPhase phase = switch (Marks.lower(e.getStatus())) {
            case "setup", "active" -> MigrationPhase.PRECOPY;
            case "postcopy-active", "postcopy-recover", "postcopy-recover-setup" -> MigrationPhase.POSTCOPY;
            case "postcopy-paused" -> MigrationPhase.PAUSED;
            case "pre-switchover", "device" -> MigrationPhase.SWITCHOVER;
            case "completed" -> MigrationPhase.COMPLETED;
            case "failed" -> MigrationPhase.FAILED;
            case "cancelled" -> GenericSignals.aborted(e) ? MigrationPhase.ABORTED : MigrationPhase.CANCELLED;
            default -> null;
        };
        if (phase != null) {
            out.phase(phase, e.getEventTimeUs(), true);
        } else {
            GenericSignals.status(e, out);
        }
    }

    /** QEMU's status while it tears a migration down on migrate_cancel. */
    static boolean saysAbort(MigrationEvent e) {
        return "cancelling".equals(Marks.lower(e.getStatus()));
    }
}
