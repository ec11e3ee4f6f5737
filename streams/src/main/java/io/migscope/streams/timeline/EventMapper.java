package io.migscope.streams.timeline;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps one event of any platform to the phase boundaries and reactions it implies.
 *
 * <ul>
 *   <li>QEMU and SIMULATOR: MIGRATION status setup/active = precopy, postcopy-active = postcopy, postcopy-paused =
 *       paused, pre-switchover/device = switchover, completed/failed/cancelled; cancelling = abort reaction;
 *       STOP (not on the destination) = switchover; RESUME (not on the source) = resumed; PASS = precopy.</li>
 *   <li>libvirt lifecycle: Suspended Migrated = switchover, Suspended Post-copy = switchover + postcopy,
 *       Resumed Migrated = resumed, Resumed Post-copy = resumed + postcopy, Stopped Migrated = completed,
 *       Post-copy Error = failed; migration-iteration = precopy.</li>
 *   <li>KubeVirt VMIM phases: Pending = requested + queued; Scheduling, Scheduled, PreparingTarget, TargetReady,
 *       WaitingForSync, Synchronizing = scheduling; Running = precopy; Succeeded = completed; Failed = failed, or
 *       aborted when an abort was requested. migrationState: startTimestamp = precopy, targetNodeDomainReady =
 *       resumed, endTimestamp with completed/failed = outcome; mode PostCopy/Paused = postcopy/paused.</li>
 *   <li>Nova: live_migration_pre.start = scheduling, progress line = precopy started "running for N secs" ago,
 *       "has completed/aborted/was cancelled" and live_migration_post.end/rollback.end/abort.end = outcome.</li>
 *   <li>Any platform: REQUESTED = requested, POSTCOPY_SWITCH = postcopy + reaction, DOWNTIME_STEP and TIMEOUT =
 *       reactions, a status spelled like a phase name maps to it.</li>
 * </ul>
 */
final class EventMapper {
    static final String POSTCOPY_SWITCH = "post-copy switch";
    static final String PAUSE = "pause";
    static final String ABORT = "abort";
    static final String DOWNTIME_STEP = "downtime step";
    static final String TIMEOUT = "timeout";
    static final String FORCE_COMPLETE = "force complete";

    private EventMapper() {
    }

    static List<Signal> phases(MigrationEvent e) {
        List<Signal> out = new ArrayList<>();
        switch (e.getPlatform()) {
            case QEMU, SIMULATOR -> qemu(e, out);
            case LIBVIRT -> libvirt(e, out);
            case KUBEVIRT -> kubevirt(e, out);
            case NOVA -> nova(e, out);
            default -> generic(e, out);
        }
        if (e.getKind() == EventKind.REQUESTED) {
            add(out, Phases.REQUESTED, e.getEventTimeUs(), e, false);
        }
        if (e.getKind() == EventKind.POSTCOPY_SWITCH) {
            add(out, Phases.POSTCOPY, e.getEventTimeUs(), e, false);
        }
        return out;
    }

    static List<Signal> reactions(MigrationEvent e) {
        List<Signal> out = new ArrayList<>();
        long t = e.getEventTimeUs();
        switch (e.getKind()) {
            case POSTCOPY_SWITCH -> out.add(new Signal(POSTCOPY_SWITCH, t, e, false));
            case DOWNTIME_STEP -> out.add(new Signal(withDetail(DOWNTIME_STEP, e), t, e, false));
            case TIMEOUT -> out.add(new Signal(TIMEOUT, t, e, false));
            default -> {
            }
        }
        String text = text(e);
        if (Boolean.TRUE.equals(e.getAbortRequested()) || text.contains("live_migration_abort.start")
                || "cancelling".equals(lower(e.getStatus()))) {
            out.add(new Signal(ABORT, t, e, false));
        }
        if (text.contains("force_complete.start")) {
            out.add(new Signal(FORCE_COMPLETE, t, e, false));
        }
        if (e.getPlatform() == io.migscope.avro.Platform.KUBEVIRT && e.getMode() != null) {
            String mode = lower(e.getMode());
            if (mode.equals("postcopy")) {
                out.add(new Signal(POSTCOPY_SWITCH, t, e, false));
            } else if (mode.equals("paused")) {
                out.add(new Signal(PAUSE, t, e, false));
            }
        }
        return out;
    }

    private static void qemu(MigrationEvent e, List<Signal> out) {
        long t = e.getEventTimeUs();
        String role = lower(e.getRole());
        switch (e.getKind()) {
            case STOP -> {
                if (!role.startsWith("dest")) {
                    add(out, Phases.SWITCHOVER, t, e, false);
                }
            }
            case RESUME -> {
                if (!role.equals("source")) {
                    add(out, Phases.RESUMED, t, e, false);
                }
            }
            case PASS -> add(out, Phases.PRECOPY, t, e, false);
            default -> qemuStatus(e, out);
        }
    }

    private static void qemuStatus(MigrationEvent e, List<Signal> out) {
        String status = lower(e.getStatus());
        String phase = switch (status) {
            case "setup", "active" -> Phases.PRECOPY;
            case "postcopy-active", "postcopy-recover", "postcopy-recover-setup" -> Phases.POSTCOPY;
            case "postcopy-paused" -> Phases.PAUSED;
            case "pre-switchover", "device" -> Phases.SWITCHOVER;
            case "completed" -> Phases.COMPLETED;
            case "failed" -> Phases.FAILED;
            // QEMU says cancelled whoever cancelled; when the platform asked for it, it was an abort.
            case "cancelled" -> aborted(e) ? Phases.ABORTED : Phases.CANCELLED;
            default -> null;
        };
        if (phase != null) {
            add(out, phase, e.getEventTimeUs(), e, true);
        } else {
            generic(e, out);
        }
    }

