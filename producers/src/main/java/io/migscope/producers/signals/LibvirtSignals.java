package io.migscope.producers.signals;

import io.migscope.avro.EventKind;
import io.migscope.avro.JobOperation;
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
 *   <li>Resumed Migrated: the destination took over; Resumed Post-copy: took over and runs post-copy. On the
 *       source (the parser says so with job MIGRATION_OUT) Resumed Migrated is the source taking its guest back:
 *       the migration failed;</li>
 *   <li>Stopped Migrated: the source is done, the migration completed;</li>
 *   <li>Post-copy Error (Suspended or Resumed): post-copy broke, the migration failed (read from the status);</li>
 *   <li>any other stop of a domain in a migration (the parser says so with job MIGRATION_IN or MIGRATION_OUT):
 *       the migration failed. libvirt sends no job-completed for a job that did not succeed, so this is what a
 *       destination says of an abort, a cancel, a killed destination or a dead connection alike (samples/libvirt-lab:
 *       Stopped Failed, or Stopped Destroyed when the libvirtds lost each other): failed, as neither side's events
 *       tell those apart.</li>
 * </ul>
 * A migration-iteration event (a new pass over dirty memory) means pre-copy is running.
 *
 * <p>{@code virsh domjobinfo}'s job type (virDomainJobType, include/libvirt/libvirt-domain.h) is the only libvirt
 * output that tells an abort from a failure, on the source, for the one or two polls before the job is cleaned up:
 * Failed ("Job hit error") is failed, Cancelled ("Job was aborted") is aborted: libvirt's job turns Cancelled only
 * when QEMU's migration was cancelled through virDomainAbortJob (virsh domjobabort; KubeVirt and Nova abort the same
 * way), and virsh reports it as "operation aborted: job 'migration out' canceled by client" (the lab's aborted and
 * autoconverge-cancelled cases); a migration libvirt gave up on by itself stays Failed (the network cut, where a
 * domjobabort changed nothing). Completed falls to the generic rule, and so does a "cancelled" status from any other
 * source labelled libvirt (a QMP trace run with {@code --platform LIBVIRT} says QEMU's word, not libvirt's).
 */
final class LibvirtSignals {

    /** Only libvirt's own job type means an abort by "Cancelled"; QEMU says cancelled whoever cancelled. */
    private static final String DOMJOBINFO = "virsh-domjobinfo";

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
            out.phase(e.getJob() == JobOperation.MIGRATION_OUT ? MigrationPhase.FAILED : MigrationPhase.RESUMED, t,
                    false);
        } else if (text.contains("stopped migrated")) {
            out.phase(MigrationPhase.COMPLETED, t, true);
        } else if (text.startsWith("stopped") && inMigration(e)) {
            out.phase(MigrationPhase.FAILED, t, false);
        } else if (DOMJOBINFO.equals(e.getSourceFormat()) && Marks.lower(e.getStatus()).equals("cancelled")) {
            out.phase(MigrationPhase.ABORTED, t, true);
        } else {
            GenericSignals.status(e, out);
        }
    }

    private static boolean inMigration(MigrationEvent e) {
        return e.getJob() == JobOperation.MIGRATION_IN || e.getJob() == JobOperation.MIGRATION_OUT;
    }
}
