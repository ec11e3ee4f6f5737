package io.migscope.producers.signals;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationPhase;

/**
 * libvirt's domain events as {@code virsh event --all --loop --timestamp} prints them, and {@code virsh domjobinfo}
 * blocks. A job-completed event (status completed or failed, from its success flag) and a domjobinfo block (status =
 * its job type, e.g. Completed or Failed) fall to the {@linkplain GenericSignals generic rule}.
 *
 * <p>Lifecycle event and detail, as virsh spells them (tools/virsh-domain-event.c):
 * <ul>
 *   <li>Suspended Migrated: the source paused its guest for the switchover;</li>
 *   <li>Suspended Post-copy: the switchover into post-copy (switchover, then post-copy read from the status);</li>
 *   <li>Resumed Migrated: the destination took over; Resumed Post-copy: took over and runs post-copy;</li>
 *   <li>Stopped Migrated: the source is done, the migration completed;</li>
 *   <li>Post-copy Error (Suspended or Resumed): post-copy broke, the migration failed (read from the status).</li>
 * </ul>
 * A migration-iteration event (a new pass over dirty memory) means pre-copy is running.
 */
final class LibvirtSignals {

    private LibvirtSignals() {
    }

    static void phases(MigrationEvent e, Marks out) {
        long t = e.getEventTimeUs();
        String text = Marks.text(e);
        if (e.getKind() == EventKind.PASS) {
            out.phase(MigrationPhase.PRECOPY, t, false);
        } else if (text.contains("post-copy error")) {
            out.phase(MigrationPhase.FAILED, t, true);
        } else if (text.contains("suspended post-copy")) {
            out.phase(MigrationPhase.SWITCHOVER, t, false);
            out.phase(MigrationPhase.POSTCOPY, t, true);
        } else if (text.contains("suspended migrated")) {
            out.phase(MigrationPhase.SWITCHOVER, t, false);
        } else if (text.contains("resumed post-copy")) {
            out.phase(MigrationPhase.RESUMED, t, false);
            out.phase(MigrationPhase.POSTCOPY, t, true);
        } else if (text.contains("resumed migrated")) {
            out.phase(MigrationPhase.RESUMED, t, false);
        } else if (text.contains("stopped migrated")) {
            out.phase(MigrationPhase.COMPLETED, t, true);
        } else {
            GenericSignals.status(e, out);
        }
    }
}
