package io.migscope.producers.signals;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationPhase;

/**
 * Nova: nova-compute.log live-migration lines (nova/virt/libvirt/driver.py) and versioned notifications
 * (instance.live_migration_*; the status is the event type without "instance.", the detail the whole type).
 *
 * <ul>
 *   <li>"Migration running for N secs, ...": pre-copy began N seconds before the line was written.</li>
 *   <li>live_migration_pre.start: the destination is being prepared (scheduling).</li>
 *   <li>"Migration operation has completed" and live_migration_post.end: completed; live_migration_abort.end:
 *       aborted; live_migration_rollback.end: failed. Read from the status.</li>
 *   <li>"Migration operation has aborted" is failed and "was cancelled" aborted, whatever the words suggest:
 *       nova's _live_migration_monitor (nova/virt/libvirt/driver.py, the same from 13.0.0 Mitaka to 33.0.0) logs
 *       the first for libvirt's job type Failed ("Migration did not succeed") and the second for Cancelled
 *       ("Migration was stopped by admin"): an operator's live-migration-abort, or nova's own completion timeout
 *       with live_migration_timeout_action=abort, both through libvirt's abort. Read from the status.</li>
 *   <li>live_migration_abort.start is Nova starting an abort, live_migration_force_complete.start forcing the
 *       switch (post-copy or a pause): the abort and force-complete reactions ({@link #saysAbort},
 *       {@link #saysForceComplete}).</li>
 *   <li>Anything else falls to the {@linkplain GenericSignals generic rule}; timeouts, downtime steps and the
 *       post-copy switch arrive as their kinds.</li>
 * </ul>
 */
final class NovaSignals {

    private NovaSignals() {
    }

    static void phases(MigrationEvent e, Marks out) {
        long t = e.getEventTimeUs();
        String text = Marks.text(e);
        if (e.getKind() == EventKind.PROGRESS) {
            Long elapsed = e.getStats() == null ? null : e.getStats().getTimeElapsedMs();
            out.phase(MigrationPhase.PRECOPY, elapsed == null ? t : t - elapsed * 1000L, false);
        } else if (text.contains("live_migration_pre.start")) {
            out.phase(MigrationPhase.SCHEDULING, t, false);
        } else if (text.contains("has completed") || text.contains("live_migration_post.end")) {
            out.phase(MigrationPhase.COMPLETED, t, true);
        } else if (text.contains("was cancelled") || text.contains("live_migration_abort.end")) {
            out.phase(MigrationPhase.ABORTED, t, true);
        } else if (text.contains("has aborted") || text.contains("rollback.end")) {
            out.phase(MigrationPhase.FAILED, t, true);
        } else {
            GenericSignals.status(e, out);
        }
    }

    static boolean saysAbort(MigrationEvent e) {
        return Marks.text(e).contains("live_migration_abort.start");
    }

    static boolean saysForceComplete(MigrationEvent e) {
        return Marks.text(e).contains("force_complete.start");
    }
}