    private static void libvirt(MigrationEvent e, List<Signal> out) {
        long t = e.getEventTimeUs();
        String text = text(e);
        if (e.getKind() == EventKind.PASS) {
            add(out, Phases.PRECOPY, t, e, false);
        } else if (text.contains("post-copy error")) {
            add(out, Phases.FAILED, t, e, true);
        } else if (text.contains("suspended post-copy")) {
            add(out, Phases.SWITCHOVER, t, e, false);
            add(out, Phases.POSTCOPY, t, e, true);
        } else if (text.contains("suspended migrated")) {
            add(out, Phases.SWITCHOVER, t, e, false);
        } else if (text.contains("resumed post-copy")) {
            add(out, Phases.RESUMED, t, e, false);
            add(out, Phases.POSTCOPY, t, e, true);
        } else if (text.contains("resumed migrated")) {
            add(out, Phases.RESUMED, t, e, false);
        } else if (text.contains("stopped migrated")) {
            add(out, Phases.COMPLETED, t, e, true);
        } else {
            generic(e, out);
        }
    }

    private static void kubevirt(MigrationEvent e, List<Signal> out) {
        long t = e.getEventTimeUs();
        String phase = switch (lower(e.getStatus())) {
            case "pending" -> Phases.QUEUED;
            case "scheduling", "scheduled", "preparingtarget", "targetready", "waitingforsync", "synchronizing" ->
                    Phases.SCHEDULING;
            case "running" -> Phases.PRECOPY;
            case "succeeded" -> Phases.COMPLETED;
            case "failed" -> aborted(e) ? Phases.ABORTED : Phases.FAILED;
            default -> null;
        };
        if (phase != null) {
            if (phase.equals(Phases.QUEUED)) {
                add(out, Phases.REQUESTED, t, e, true);
            }
            add(out, phase, t, e, true);
        }
        if (e.getStartedAtUs() != null) {
            add(out, Phases.PRECOPY, e.getStartedAtUs(), e, false);
        }
        if (e.getTargetReadyAtUs() != null) {
            add(out, Phases.RESUMED, e.getTargetReadyAtUs(), e, false);
        }
        long end = e.getEndedAtUs() != null ? e.getEndedAtUs() : t;
        if (Boolean.TRUE.equals(e.getCompleted())) {
            add(out, Phases.COMPLETED, end, e, true);
        } else if (Boolean.TRUE.equals(e.getFailed())) {
            add(out, aborted(e) ? Phases.ABORTED : Phases.FAILED, end, e, true);
        }
        String mode = lower(e.getMode());
        if (mode.equals("postcopy")) {
            add(out, Phases.POSTCOPY, t, e, false);
        } else if (mode.equals("paused")) {
            add(out, Phases.PAUSED, t, e, false);
        }
    }

    private static boolean aborted(MigrationEvent e) {
        return Boolean.TRUE.equals(e.getAbortRequested()) || "succeeded".equals(lower(e.getAbortStatus()));
    }

    private static void nova(MigrationEvent e, List<Signal> out) {
        long t = e.getEventTimeUs();
        String text = text(e);
        if (e.getKind() == EventKind.PROGRESS) {
            Long elapsed = e.getStats() == null ? null : e.getStats().getTimeElapsedMs();
            // "Migration running for N secs": the transfer began N seconds before the line was written.
            add(out, Phases.PRECOPY, elapsed == null ? t : t - elapsed * 1000L, e, false);
        } else if (text.contains("live_migration_pre.start")) {
            add(out, Phases.SCHEDULING, t, e, false);
        } else if (text.contains("has completed") || text.contains("live_migration_post.end")) {
            add(out, Phases.COMPLETED, t, e, true);
        } else if (text.contains("has aborted") || text.contains("live_migration_abort.end")) {
            add(out, Phases.ABORTED, t, e, true);
        } else if (text.contains("was cancelled")) {
            add(out, Phases.CANCELLED, t, e, true);
        } else if (text.contains("rollback.end")) {
            add(out, Phases.FAILED, t, e, true);
        } else {
            generic(e, out);
        }
    }

    /** A status spelled like one of our phase names (or a common synonym) maps to it. */
    private static void generic(MigrationEvent e, List<Signal> out) {
        String status = lower(e.getStatus());
        String phase = switch (status) {
            case "succeeded", "success", "done" -> Phases.COMPLETED;
            case "canceled" -> Phases.CANCELLED;
            case "pending" -> Phases.QUEUED;
            default -> Phases.ORDER.contains(status) || Phases.isTerminal(status) ? status : null;
        };
        if (phase != null) {
            add(out, phase, e.getEventTimeUs(), e, true);
        }
    }

    private static void add(List<Signal> out, String phase, long timeUs, MigrationEvent e, boolean fromStatus) {
        out.add(new Signal(phase, timeUs, e, fromStatus));
    }

    private static String withDetail(String action, MigrationEvent e) {
        return e.getDetail() == null ? action : action + ": " + e.getDetail();
    }

    static String text(MigrationEvent e) {
        return (lower(e.getStatus()) + " " + lower(e.getDetail())).trim();
    }

    static String lower(CharSequence s) {
        return s == null ? "" : s.toString().trim().toLowerCase(Locale.ROOT);
    }
}
