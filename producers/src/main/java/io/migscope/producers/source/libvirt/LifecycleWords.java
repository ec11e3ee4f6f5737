package io.migscope.producers.source.libvirt;

import io.migscope.avro.JobOperation;
import java.util.List;
import java.util.Map;

/**
 * The words virsh prints for a lifecycle event: the virshDomainEvent enum and, per event, its detail enum
 * (virshDomainEventDefined ... virshDomainEventCrashed in libvirt/libvirt tools/virsh-domain-event.c).
 * virshDomainEventToString and virshDomainEventDetailToString print "unknown" for values newer than virsh.
 */
final class LifecycleWords {

    private static final String UNKNOWN = "unknown";
    private static final Map<String, List<String>> DETAILS = Map.of(
            "Defined", List.of("Added", "Updated", "Renamed", "Snapshot"),
            "Undefined", List.of("Removed", "Renamed"),
            "Started", List.of("Booted", "Migrated", "Restored", "Snapshot", "Event wakeup"),
            "Suspended", List.of("Paused", "Migrated", "I/O Error", "Watchdog", "Restored", "Snapshot", "API error",
                    "Post-copy", "Post-copy Error"),
            "Resumed", List.of("Unpaused", "Migrated", "Snapshot", "Post-copy", "Post-copy Error"),
            "Stopped", List.of("Shutdown", "Destroyed", "Crashed", "Migrated", "Saved", "Failed", "Snapshot"),
            "Shutdown", List.of("Finished", "Finished after guest request", "Finished after host request"),
            "PMSuspended", List.of("Memory", "Disk"),
            "Crashed", List.of("Panicked", "Crashloaded"));

    private LifecycleWords() {
    }

    /**
     * Details that tell of a job: a migration (Migrated, Post-copy, Post-copy Error; Failed is what the destination
     * reports when an incoming migration dies), a save or restore, a snapshot. Booted, Paused, Destroyed and the
     * like say nothing about jobs.
     */
    static boolean aboutJobs(String detail) {
        return switch (detail) {
            case "Migrated", "Post-copy", "Post-copy Error", "Failed", "Saved", "Restored", "Snapshot" -> true;
            default -> false;
        };
    }

    /**
     * The job a lifecycle event names, or null when the detail alone does not say. The source of a migration is
     * suspended and stopped, the destination started and resumed. Post-copy is named from either side and Failed
     * ends any job; Snapshot is ambiguous in real output (libvirt 9.0 prints "Resumed Snapshot" after a restore,
     * and creating a snapshot prints only Paused and Unpaused): the domain's state tells those
     * ({@link DomainStates}).
     */
    static JobOperation job(String event, String detail) {
        return switch (detail) {
            case "Migrated" -> event.equals("Started") || event.equals("Resumed") ? JobOperation.MIGRATION_IN
                    : JobOperation.MIGRATION_OUT;
            case "Saved" -> JobOperation.SAVE;
            case "Restored" -> JobOperation.RESTORE;
            default -> null;
        };
    }

    static boolean known(String event, String detail) {
        if (event.equals(UNKNOWN)) {
            return detail.equals(UNKNOWN);
        }
        List<String> details = DETAILS.get(event);
        return details != null && (details.contains(detail) || detail.equals(UNKNOWN));
    }
}
