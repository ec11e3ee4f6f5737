package io.migscope.producers.source.libvirt;

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

    static boolean known(String event, String detail) {
        if (event.equals(UNKNOWN)) {
            return detail.equals(UNKNOWN);
        }
        List<String> details = DETAILS.get(event);
        return details != null && (details.contains(detail) || detail.equals(UNKNOWN));
    }
}
