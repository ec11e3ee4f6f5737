package io.migscope.producers.signals;

import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationPhase;
import io.migscope.avro.PlatformReaction;

/**
 * KubeVirt's VirtualMachineInstanceMigration phases and the VMI's status.migrationState (kubevirt.io/v1).
 *
 * <ul>
 *   <li>VMIM phase: Pending is the request waiting in the queue (requested, then queued); Scheduling, Scheduled,
 *       PreparingTarget, TargetReady, WaitingForSync and Synchronizing are scheduling (target pod and handoff, no
 *       memory moving yet); Running is pre-copy; Succeeded completed; Failed failed, or aborted when an abort was
 *       requested or abortStatus is Succeeded. Read from the status; other phases mark nothing.</li>
 *   <li>migrationState: startTimestamp is when pre-copy began, targetNodeDomainReadyTimestamp when the target took
 *       over (resumed), completed or failed (at endTimestamp, else the event time) the outcome.</li>
 *   <li>migrationState.mode PostCopy or Paused: post-copy or paused at the event time, and the post-copy switch or
 *       pause reaction ({@link #modeReactions}).</li>
 * </ul>
 */
final class KubevirtSignals {

    private KubevirtSignals() {
    }

    static void phases(MigrationEvent e, Marks out) {
        long t = e.getEventTimeUs();
        vmimPhase(e, out);
        if (e.getStartedAtUs() != null) {
            out.phase(MigrationPhase.PRECOPY, e.getStartedAtUs(), false);
        }
        if (e.getTargetReadyAtUs() != null) {
            out.phase(MigrationPhase.RESUMED, e.getTargetReadyAtUs(), false);
        }
        long end = e.getEndedAtUs() != null ? e.getEndedAtUs() : t;
        if (Boolean.TRUE.equals(e.getCompleted())) {
            out.phase(MigrationPhase.COMPLETED, end, true);
        } else if (Boolean.TRUE.equals(e.getFailed())) {
            out.phase(GenericSignals.aborted(e) ? MigrationPhase.ABORTED : MigrationPhase.FAILED, end, true);
        }
        String mode = Marks.lower(e.getMode());
        if (mode.equals("postcopy")) {
            out.phase(MigrationPhase.POSTCOPY, t, false);
        } else if (mode.equals("paused")) {
            out.phase(MigrationPhase.PAUSED, t, false);
        }
    }

    private static void vmimPhase(MigrationEvent e, Marks out) {
        long t = e.getEventTimeUs();
        MigrationPhase phase = switch (Marks.lower(e.getStatus())) {
            case "pending" -> MigrationPhase.QUEUED;
            case "scheduling", "scheduled", "preparingtarget", "targetready", "waitingforsync", "synchronizing" ->
                    MigrationPhase.SCHEDULING;
            case "running" -> MigrationPhase.PRECOPY;
            case "succeeded" -> MigrationPhase.COMPLETED;
            case "failed" -> GenericSignals.aborted(e) ? MigrationPhase.ABORTED : MigrationPhase.FAILED;
            default -> null;
        };
        if (phase == MigrationPhase.QUEUED) {
            out.phase(MigrationPhase.REQUESTED, t, true);
        }
        if (phase != null) {
            out.phase(phase, t, true);
        }
    }

    /** migrationState.mode: KubeVirt switched the migration to post-copy, or paused the guest to let it converge. */
    static void modeReactions(MigrationEvent e, Marks out) {
        if (e.getMode() == null) {
            return;
        }
        String mode = Marks.lower(e.getMode());
        if (mode.equals("postcopy")) {
            out.reaction(PlatformReaction.POSTCOPY_SWITCH, e.getEventTimeUs(), null);
        } else if (mode.equals("paused")) {
            out.reaction(PlatformReaction.PAUSE, e.getEventTimeUs(), null);
        }
    }
}
