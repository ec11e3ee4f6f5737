package io.migscope.producers.signals;

import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationPhase;
import io.migscope.avro.PlatformReaction;
import java.util.Map;

/**
 * What an event says on any platform, whatever its source.
 *
 * <ul>
 *   <li>A status spelled like one of the phase names (requested, queued, scheduling, precopy, postcopy, paused,
 *       switchover, resumed, completed, failed, aborted, cancelled), or a common synonym (succeeded, success, done;
 *       canceled; pending), marks that phase. This is the whole rule for platforms without an adapter of their own
 *       (vSphere, Xen, unknown) and the fallback of the QEMU, libvirt and Nova adapters.</li>
 *   <li>The kind the parser already decided: REQUESTED marks requested; POSTCOPY_SWITCH marks postcopy and the
 *       post-copy switch reaction; DOWNTIME_STEP (its detail, e.g. Nova's "Increasing downtime to 50 ms after 0 sec
 *       elapsed time", kept) and TIMEOUT are reactions.</li>
 *   <li>{@code abort_requested} is set by whoever knows the platform asked for the stop (KubeVirt
 *       migrationState.abortRequested, the simulator, a run.yaml's aborted outcome): it is an abort reaction, and it
 *       turns a cancel or failure into ABORTED.</li>
 * </ul>
 */
final class GenericSignals {
    private static final Map<String, MigrationPhase> NAMES = Map.ofEntries(
            Map.entry("requested", MigrationPhase.REQUESTED),
            Map.entry("queued", MigrationPhase.QUEUED),
            Map.entry("scheduling", MigrationPhase.SCHEDULING),
            Map.entry("precopy", MigrationPhase.PRECOPY),
            Map.entry("postcopy", MigrationPhase.POSTCOPY),
            Map.entry("paused", MigrationPhase.PAUSED),
            Map.entry("switchover", MigrationPhase.SWITCHOVER),
            Map.entry("resumed", MigrationPhase.RESUMED),
            Map.entry("completed", MigrationPhase.COMPLETED),
            Map.entry("failed", MigrationPhase.FAILED),
            Map.entry("aborted", MigrationPhase.ABORTED),
            Map.entry("cancelled", MigrationPhase.CANCELLED),
            Map.entry("succeeded", MigrationPhase.COMPLETED),
            Map.entry("success", MigrationPhase.COMPLETED),
            Map.entry("done", MigrationPhase.COMPLETED),
            Map.entry("canceled", MigrationPhase.CANCELLED),
            Map.entry("pending", MigrationPhase.QUEUED));

    private GenericSignals() {
    }

    /** A status spelled like a phase name or a synonym marks that phase, read from the status. */
    static void status(MigrationEvent e, Marks out) {
        MigrationPhase phase = NAMES.get(Marks.lower(e.getStatus()));
        if (phase != null) {
            out.phase(phase, e.getEventTimeUs(), true);
        }
    }

    /** Phases the parser's choice of kind implies, after the platform's own. */
    static void kindPhases(MigrationEvent e, Marks out) {
        switch (e.getKind()) {
            case REQUESTED -> out.phase(MigrationPhase.REQUESTED, e.getEventTimeUs(), false);
            case POSTCOPY_SWITCH -> out.phase(MigrationPhase.POSTCOPY, e.getEventTimeUs(), false);
            default -> {
            }
        }
    }

    /** Reactions the parser's choice of kind implies, before any other reaction. */
    static void kindReactions(MigrationEvent e, Marks out) {
        long t = e.getEventTimeUs();
        switch (e.getKind()) {
            case POSTCOPY_SWITCH -> out.reaction(PlatformReaction.POSTCOPY_SWITCH, t, null);
            case DOWNTIME_STEP -> out.reaction(PlatformReaction.DOWNTIME_STEP, t, e.getDetail());
            case TIMEOUT -> out.reaction(PlatformReaction.TIMEOUT, t, null);
            default -> {
            }
        }
    }

    static boolean abortRequested(MigrationEvent e) {
        return Boolean.TRUE.equals(e.getAbortRequested());
    }

    /**
     * Whether a stop was the platform's abort: requested, or KubeVirt's abortStatus Succeeded. QEMU says
     * "cancelled" and KubeVirt "Failed" whoever stopped the migration; only these fields tell an abort apart.
     */
    static boolean aborted(MigrationEvent e) {
        return abortRequested(e) || "succeeded".equals(Marks.lower(e.getAbortStatus()));
    }
}
