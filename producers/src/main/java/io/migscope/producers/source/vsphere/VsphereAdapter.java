package io.migscope.producers.source.vsphere;

import io.migscope.avro.MigrationPhase;
import java.util.Map;
import java.util.Set;

/**
 * vCenter's words for a migration, mapped to migscope's canonical phases. Nothing downstream reads the event type
 * or the task state; it reads the phases set here.
 */
final class VsphereAdapter {

    /**
     * The migration events of the vSphere API (vim.event). A hot migration starts with VmBeingHotMigratedEvent (and
     * VmEmigratingEvent on the source host): vMotion copies memory while the VM runs, so that is pre-copy. A
     * VmBeingMigratedEvent is a migration of a VM that is not running: nothing is pre-copied, so it only marks the
     * request. VmMigratedEvent and its DRS subtype end a migration well, VmFailedMigrateEvent ends it badly.
     */
    private static final Map<String, MigrationPhase> EVENTS = Map.of(
            "VmBeingHotMigratedEvent", MigrationPhase.PRECOPY,
            "VmEmigratingEvent", MigrationPhase.PRECOPY,
            "VmBeingMigratedEvent", MigrationPhase.REQUESTED,
            "VmMigratedEvent", MigrationPhase.COMPLETED,
            "DrsVmMigratedEvent", MigrationPhase.COMPLETED,
            "VmFailedMigrateEvent", MigrationPhase.FAILED);

    /** TaskInfo.name of the two methods that move a VM to another host (vim.VirtualMachine). */
    private static final Set<String> TASKS = Set.of("MigrateVM_Task", "RelocateVM_Task");
    /** TaskInfo.descriptionId of the same methods, for tasks that carry no name. */
    private static final Set<String> TASK_DESCRIPTIONS = Set.of("VirtualMachine.migrate", "VirtualMachine.relocate");

    private VsphereAdapter() {
    }

    static boolean isMigrationEvent(String type) {
        return EVENTS.containsKey(type);
    }

    /** The phase an event of this type marks; null for types that are not about migrations. */
    static MigrationPhase eventPhase(String type) {
        return EVENTS.get(type);
    }

    static boolean isMigrationTask(String name, String descriptionId) {
        return TASKS.contains(name) || TASK_DESCRIPTIONS.contains(descriptionId);
    }

    /**
     * The phase a task's end state marks (TaskInfo.State: queued, running, success, error). A task in error that
     * was cancelled ended by a user's or a system's cancel, not by a failure.
     */
    static MigrationPhase endPhase(String state, boolean cancelled) {
        return switch (state) {
            case "success" -> MigrationPhase.COMPLETED;
            case "error" -> cancelled ? MigrationPhase.CANCELLED : MigrationPhase.FAILED;
            default -> null;
        };
    }
}
