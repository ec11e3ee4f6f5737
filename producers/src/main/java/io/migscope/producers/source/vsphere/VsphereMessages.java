package io.migscope.producers.source.vsphere;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What govc's JSON leaves of a vCenter event is its FullFormattedMessage: the hosts and the VM are only in that
 * text. These are vCenter's English templates, only those seen in real output: VmMigratedEvent in a govc user's
 * report (vmware/govmomi issue 2420), and VmMigratedEvent, VmBeingMigratedEvent and DrsVmMigratedEvent in the
 * event descriptions govmomi captured from a vCenter (simulator/esx/event_manager.go). Host names are DNS names
 * or addresses and hold no blank; VM and datastore names may.
 */
final class VsphereMessages {

    /** What a message says: the VM, where it was and where it went; null parts are not in that template. */
    record Parts(String type, String vm, String sourceHost, String targetHost) {
    }

    private static final Map<String, Pattern> TEMPLATES = Map.of(
            // Migration of virtual machine {vm} from {sourceHost}, {sourceDatastore} to {host}, {ds} completed
            "VmMigratedEvent", Pattern.compile("^Migration of virtual machine (.+?) from (\\S+), .+ to (\\S+), .+ completed$"),
            // DRS migrated {vm} from {sourceHost} to {host} in cluster {computeResource} in {datacenter}
            "DrsVmMigratedEvent", Pattern.compile("^DRS migrated (.+?) from (\\S+) to (\\S+) in cluster .+ in .+$"),
            // Relocating {vm} from {host}, {ds} in {datacenter} to {destHost}, {destDatastore} in {destDatacenter}
            "VmBeingMigratedEvent", Pattern.compile("^Relocating (.+?) from (\\S+), .+ in .+ to (\\S+), .+ in .+$"));

    private VsphereMessages() {
    }

    /** The parts of a message of this event type; null when the type has no known template or it does not match. */
    static Parts read(String type, String message) {
        Pattern template = TEMPLATES.get(type);
        if (template == null) {
            return null;
        }
        Matcher m = template.matcher(message);
        return m.matches() ? new Parts(type, m.group(1), m.group(2), m.group(3)) : null;
    }

    /** For a record printed without -l (no type): the event type whose template the message matches, or null. */
    static Parts guess(String message) {
        for (String type : TEMPLATES.keySet()) {
            Parts parts = read(type, message);
            if (parts != null) {
                return parts;
            }
        }
        return null;
    }
}
